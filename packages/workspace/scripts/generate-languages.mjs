// Generates src/language-table.generated.ts from GitHub Linguist's language table (the `linguist-languages`
// package, a build-time dependency): file name and extension -> Monaco language id. Run by `pnpm build` before tsup,
// so the table follows the installed library and the library stays out of the runtime (6.8 MB, about 0.5 s to import).
//
//   node scripts/generate-languages.mjs           write the file (when it changed)
//   node scripts/generate-languages.mjs --check   exit 1 when the committed file is stale
//
// Mapping: each Linguist language goes to a Monaco id through its name (a few names are more specific than their
// mode), then its `aceMode`, then its `codemirrorMode` (most Ace mode names equal Monaco ids; a small table renames
// the others); anything Monaco does not know becomes `plaintext`. Where several languages claim an extension or a
// file name, the best one wins: the extension being the language's primary one, a language Monaco can highlight,
// programming/markup/prose over data, then the older (lower) Linguist id. `.h` therefore maps to C, `.ts` to
// TypeScript.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as linguist from 'linguist-languages';

/** Language ids registered by Monaco Editor (basic languages and language services) plus `plaintext`. */
export const MONACO_LANGUAGE_IDS = [
  'plaintext',
  'abap',
  'apex',
  'azcli',
  'bat',
  'bicep',
  'cameligo',
  'c',
  'clojure',
  'coffeescript',
  'cpp',
  'csharp',
  'csp',
  'css',
  'cypher',
  'dart',
  'dockerfile',
  'ecl',
  'elixir',
  'flow9',
  'freemarker2',
  'fsharp',
  'go',
  'graphql',
  'handlebars',
  'hcl',
  'html',
  'ini',
  'java',
  'javascript',
  'json',
  'julia',
  'kotlin',
  'less',
  'lexon',
  'liquid',
  'lua',
  'm3',
  'markdown',
  'mdx',
  'mips',
  'msdax',
  'mysql',
  'objective-c',
  'pascal',
  'pascaligo',
  'perl',
  'pgsql',
  'php',
  'pla',
  'postiats',
  'powerquery',
  'powershell',
  'proto',
  'pug',
  'python',
  'qsharp',
  'r',
  'razor',
  'redis',
  'redshift',
  'restructuredtext',
  'ruby',
  'rust',
  'sb',
  'scala',
  'scheme',
  'scss',
  'shell',
  'sol',
  'aes',
  'sparql',
  'sql',
  'st',
  'swift',
  'systemverilog',
  'verilog',
  'tcl',
  'twig',
  'typescript',
  'typespec',
  'vb',
  'wgsl',
  'xml',
  'yaml',
];
const MONACO = new Set(MONACO_LANGUAGE_IDS);

/** Ace/CodeMirror mode names whose Monaco id is spelled differently. */
const MODE_TO_MONACO = {
  c_cpp: 'cpp',
  sh: 'shell',
  golang: 'go',
  batchfile: 'bat',
  objectivec: 'objective-c',
  jade: 'pug',
  rst: 'restructuredtext',
  vbscript: 'vb',
  svg: 'xml',
  tsx: 'typescript',
  json5: 'json',
  html_ruby: 'html',
  html_elixir: 'html',
  php_laravel_blade: 'php',
  terraform: 'hcl',
  graphqlschema: 'graphql',
  ftl: 'freemarker2',
  properties: 'ini',
  coffee: 'coffeescript',
  protobuf: 'proto',
  gfm: 'markdown',
  htmlmixed: 'html',
  'text/x-csrc': 'c',
};

/** Linguist language names whose Monaco id is more specific than their Ace mode. */
const NAME_TO_MONACO = {
  C: 'c',
  'C++': 'cpp',
  'Objective-C': 'objective-c',
  MDX: 'mdx',
  Solidity: 'sol',
  'JSON with Comments': 'json',
  'Q#': 'qsharp',
  SystemVerilog: 'systemverilog',
  'MIPS Assembly': 'mips',
  TypeSpec: 'typespec',
  'Visual Basic .NET': 'vb',
  Bicep: 'bicep',
  Cypher: 'cypher',
  WGSL: 'wgsl',
  'Power Query': 'powerquery',
};

function monacoIdOf(lang) {
  const byName = NAME_TO_MONACO[lang.name];
  if (byName) return byName;
  for (const mode of [lang.aceMode, lang.codemirrorMode]) {
    if (!mode) continue;
    const mapped = MODE_TO_MONACO[mode] ?? mode;
    if (mapped !== 'plaintext' && MONACO.has(mapped)) return mapped;
  }
  return 'plaintext';
}

/** `{ byExtension, byFilename }`: key (extension lower-cased with its dot, or exact file name) -> Monaco id. */
export function buildLanguageTables(languages = linguist) {
  const extBest = new Map();
  const nameBest = new Map();
  const consider = (table, key, cand) => {
    const prev = table.get(key);
    if (!prev || cand.score > prev.score || (cand.score === prev.score && cand.languageId < prev.languageId))
      table.set(key, cand);
  };
  for (const lang of Object.values(languages)) {
    if (typeof lang !== 'object' || lang === null || typeof lang.name !== 'string') continue;
    const id = monacoIdOf(lang);
    const base = (id !== 'plaintext' ? 2 : 0) + (lang.type === 'data' ? 0 : 1);
    (lang.extensions ?? []).forEach((ext, i) => {
      consider(extBest, ext.toLowerCase(), {
        id,
        score: base + (i === 0 ? 4 : 0),
        languageId: lang.languageId,
      });
    });
    for (const name of lang.filenames ?? [])
      consider(nameBest, name, { id, score: base, languageId: lang.languageId });
  }
  const sorted = (m) =>
    Object.fromEntries([...m].map(([k, c]) => [k, c.id]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { byExtension: sorted(extBest), byFilename: sorted(nameBest) };
}

/** Groups `key -> id` as `id -> keys` (a smaller file; the detector rebuilds the map once). */
function grouped(table) {
  const out = {};
  for (const [key, id] of Object.entries(table)) (out[id] ??= []).push(key);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The installed `linguist-languages` version (its `exports` hide package.json: walk up from the main file). */
function linguistVersion() {
  let dir = dirname(createRequire(import.meta.url).resolve('linguist-languages'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'linguist-languages') return pkg.version;
    } catch {
      // no package.json here
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('linguist-languages/package.json not found');
    dir = parent;
  }
}

/** The text of src/language-table.generated.ts. */
export function renderLanguageTable() {
  const version = linguistVersion();
  const { byExtension, byFilename } = buildLanguageTables();
  // One line per language: `  "typescript": [".cts", ".mts", ".ts", ".tsx"],`
  const table = (groups) =>
    `{\n${Object.entries(groups)
      .map(([id, keys]) => `  ${JSON.stringify(id)}: ${JSON.stringify(keys)},`)
      .join('\n')}\n}`;
  return [
    `// Generated by scripts/generate-languages.mjs from linguist-languages ${version}: do not edit.`,
    '// Regenerated by `pnpm --filter @paige/workspace build`; a test fails while it is stale.',
    '',
    `/** Version of \`linguist-languages\` this table was generated from. */`,
    `export const LINGUIST_VERSION = '${version}';`,
    '',
    '/** Language ids registered by Monaco Editor (basic languages and language services) plus `plaintext`. */',
    `export const MONACO_LANGUAGE_ID_LIST: readonly string[] = ${JSON.stringify(MONACO_LANGUAGE_IDS)};`,
    '',
    '/** Monaco id -> extensions (lower case, with the dot) that map to it. */',
    `export const EXTENSIONS_BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = ${table(grouped(byExtension))};`,
    '',
    '/** Monaco id -> exact file names that map to it. */',
    `export const FILENAMES_BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = ${table(grouped(byFilename))};`,
    '',
  ].join('\n');
}

const target = new URL('../src/language-table.generated.ts', import.meta.url);
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const text = renderLanguageTable();
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // not generated yet
  }
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error('src/language-table.generated.ts is stale: run pnpm --filter @paige/workspace build');
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(target, text);
    console.log('wrote src/language-table.generated.ts');
  }
}
