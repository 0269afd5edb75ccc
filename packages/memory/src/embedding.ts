/**
 * Embedding functions. The memory store turns text into vectors on the client side and hands Chroma the vectors, so
 * the embedding function is a plain object passed to `createMemoryStore` (and, inside the store, to every
 * `getCollection`/`getOrCreateCollection` call of the chromadb client, which requires it).
 *
 * The default, {@link createHashingEmbeddingFunction}, is deterministic and needs no model weights: no embedding
 * model can be downloaded on the machines Paige is developed on. A semantic model plugs into the same
 * {@link EmbeddingFunction} slot where weights are available (see the package README for a transformers.js sketch
 * loading a model from a local path).
 *
 * @see Story 8 (semantic search over memories); DESIGN section 5 (offline embedding behind an interface)
 */
import { MemoryError } from './errors.js';

/** Distance spaces Chroma supports. Paige collections always use `cosine`. */
export type EmbeddingSpace = 'cosine' | 'l2' | 'ip';

/**
 * What the memory store needs from an embedding model. Structurally compatible with the chromadb client's own
 * `EmbeddingFunction` interface, so the same object is handed to the client.
 *
 * - `name` identifies the vectors: the collection records it (with `dimension`) when it is created, and opening the
 *   collection with another name or dimension fails with `MemoryError` `EMBEDDING_MISMATCH`. Change the name
 *   whenever the vectors change (another model, another tokenizer, another version of the hashing scheme).
 * - `generate` must return one vector of exactly `dimension` finite numbers per input text, in input order.
 *   Vectors are compared by cosine distance (`1 - cos`, 0 = same direction, 2 = opposite).
 *
 * @see Story 8
 */
export interface EmbeddingFunction {
  /** Stable identity of the vectors, recorded on the collection (e.g. `paige-hashing-v1`). */
  readonly name: string;
  /** Length of every vector this function returns. */
  readonly dimension: number;
  /** Embeds documents. One vector per text, in order. */
  generate(texts: string[]): Promise<number[][]>;
  /** Embeds query texts; when absent the client uses `generate`. */
  generateForQueries?(texts: string[]): Promise<number[][]>;
  /** The distance space the vectors are meant for (Paige uses `cosine`). */
  defaultSpace?(): EmbeddingSpace;
  /** Every distance space the vectors work in. */
  supportedSpaces?(): EmbeddingSpace[];
  /** A JSON-serialisable description of the configuration (informational). */
  getConfig?(): Record<string, unknown>;
}

/** Options of {@link createHashingEmbeddingFunction}. */
export interface HashingEmbeddingOptions {
  /** Vector length, an integer from 16 to 8192. Default 512. */
  dimension?: number;
}

/** Name recorded on collections built with {@link createHashingEmbeddingFunction}. */
export const HASHING_EMBEDDING_NAME = 'paige-hashing-v1';

/** Default vector length of {@link createHashingEmbeddingFunction}. */
export const DEFAULT_HASHING_DIMENSION = 512;

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.6;
/** Total weight of a word's character n-grams, shared among them (so long words do not dominate). */
const CHAR_NGRAM_WEIGHT = 1.2;
const CHAR_NGRAM_SIZES = [3, 4] as const;

/**
 * Common English function words, dropped from word and bigram features (their character n-grams are dropped too).
 * Kept short on purpose: words such as `not`, `before` or `after` carry meaning in coding notes and stay.
 */
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her his ' +
    'i if in into is it its itself just me my of on or our ours she so some such than that the their them then ' +
    'there these they this those to too up us very was we were what when where which while who whom why will with ' +
    'would you your yours also about again all any each how more most other own same should only over under'
  ).split(' '),
);

/**
 * Deterministic offline embedding ("feature hashing"). For each text:
 *
 * 1. Normalise: Unicode NFKD without combining marks, camelCase and snake_case split into parts (the joined
 *    identifier is kept as a word too), lower case, tokens are runs of letters and digits.
 * 2. Drop stop words; strip a few English suffixes (`-ing`, `-ed`, `-es`, `-s`, `-ly`, `-ies` -> `-y`).
 * 3. Features: each word (weight 1.0), each pair of adjacent kept words (0.6), and each word's character 3- and
 *    4-grams with boundary marks (sharing a weight of 1.2 per occurrence, which lets `async`/`asynchronous` or
 *    `render`/`rerender` overlap). Repeated features count sublinearly (`1 + ln tf`).
 * 4. Each feature is hashed (FNV-1a, 32 bit) to one of `dimension` buckets with a hashed sign, the vector is
 *    L2-normalised, so the store's cosine distance is `1 - cos` in [0, 2].
 *
 * Text with no features (empty, only punctuation or stop words) maps to one fixed unit vector, never to zeros.
 * Same text, same vector, on every machine. It matches shared words and word fragments, not meaning: a query that
 * shares no vocabulary with a memory will not find it. Plug a semantic model in through {@link EmbeddingFunction}
 * where weights are available.
 *
 * @throws MemoryError `INVALID_OPTIONS` when `dimension` is not an integer in [16, 8192].
 * @see Story 8 (semantic search); issue 7 (offline default embedding)
 */
export function createHashingEmbeddingFunction(options: HashingEmbeddingOptions = {}): EmbeddingFunction {
  const dimension = options.dimension ?? DEFAULT_HASHING_DIMENSION;
  if (!Number.isInteger(dimension) || dimension < 16 || dimension > 8192) {
    throw new MemoryError(
      'INVALID_OPTIONS',
      `hashing embedding dimension must be an integer in [16, 8192], got ${dimension}`,
    );
  }
  const embedAll = (texts: string[]): Promise<number[][]> =>
    Promise.resolve(texts.map((text) => embedText(text, dimension)));
  return {
    name: HASHING_EMBEDDING_NAME,
    dimension,
    generate: embedAll,
    generateForQueries: embedAll,
    defaultSpace: () => 'cosine',
    supportedSpaces: () => ['cosine'],
    getConfig: () => ({ name: HASHING_EMBEDDING_NAME, dimension }),
  };
}

/** Embeds one text into a unit vector of length `dimension` (see {@link createHashingEmbeddingFunction}). */
function embedText(text: string, dimension: number): number[] {
  const features = extractFeatures(text);
  if (features.size === 0) features.set('empty:', 1);
  const vector = new Float64Array(dimension);
  for (const [feature, weightedCount] of features) {
    const hash = fnv1a(feature);
    const bucket = hash % dimension;
    const sign = (mix(hash) & 1) === 0 ? 1 : -1;
    vector[bucket] = (vector[bucket] ?? 0) + sign * weightedCount;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  const out = new Array<number>(dimension);
  if (norm === 0) {
    // Every feature cancelled out (possible only through hash collisions with opposite signs): fall back to a fixed axis.
    out.fill(0);
    out[fnv1a('empty:') % dimension] = 1;
    return out;
  }
  for (let i = 0; i < dimension; i += 1) out[i] = (vector[i] ?? 0) / norm;
  return out;
}

/** Returns feature -> weight, with repeated features counted sublinearly. */
function extractFeatures(text: string): Map<string, number> {
  const raw = new Map<string, { weight: number; count: number }>();
  const add = (feature: string, weight: number): void => {
    const entry = raw.get(feature);
    if (entry) {
      entry.count += 1;
    } else {
      raw.set(feature, { weight, count: 1 });
    }
  };
  const words = tokenize(text);
  let previous: string | undefined;
  for (const word of words) {
    if (word.stop) {
      previous = undefined;
      continue;
    }
    const stem = stemWord(word.text);
    add(`w:${stem}`, WORD_WEIGHT);
    if (previous !== undefined && word.joinsPrevious) add(`b:${previous} ${stem}`, BIGRAM_WEIGHT);
    previous = stem;
    const grams = charNgrams(word.text);
    const share = CHAR_NGRAM_WEIGHT / Math.max(1, Math.sqrt(grams.length));
    for (const gram of grams) add(`c:${gram}`, share);
  }
  const features = new Map<string, number>();
  for (const [feature, { weight, count }] of raw) features.set(feature, weight * (1 + Math.log(count)));
  return features;
}

interface Token {
  text: string;
  stop: boolean;
  /** False for the parts of a split identifier after the first one, and for the joined identifier itself. */
  joinsPrevious: boolean;
}

function tokenize(text: string): Token[] {
  const normalised = text.normalize('NFKD').replace(/\p{M}+/gu, '');
  const tokens: Token[] = [];
  for (const match of normalised.matchAll(/[\p{L}\p{N}]+(?:_[\p{L}\p{N}]+)*/gu)) {
    const identifier = match[0];
    const parts = identifier
      .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
      .split(/[\s_]+/u)
      .map((part) => part.toLowerCase())
      .filter((part) => part.length > 0);
    parts.forEach((part, index) => {
      tokens.push({ text: part, stop: STOPWORDS.has(part), joinsPrevious: index === 0 });
    });
    if (parts.length > 1) tokens.push({ text: parts.join(''), stop: false, joinsPrevious: false });
  }
  return tokens;
}

/** A deliberately small suffix stripper: enough to merge `conditions`/`condition` and `fixed`/`fixing`/`fix`. */
function stemWord(word: string): string {
  if (word.length <= 3 || /^\p{N}+$/u.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  if (word.endsWith('ly') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('es') && word.length > 4 && /(?:ss|x|ch|sh|z)es$/u.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}

function undouble(stem: string): string {
  const last = stem.at(-1);
  if (stem.length > 3 && last !== undefined && last === stem.at(-2) && !'lsz'.includes(last))
    return stem.slice(0, -1);
  return stem;
}

function charNgrams(word: string): string[] {
  const marked = `^${word}$`;
  const grams: string[] = [];
  for (const size of CHAR_NGRAM_SIZES) {
    for (let i = 0; i + size <= marked.length; i += 1) grams.push(marked.slice(i, i + size));
  }
  return grams;
}

/** FNV-1a over UTF-16 code units, 32-bit unsigned. */
function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A finaliser (murmur3 fmix32) giving the sign bit independent of the bucket. */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
