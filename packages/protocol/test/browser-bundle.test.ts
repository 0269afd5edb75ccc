import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { build, type Plugin } from 'esbuild';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Bundles `entry` for the browser and returns every Node builtin it tried to import. */
async function nodeImportsOf(entry: { path?: string; contents?: string }): Promise<string[]> {
  const found: string[] = [];
  const detector: Plugin = {
    name: 'detect-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, '').split('/')[0] ?? '';
        if (args.path.startsWith('node:') || builtins.has(args.path) || builtins.has(bare)) {
          found.push(args.path);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  await build({
    ...(entry.path
      ? { entryPoints: [entry.path] }
      : {
          stdin: {
            contents: entry.contents ?? '',
            resolveDir: new URL('.', import.meta.url).pathname,
            loader: 'ts',
          },
        }),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    plugins: [detector],
  });
  return found;
}

describe('browser safety (DESIGN section 2: protocol runs in an Electron renderer)', () => {
  it('the package bundles for the browser platform with no Node builtin', async () => {
    const found = await nodeImportsOf({ path: new URL('../src/index.ts', import.meta.url).pathname });
    expect(found, `Node imports in @paige/protocol: ${found.join(', ')}`).toEqual([]);
  });

  it('the detector catches a Node import (so the check above can fail)', async () => {
    const found = await nodeImportsOf({
      contents:
        "import { readFileSync } from 'node:fs'; import path from 'path'; export const x = [readFileSync, path];",
    });
    expect(found.sort()).toEqual(['node:fs', 'path']);
  });
});
