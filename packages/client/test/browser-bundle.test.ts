/** DESIGN section 2: `@paige/client` runs in a browser / Electron renderer: no Node builtin in its bundle. */
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Bundles `entry` (with @paige/protocol and zod) for the browser; returns the Node builtins it tried to import. */
async function nodeImportsOf(entry: {
  path?: string;
  contents?: string;
}): Promise<{ found: string[]; bytes: number }> {
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
  const out = await build({
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
    minify: true,
    logLevel: 'silent',
    plugins: [detector],
  });
  return { found, bytes: out.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0) };
}

describe('browser safety (DESIGN section 2: the client runs in an Electron renderer)', () => {
  it('the built package (dist) bundles for the browser platform with no Node builtin', async () => {
    const { found, bytes } = await nodeImportsOf({
      path: new URL('../dist/index.js', import.meta.url).pathname,
    });
    expect(found, `Node imports in @paige/client: ${found.join(', ')}`).toEqual([]);
    expect(bytes).toBeGreaterThan(1000);
  });

  it('the /pty subpath (built and source) bundles for the browser platform with no Node builtin (issue 25 item 2)', async () => {
    for (const path of ['../dist/pty/index.js', '../src/pty/index.ts']) {
      const { found, bytes } = await nodeImportsOf({ path: new URL(path, import.meta.url).pathname });
      expect(found, `Node imports in @paige/client/pty (${path}): ${found.join(', ')}`).toEqual([]);
      expect(bytes).toBeGreaterThan(1000);
    }
  });

  it('the sources bundle with no Node builtin either', async () => {
    const { found } = await nodeImportsOf({ path: new URL('../src/index.ts', import.meta.url).pathname });
    expect(found).toEqual([]);
  });

  it('the detector catches a Node import (so the checks above can fail)', async () => {
    const { found } = await nodeImportsOf({
      contents:
        "import { readFileSync } from 'node:fs'; import path from 'path'; export const x = [readFileSync, path];",
    });
    expect(found.sort()).toEqual(['node:fs', 'path']);
  });
});
