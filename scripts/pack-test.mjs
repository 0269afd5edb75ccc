#!/usr/bin/env node
// `pnpm test:pack` (and the last step of `pnpm test`): Paige as a consumer gets it from the registry (issue 19 item 3).
//
//  1. `pnpm pack` every publishable workspace package (every package.json without "private": true) and check each
//     tarball: MIT license with the LICENSE file, repository, engines, README, no `workspace:` version left.
//  2. `npm install` the tarballs into an empty temp directory (the npm registry is the only network used).
//  3. `paige --help` and `paige --version` from node_modules/.bin.
//  4. `paige` on a copy of a real project (npm's own lib/, or this repository's packages/protocol) with a local
//     ChromaDB it starts itself and the Messages-API stand-in from the installed @paige/llm/testing:
//     /health shows every component up, and memory stores a memory (a session's wrap-up) and finds it again (the
//     next coaching pipeline retrieves it). When @paige/web is among the packages, / must serve its page.
//  5. SIGTERM: a clean shutdown (exit 0) that takes the local Chroma down with it.
//
// better-sqlite3 has no prebuilt binary reachable here and compiles for about 90 s. Unless PAIGE_PACK_COMPILE=1, the
// binary this workspace already compiled for the same better-sqlite3 version and Node ABI is offered through
// prebuild-install's documented mirror setting (npm_config_better_sqlite3_binary_host, a server on 127.0.0.1); any
// other version falls back to compiling, as on a fresh machine. prebuild-install keeps what it fetched in its cache
// (~/.npm/_prebuilds), as it does for a download from GitHub. The first run also downloads the Chroma bindings
// (about 130 MB; npm's cache keeps them). PAIGE_PACK_KEEP=1 keeps the temp directory.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.env.PAIGE_PACK_KEEP === '1';
const work = realpathSync(mkdtempSync(join(tmpdir(), 'paige-pack-')));
const started = performance.now();
const cleanups = [];

function log(line) {
  console.log(`[pack ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
}

class PackTestFailure extends Error {}

function fail(message) {
  console.error(`PACK TEST FAILED: ${message}`);
  throw new PackTestFailure(message);
}

function check(cond, message) {
  if (!cond) fail(message);
}

/** Runs a command to completion; output is captured and shown on failure. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.status !== 0 && !opts.allowFail) {
    fail(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}\n${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  }
  return r;
}

let pnpmCommand;
/** Like {@link run}, without blocking the event loop (the prebuild mirror of this process must answer meanwhile). */
function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c.toString()));
    child.stderr.on('data', (c) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new PackTestFailure(`${cmd} ${args.join(' ')} exited ${code ?? signal}\n${output}`));
    });
  }).catch((err) => fail(err.message));
}

/** pnpm: the one running this script, else one on PATH, else the pinned version through npx. */
function pnpm(args, opts) {
  if (!pnpmCommand) {
    const execPath = process.env.npm_execpath;
    if (execPath && /pnpm/.test(execPath)) pnpmCommand = [process.execPath, [execPath]];
    else if (spawnSync('pnpm', ['--version'], { encoding: 'utf8' }).status === 0) pnpmCommand = ['pnpm', []];
    else pnpmCommand = ['npx', ['-y', 'pnpm@10.34.8']];
  }
  return run(pnpmCommand[0], [...pnpmCommand[1], ...args], opts);
}

function workspacePackages() {
  const out = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) {
      const file = join(root, group, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.private !== true) out.push({ dir: join(root, group, name), rel: `${group}/${name}`, pkg });
    }
  }
  return out;
}

function tarballJson(file) {
  return JSON.parse(run('tar', ['-xzOf', file, 'package/package.json']).stdout);
}

/** Serves the workspace's compiled better-sqlite3 as a prebuild-install mirror; resolves to the env to set, or {}. */
async function betterSqliteMirror() {
  if (process.env.PAIGE_PACK_COMPILE === '1') return {};
  const require = createRequire(join(root, 'packages/store/package.json'));
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  } catch {
    return {};
  }
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const binary = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return {};
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const archive = join(work, name);
  run('tar', ['-czf', archive, '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  const body = readFileSync(archive);
  const server = createServer((req, res) => {
    if (req.url === `/v${version}/${name}`) {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  log(
    `better-sqlite3 ${version}: this workspace's build offered on a local prebuild mirror (PAIGE_PACK_COMPILE=1 compiles instead)`,
  );
  return { npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${server.address().port}` };
}

/** Copies a real codebase to `dest`: npm's own lib/ when npm is installed globally, else this repository's protocol package. */
function copyRealProject(dest) {
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout?.trim();
  const npmLib = npmRoot ? join(npmRoot, 'npm', 'lib') : '';
  if (npmLib && existsSync(npmLib)) {
    cpSync(npmLib, join(dest, 'lib'), { recursive: true });
    cpSync(join(npmLib, '..', 'package.json'), join(dest, 'package.json'));
    return `npm's lib/ (${npmLib})`;
  }
  cpSync(join(root, 'packages/protocol/src'), join(dest, 'src'), { recursive: true });
  cpSync(join(root, 'packages/protocol/package.json'), join(dest, 'package.json'));
  return "this repository's packages/protocol";
}

/** One MCP tool call in one request (the server answers a session-less tools/call statelessly). */
async function callTool(url, name, args) {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = await res.json();
  const result = body.result;
  const text = result?.content?.find((c) => c.type === 'text')?.text ?? '';
  check(res.ok && result && !result.isError, `${name} failed: ${JSON.stringify(body).slice(0, 500)}`);
  return { structured: result.structuredContent, text };
}

async function main() {
  // 1. pack
  const packages = workspacePackages();
  check(
    packages.some((p) => p.pkg.name === '@paige/server'),
    '@paige/server is not publishable (private?)',
  );
  const tgzDir = join(work, 'tgz');
  mkdirSync(tgzDir);
  for (const p of packages) pnpm(['pack', '--pack-destination', tgzDir], { cwd: p.dir });
  const tarballs = readdirSync(tgzDir).filter((f) => f.endsWith('.tgz'));
  check(
    tarballs.length === packages.length,
    `expected ${packages.length} tarballs, got ${tarballs.join(', ')}`,
  );
  const deps = {};
  for (const file of tarballs) {
    const path = join(tgzDir, file);
    const pkg = tarballJson(path);
    const entries = run('tar', ['-tzf', path]).stdout.split('\n');
    const ws = packages.find((p) => p.pkg.name === pkg.name);
    check(ws, `unexpected tarball ${file}`);
    check(
      pkg.license === 'MIT' && entries.includes('package/LICENSE'),
      `${pkg.name}: MIT license and its LICENSE file`,
    );
    check(entries.includes('package/README.md'), `${pkg.name}: README.md`);
    check(
      pkg.repository?.url && pkg.repository?.directory === ws.rel,
      `${pkg.name}: repository { url, directory: ${ws.rel} }`,
    );
    check(pkg.engines?.node, `${pkg.name}: engines.node`);
    check(pkg.type === 'module', `${pkg.name}: "type": "module" (ESM only)`);
    const specs = Object.values({
      ...pkg.dependencies,
      ...pkg.optionalDependencies,
      ...pkg.peerDependencies,
    });
    check(
      !specs.some((s) => String(s).startsWith('workspace:')),
      `${pkg.name}: a workspace: version left in the tarball`,
    );
    deps[pkg.name] = `file:${path}`;
  }
  log(`packed ${tarballs.length} packages: ${Object.keys(deps).join(', ')}`);

  // 2. npm install into an empty directory
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'paige-pack-consumer', private: true, type: 'module', dependencies: deps }, null, 2)}\n`,
  );
  const mirror = await betterSqliteMirror();
  const t0 = performance.now();
  await runAsync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    env: { ...process.env, ...mirror },
  });
  const compiled = existsSync(join(app, 'node_modules/better-sqlite3/build/Release/obj.target'));
  log(
    `better-sqlite3: ${compiled ? 'compiled from source' : 'prebuilt binary installed by prebuild-install'}`,
  );
  log(`npm install: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const bin = join(app, 'node_modules', '.bin', 'paige');
  check(existsSync(bin), 'node_modules/.bin/paige is missing');

  // the Chroma binding a consumer gets
  const launcher = run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const m = await import('@paige/memory'); console.log(JSON.stringify(m.resolveChromaLauncher()))",
    ],
    { cwd: app },
  ).stdout;
  const binding = JSON.parse(launcher).binding;
  if (process.platform === 'linux' && process.arch === 'x64') {
    check(
      binding?.version === '1.0.5',
      `@paige/memory resolves ${JSON.stringify(binding)}, not the pinned 1.0.5 binding`,
    );
  }
  log(
    `Chroma binding for this consumer: ${binding ? `${binding.name}@${binding.version}` : "chromadb's own"}`,
  );

  // 3. --help, --version
  const help = run(bin, ['--help']);
  check(
    help.stdout.includes('Usage: paige') && help.stdout.includes('ANTHROPIC_API_KEY'),
    'paige --help prints the usage',
  );
  const serverVersion = JSON.parse(readFileSync(join(root, 'apps/server/package.json'), 'utf8')).version;
  const version = run(bin, ['--version']).stdout.trim();
  check(version === serverVersion, `paige --version printed ${version}, package.json says ${serverVersion}`);
  log(`paige --help and --version (${version}) work`);

  // 4. paige on a real project
  const project = join(work, 'project');
  mkdirSync(project);
  const what = copyRealProject(project);
  const { startMessagesApiStub } = await import(
    pathToFileURL(join(app, 'node_modules/@paige/llm/dist/testing.js')).href
  );
  const stub = await startMessagesApiStub();
  cleanups.push(() => stub.stop());
  const dataDir = join(work, 'data');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: join(work, 'home'),
    ANTHROPIC_API_KEY: 'sk-ant-pack-test',
    ANTHROPIC_BASE_URL: stub.url,
    LOG_FORMAT: 'json',
  };
  const child = spawn(bin, ['--project', project, '--port', '0', '--data-dir', dataDir], {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c.toString()));
  child.stderr.on('data', (c) => (out += c.toString()));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const logLines = () =>
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return { msg: l };
        }
      });
  let url;
  for (let i = 0; i < 300 && !url; i += 1) {
    const ready = logLines().find((l) => String(l.msg).startsWith('ready on'));
    if (ready) url = `http://127.0.0.1:${ready.port}`;
    else if (child.exitCode !== null) fail(`paige exited before it was ready:\n${out}`);
    else await new Promise((r) => setTimeout(r, 100));
  }
  check(url, `paige was not ready within 30 s:\n${out}`);
  log(`paige ready on ${url}, serving a copy of ${what}`);

  let health;
  for (let i = 0; i < 600; i += 1) {
    health = await (await fetch(`${url}/health`)).json();
    const c = health.components;
    if (c.memory.status !== 'starting' && c.watcher.status !== 'starting') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const c = health.components;
  const memoryLog = logLines()
    .filter((l) => l.component === 'memory' && l.level >= 40)
    .map((l) => `${l.msg}${l.err ? `: ${l.err}` : ''}`);
  check(c.database.status === 'up', `database ${JSON.stringify(c.database)}`);
  check(
    c.memory.status === 'up' && c.memory.mode === 'local',
    `memory ${JSON.stringify(c.memory)} ${memoryLog.join(' | ')}`,
  );
  check(c.watcher.status === 'up', `watcher ${JSON.stringify(c.watcher)}`);
  check(c.model.status === 'up' && c.model.configured === true, `model ${JSON.stringify(c.model)}`);
  check(health.version === serverVersion, `/health version ${health.version}`);
  if (deps['@paige/web']) {
    check(c.web.status === 'up', `web ${JSON.stringify(c.web)}`);
    const page = await fetch(`${url}/`);
    check(
      page.ok && (page.headers.get('content-type') ?? '').includes('text/html'),
      `GET / answered ${page.status} ${page.headers.get('content-type')}`,
    );
    log('the web page loads');
  } else {
    check(c.web.status === 'off', `web ${JSON.stringify(c.web)} without @paige/web`);
  }
  log(`/health: ${JSON.stringify(health.components)}`);

  // memory stores a memory (wrap-up of a session) and finds it (the next session's coaching pipeline)
  await callTool(url, 'paige_start_session', { issueTitle: 'Pack test: first session' });
  const ended = await callTool(url, 'paige_end_session', {
    sessionTranscript: '[user] I fixed the cache invalidation in lib/utils by clearing it on config reload.',
    wait: true,
  });
  check(ended.structured?.memoriesStored >= 1, `the wrap-up stored no memory: ${ended.text}`);
  await callTool(url, 'paige_start_session', { issueTitle: 'Pack test: second session' });
  const plan = await callTool(url, 'paige_run_coaching_pipeline', {
    planText: '1. Read lib/utils\n2. Fix the cache',
    issueSummary: 'The cache is stale after a config reload',
  });
  const found = /Memories: (\d+) of (\d+) used/.exec(plan.text);
  check(found && Number(found[2]) >= 1, `the coaching pipeline found no memory: ${plan.text}`);
  check(
    stub.requests.some((r) => r.systemText.includes('filter memories for relevance')),
    'no memory was passed to the relevance filter',
  );
  log(
    `memory: ${ended.structured.memoriesStored} stored by the wrap-up, ${found[2]} found by the next coaching pipeline`,
  );

  // 5. clean shutdown, Chroma down with it
  const chromaUrl = logLines().find((l) => l.msg === 'local ChromaDB started')?.url;
  child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
  check(code === 0, `paige exited with ${code} after SIGTERM:\n${out.slice(-3000)}`);
  if (chromaUrl) {
    const alive = await fetch(`${chromaUrl}/api/v2/heartbeat`).then(
      () => true,
      () => false,
    );
    check(!alive, `the local Chroma at ${chromaUrl} outlived paige`);
  }
  log('SIGTERM: clean shutdown, local Chroma stopped');
}

let exitCode = 0;
try {
  await main();
  log('PACK TEST OK');
} catch (err) {
  if (!(err instanceof PackTestFailure)) console.error('PACK TEST FAILED:', err);
  exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  if (keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
