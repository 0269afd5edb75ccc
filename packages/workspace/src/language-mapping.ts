/**
 * How a GitHub Linguist language maps to a Monaco language id (used by `test/language-table.test.ts` to generate and
 * check `language-table.ts`; nothing here runs at server run time). Each Linguist language is mapped through its
 * `aceMode` (most Ace mode names equal Monaco ids), then its `codemirrorMode`, with a small table for the names that
 * differ; anything Monaco does not know becomes `plaintext`.
 * @see Story 3 AS-1 (language detected from the file extension)
 */
/** Language ids registered by Monaco Editor (basic languages and language services) plus `plaintext`. */
export const MONACO_LANGUAGE_IDS: ReadonlySet<string> = new Set([
  'plaintext', 'abap', 'apex', 'azcli', 'bat', 'bicep', 'cameligo', 'c', 'clojure', 'coffeescript', 'cpp', 'csharp',
  'csp', 'css', 'cypher', 'dart', 'dockerfile', 'ecl', 'elixir', 'flow9', 'freemarker2', 'fsharp', 'go', 'graphql',
  'handlebars', 'hcl', 'html', 'ini', 'java', 'javascript', 'json', 'julia', 'kotlin', 'less', 'lexon', 'liquid',
  'lua', 'm3', 'markdown', 'mdx', 'mips', 'msdax', 'mysql', 'objective-c', 'pascal', 'pascaligo', 'perl', 'pgsql',
  'php', 'pla', 'postiats', 'powerquery', 'powershell', 'proto', 'pug', 'python', 'qsharp', 'r', 'razor', 'redis',
  'redshift', 'restructuredtext', 'ruby', 'rust', 'sb', 'scala', 'scheme', 'scss', 'shell', 'sol', 'aes', 'sparql',
  'sql', 'st', 'swift', 'systemverilog', 'verilog', 'tcl', 'twig', 'typescript', 'typespec', 'vb', 'wgsl', 'xml',
  'yaml',
]);

/** Ace/CodeMirror mode names whose Monaco id is spelled differently. */
const MODE_TO_MONACO: Readonly<Record<string, string>> = {
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
const NAME_TO_MONACO: Readonly<Record<string, string>> = {
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

/** The fields of a `linguist-languages` entry this mapping reads. */
export interface LinguistLanguage {
  name: string;
  type: string;
  aceMode?: string;
  codemirrorMode?: string;
  codemirrorMimeType?: string;
  extensions?: readonly string[];
  filenames?: readonly string[];
  languageId: number;
}

/** The Monaco id of one Linguist language (`plaintext` when Monaco has none). */
export function monacoIdOf(lang: LinguistLanguage): string {
  const byName = NAME_TO_MONACO[lang.name];
  if (byName) return byName;
  for (const mode of [lang.aceMode, lang.codemirrorMode]) {
    if (!mode) continue;
    const mapped = MODE_TO_MONACO[mode] ?? mode;
    if (mapped !== 'plaintext' && MONACO_LANGUAGE_IDS.has(mapped)) return mapped;
  }
  return 'plaintext';
}

interface Candidate {
  id: string;
  score: number;
  languageId: number;
}

/** Build extension and filename tables; ambiguous entries go to the best-scoring language (see `score`). */
export function buildTables(linguist: Record<string, unknown>): { byExt: Map<string, string>; byName: Map<string, string> } {
  const extBest = new Map<string, Candidate>();
  const nameBest = new Map<string, Candidate>();
  const consider = (table: Map<string, Candidate>, key: string, cand: Candidate): void => {
    const prev = table.get(key);
    if (!prev || cand.score > prev.score || (cand.score === prev.score && cand.languageId < prev.languageId)) {
      table.set(key, cand);
    }
  };
  for (const value of Object.values(linguist as unknown as Record<string, LinguistLanguage>)) {
    if (typeof value !== 'object' || value === null || typeof value.name !== 'string') continue;
    const id = monacoIdOf(value);
    // Prefer: the extension being the language's primary one, a language Monaco can highlight, then programming /
    // markup / prose over data, then the older (lower) Linguist id. `.h` therefore maps to C, `.ts` to TypeScript.
    const base = (id !== 'plaintext' ? 2 : 0) + (value.type === 'data' ? 0 : 1);
    (value.extensions ?? []).forEach((ext, i) => {
      consider(extBest, ext.toLowerCase(), { id, score: base + (i === 0 ? 4 : 0), languageId: value.languageId });
    });
    for (const name of value.filenames ?? []) {
      consider(nameBest, name, { id, score: base, languageId: value.languageId });
    }
  }
  const strip = (m: Map<string, Candidate>): Map<string, string> => new Map([...m].map(([k, c]) => [k, c.id]));
  return { byExt: strip(extBest), byName: strip(nameBest) };
}
