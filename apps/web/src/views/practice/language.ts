/**
 * The practice editor's language: katas carry no language, so Monaco's is guessed from the scaffolding code. Pure, so
 * unit-tested.
 */

/** A Monaco language id for `code`: `python`, `go`, `rust`, `typescript`, else `javascript` (most katas). */
export function guessLanguage(code: string): string {
  if (/^\s*def \w+\(.*\):/m.test(code) || /^\s*import \w+$/m.test(code)) return 'python';
  if (/^\s*func \w+\(/m.test(code) || /^package \w+/m.test(code)) return 'go';
  if (/^\s*fn \w+\(/m.test(code)) return 'rust';
  if (/\binterface \w+\s*\{|:\s*(string|number|boolean|void)\b|<T>/.test(code)) return 'typescript';
  return 'javascript';
}
