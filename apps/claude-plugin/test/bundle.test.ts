import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { describe, expect, it } from 'vitest';
import config, { HOOK_ENTRIES } from '../tsup.config.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('Committed hook bundles', () => {
  it('hooks/bin matches a fresh build of src (run `pnpm build` and commit hooks/bin when this fails)', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'paige-plugin-bundle-'));
    try {
      const options = typeof config === 'function' ? undefined : config;
      expect(options).toBeDefined();
      await build({ ...(options as object), outDir, silent: true, config: false });
      for (const name of Object.keys(HOOK_ENTRIES)) {
        const fresh = await readFile(join(outDir, `${name}.mjs`), 'utf8');
        const committed = await readFile(join(root, 'hooks', 'bin', `${name}.mjs`), 'utf8');
        expect(committed === fresh, `hooks/bin/${name}.mjs is stale`).toBe(true);
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('each bundle runs on its own, with no node_modules anywhere near it', async () => {
    const alone = await mkdtemp(join(tmpdir(), 'paige-plugin-alone-'));
    try {
      for (const name of Object.keys(HOOK_ENTRIES)) {
        await copyFile(join(root, 'hooks', 'bin', `${name}.mjs`), join(alone, `${name}.mjs`));
      }
      const guard = spawnSync(process.execPath, [join(alone, 'pre-tool-use.mjs')], {
        input: JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'rm -rf src' } }),
        encoding: 'utf8',
      });
      expect(guard.status).toBe(0);
      expect(JSON.parse(guard.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
      for (const name of ['session-start', 'user-prompt-submit', 'session-end']) {
        const run = spawnSync(process.execPath, [join(alone, `${name}.mjs`)], {
          input: JSON.stringify({ source: 'startup', reason: 'other', prompt: 'x', cwd: alone }),
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', PAIGE_URL: 'http://127.0.0.1:1' },
        });
        expect(run.status, `${name}: ${run.stderr}`).toBe(0);
        expect(run.stderr).toContain('not reachable');
        expect(run.stderr).not.toMatch(/Cannot find (module|package)/);
      }
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });
});
