/** A real temporary project for the tests: files, nested dirs, .gitignore files, symlinks (out, loop), binary, big. */
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Fixture {
  /** Temp base holding `project/` and `outside/`. */
  base: string;
  projectDir: string;
  outsideDir: string;
  /** Unique text stored only in files outside the project. */
  sentinel: string;
  cleanup(): Promise<void>;
}

export const SENTINEL = 'SENTINEL-OUTSIDE-7f3a9c';

export async function createFixture(options: { big?: boolean } = {}): Promise<Fixture> {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'paige-ws-')));
  const projectDir = path.join(base, 'project');
  const outsideDir = path.join(base, 'outside');
  const p = (...parts: string[]): string => path.join(projectDir, ...parts);
  await mkdir(path.join(outsideDir, 'dir'), { recursive: true });
  await writeFile(path.join(outsideDir, 'secret.txt'), `${SENTINEL}\n`);
  await writeFile(path.join(outsideDir, 'dir', 'inner.txt'), `${SENTINEL} inner\n`);

  await mkdir(p('src', 'util'), { recursive: true });
  await writeFile(p('src', 'index.ts'), 'export const answer: number = 42;\nconsole.log(answer);\n');
  await writeFile(p('src', 'util', 'helpers.py'), 'def helper():\n    return 1\n');
  await writeFile(p('README.md'), '# Demo\n\nHello.\n');
  await writeFile(p('package.json'), '{ "name": "demo" }\n');
  await writeFile(p('.gitignore'), '*.log\n!keep.log\nsecrets/\n');
  await mkdir(p('logs'));
  await writeFile(p('logs', 'app.log'), 'ignored log\n');
  await writeFile(p('keep.log'), 'kept log\n');
  await mkdir(p('secrets'));
  await writeFile(p('secrets', 'key.txt'), 'ignored secret\n');
  await mkdir(p('nested', 'deeper'), { recursive: true });
  await writeFile(p('nested', '.gitignore'), 'generated.txt\n');
  await writeFile(p('nested', 'generated.txt'), 'ignored by nested gitignore\n');
  await writeFile(p('nested', 'kept.txt'), 'kept\n');
  await writeFile(p('nested', 'deeper', 'generated.txt'), 'ignored below the nested gitignore too\n');
  for (const noise of ['node_modules/pkg', '.git', 'dist', 'build', 'coverage']) {
    await mkdir(p(noise), { recursive: true });
    await writeFile(p(noise, 'file.js'), 'noise\n');
  }
  await writeFile(
    p('image.png'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  );
  if (options.big !== false) await writeFile(p('big.txt'), Buffer.alloc(6 * 1024 * 1024, 'a'));
  await symlink(outsideDir, p('link-out'));
  await symlink(path.join(outsideDir, 'secret.txt'), p('link-secret.txt'));
  await symlink(path.join(outsideDir, 'not-yet.txt'), p('dangling-out.txt'));
  await symlink('loop-b', p('loop-a'));
  await symlink('loop-a', p('loop-b'));
  await symlink('..', p('src', 'self'));
  await symlink('src', p('link-in'));
  return {
    base,
    projectDir,
    outsideDir,
    sentinel: SENTINEL,
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

/** Names, sizes, mtimes and contents of everything under `dir`, for before/after comparison. */
export async function snapshotDir(dir: string): Promise<string> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = path.join(d, entry.name);
      const st = await stat(full);
      if (entry.isDirectory()) {
        out.push(`d ${full}`);
        await walk(full);
      } else {
        out.push(`f ${full} ${st.size} ${st.mtimeMs} ${st.mode} ${await readFile(full, 'utf8')}`);
      }
    }
  };
  await walk(dir);
  return out.join('\n');
}

/** Poll `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | undefined,
  timeoutMs = 5_000,
  what: string | (() => string) = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
