/**
 * Issue 19 item 7: the Linguist language table is generated at build time (`scripts/generate-languages.mjs`), so
 * `linguist-languages` is not a runtime dependency; the committed table matches the installed library.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLanguageDetectorSync, LINGUIST_VERSION } from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('Story 3 AS-1: the language table is generated at build time', () => {
  it('the committed table is what the generator makes from the installed linguist-languages', () => {
    const script = fileURLToPath(new URL('../scripts/generate-languages.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(r.stderr, 'run pnpm --filter @paige/workspace build').toBe('');
    expect(r.status).toBe(0);
    expect(LINGUIST_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('linguist-languages is a build-time dependency only: neither declared for the runtime nor imported by src/', () => {
    expect(pkg.dependencies['linguist-languages']).toBeUndefined();
    expect(pkg.devDependencies['linguist-languages']).toBeDefined();
    for (const file of ['language.ts', 'language-table.generated.ts', 'workspace.ts', 'index.ts']) {
      expect(readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8')).not.toMatch(
        /from ['"]linguist-languages['"]|import\(['"]linguist-languages/,
      );
    }
  });

  it('the generated table keeps the ambiguity rules: .h is C, .ts TypeScript, .d.ts too, Dockerfile by name', () => {
    const detect = createLanguageDetectorSync();
    expect(detect('include/a.h')).toBe('c');
    expect(detect('src/a.ts')).toBe('typescript');
    expect(detect('types/index.d.ts')).toBe('typescript');
    expect(detect('Dockerfile')).toBe('dockerfile');
    expect(detect('.bashrc')).toBe('shell');
    expect(detect('A.TS')).toBe('typescript');
    expect(detect('notes.unknown-ext')).toBe('plaintext');
  });
});
