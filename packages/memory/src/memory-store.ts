/**
 * The memory store: cross-session coaching memories in one Chroma collection, with graceful degradation and lazy
 * recovery. Operations never throw to callers: when Chroma is unreachable they return `[]` or
 * `{ added: 0, available: false }` and log a rate-limited warning; the next operation after Chroma comes back
 * reconnects on its own.
 *
 * @see Story 8 AS-1..AS-8; discovery spec Story 8 (FR-096..FR-107, EC-46..EC-53)
 */
import { randomUUID } from 'node:crypto';
import { ChromaClient } from 'chromadb';
import type { Collection, Metadata } from 'chromadb';
import type { Importance } from '@paige/protocol';
import { createHashingEmbeddingFunction } from './embedding.js';
import type { EmbeddingFunction } from './embedding.js';
import { MemoryError } from './errors.js';
import { createStderrLogger, describeError } from './logger.js';
import type { MemoryLogger } from './logger.js';

/** Default collection name. @see Story 8 AS-1 (`paige_memories`) */
export const DEFAULT_COLLECTION_NAME = 'paige_memories';
/** Default number of results of {@link MemoryStore.queryMemories}. @see primary spec Story 9 ("top 5") */
export const DEFAULT_QUERY_LIMIT = 5;
/** Largest `limit` accepted by {@link MemoryStore.queryMemories}; larger values are clamped. */
export const MAX_QUERY_LIMIT = 100;

/** Collection metadata keys recording which embedding built the vectors. */
export const EMBEDDING_NAME_KEY = 'paige_embedding_function';
export const EMBEDDING_DIMENSION_KEY = 'paige_embedding_dimension';

/** Options of {@link createMemoryStore}. */
export interface CreateMemoryStoreOptions {
  /** Chroma server URL, e.g. `http://127.0.0.1:8000` (scheme, host and port are used; a path is not supported). */
  url: string;
  /** Embedding function; default {@link createHashingEmbeddingFunction} with 512 dimensions. */
  embeddingFunction?: EmbeddingFunction;
  /** Collection name, 3-512 characters of `[a-zA-Z0-9._-]` (Chroma's rule); default `paige_memories`. */
  collectionName?: string;
  /** Where connection and degradation messages go; default: warnings and errors to stderr. */
  logger?: MemoryLogger;
  /** Clock in ms since the epoch, used for `created_at` and the warning rate limit; default `Date.now`. */
  now?: () => number;
  /** Minimum ms between two "unavailable" warnings (the ones in between are counted, not logged); default 60,000. */
  warnIntervalMs?: number;
  /** Ms after which one Chroma request counts as failed (Chroma hung or unreachable host); default 10,000. */
  requestTimeoutMs?: number;
}

/**
 * One memory to store. `text` is what gets embedded and returned. `id` is optional: without it the store generates
 * `mem_{sessionId}_{uuid}`; with it the write is an upsert, so retrying the same ids does not duplicate memories.
 * Tags are stored comma-joined (Chroma metadata values are scalars): commas inside a tag become spaces, empty tags
 * are dropped.
 * @see Story 8 AS-1; discovery spec FR-099, FR-107, EC-50
 */
export interface MemoryInput {
  id?: string;
  text: string;
  sessionId: string;
  /** The project the memory belongs to (the server passes `PROJECT_DIR`); `queryMemories({ project })` matches it exactly. */
  projectDir: string;
  /** What kind of memory, e.g. `reflection`, `session_summary`, `pattern`. */
  type: string;
  tags?: string[];
  importance?: Importance;
}

/** Metadata returned with each memory. `created_at` is ISO 8601 (UTC). */
export interface MemoryMetadata {
  session_id: string;
  project_dir: string;
  created_at: string;
  type: string;
  tags?: string[];
  importance?: Importance;
}

/** One query hit. `distance` is cosine distance (`1 - cos`): 0 = identical direction, lower = more similar. */
export interface MemoryResult {
  id: string;
  text: string;
  metadata: MemoryMetadata;
  distance: number;
}

/** Arguments of {@link MemoryStore.queryMemories}. */
export interface QueryMemoriesOptions {
  /** Text to search for; an empty string is passed through as is (EC-49). */
  queryText: string;
  /** Only memories whose `project_dir` equals this; omitted: every project (cross-project recall). */
  project?: string;
  /** Maximum results, integer >= 1, clamped to 100; default 5. */
  limit?: number;
}

/**
 * Result of {@link MemoryStore.addMemories}. `available: false` means Chroma was unreachable and nothing was
 * stored (the wrap-up records the loss). `added: 0` with `available: true` means Chroma rejected the batch
 * (logged as a warning), or the batch was empty.
 */
export interface AddMemoriesResult {
  added: number;
  available: boolean;
}

/** The memory store. Build it with {@link createMemoryStore}. */
export interface MemoryStore {
  /** The Chroma URL this store talks to. */
  readonly url: string;
  /** The collection name. */
  readonly collectionName: string;
  /**
   * Initial connection (call once at server start): heartbeat, then get-or-create the collection with the
   * embedding function and cosine space. Resolves `true` and logs `ChromaDB connected — collection <name> ready`
   * at info; resolves `false` and logs `ChromaDB unavailable at <url> — memory features disabled` at warn when
   * Chroma is unreachable (the server keeps starting, later operations retry).
   * @throws MemoryError `EMBEDDING_MISMATCH` when the collection was built with another embedding function name,
   *   dimension or distance space: a configuration error worth failing loudly. (Operations that meet the same
   *   mismatch on a lazy reconnect do not throw: they log it as an error and degrade.)
   * @see Story 8 AS-5, AS-6
   */
  connect(): Promise<boolean>;
  /**
   * Stores memories (one upsert call for the whole batch). Never throws. Empty input returns at once without a
   * Chroma call. When Chroma is unreachable: `{ added: 0, available: false }` plus a rate-limited warning; when it
   * was unreachable and is back: reconnects first, then stores.
   * @see Story 8 AS-1, AS-7, AS-8; EC-48
   */
  addMemories(docs: MemoryInput[]): Promise<AddMemoriesResult>;
  /**
   * Semantic search, ranked by ascending cosine distance, optionally scoped to one project. Never throws; `[]`
   * when Chroma is unreachable (rate-limited warning) and reconnects lazily like {@link addMemories}.
   * @see Story 8 AS-2, AS-3, AS-4, AS-7, AS-8
   */
  queryMemories(options: QueryMemoriesOptions): Promise<MemoryResult[]>;
  /**
   * Whether the last connection attempt or operation reached Chroma. Synchronous; it does not probe. `false`
   * before `connect()`, after a failed operation, and after `close()`.
   * @see Story 8 AS-5, AS-6; FR-105
   */
  isMemoryAvailable(): boolean;
  /** Stops using Chroma: later operations return degraded results without trying to connect. Idempotent. */
  close(): Promise<void>;
}

interface RateLimitedWarning {
  lastAt: number | undefined;
  suppressed: number;
}

/** Error names of the chromadb client that mean "Chroma is gone" rather than "this request was bad". */
const CONNECTION_ERROR_NAMES = new Set(['ChromaConnectionError', 'ChromaServerError', 'ChromaNotFoundError']);

/**
 * Builds a memory store over the Chroma server at `url`. Does not connect: call `connect()` at start (or let the
 * first operation connect lazily).
 * @throws MemoryError `INVALID_OPTIONS` when `url` is not an http(s) URL or a numeric option is out of range.
 * @see Story 8
 */
export function createMemoryStore(options: CreateMemoryStoreOptions): MemoryStore {
  const { host, port, ssl, href } = parseChromaUrl(options.url);
  const embeddingFunction = options.embeddingFunction ?? createHashingEmbeddingFunction();
  const collectionName = options.collectionName ?? DEFAULT_COLLECTION_NAME;
  const logger = options.logger ?? createStderrLogger();
  const now = options.now ?? Date.now;
  const warnIntervalMs = options.warnIntervalMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  if (!(warnIntervalMs >= 0))
    throw new MemoryError('INVALID_OPTIONS', `warnIntervalMs must be >= 0, got ${warnIntervalMs}`);
  if (!(requestTimeoutMs > 0))
    throw new MemoryError('INVALID_OPTIONS', `requestTimeoutMs must be > 0, got ${requestTimeoutMs}`);
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{1,510})[a-zA-Z0-9]$/.test(collectionName)) {
    throw new MemoryError(
      'INVALID_OPTIONS',
      `collectionName must be 3-512 characters of [a-zA-Z0-9._-], starting and ending with a letter or digit (Chroma's rule), got ${JSON.stringify(collectionName)}`,
    );
  }

  const client = new ChromaClient({
    host,
    port,
    ssl,
    tenant: 'default_tenant',
    database: 'default_database',
  });
  const identity: Metadata = {
    [EMBEDDING_NAME_KEY]: embeddingFunction.name,
    [EMBEDDING_DIMENSION_KEY]: embeddingFunction.dimension,
  };

  let collection: Collection | undefined;
  let available = false;
  let closed = false;
  /** True once a connection failed or dropped: the next success is logged as a recovery. */
  let hadOutage = false;
  let inFlight: Promise<Collection | undefined> | undefined;
  const unavailableWarning: RateLimitedWarning = { lastAt: undefined, suppressed: 0 };
  const rejectedWarning: RateLimitedWarning = { lastAt: undefined, suppressed: 0 };

  const rateLimited = (
    state: RateLimitedWarning,
    level: 'warn' | 'error',
    fields: Record<string, unknown>,
    message: string,
  ): void => {
    const t = now();
    if (state.lastAt !== undefined && t - state.lastAt < warnIntervalMs) {
      state.suppressed += 1;
      return;
    }
    const suppressed = state.suppressed;
    state.lastAt = t;
    state.suppressed = 0;
    logger[level](
      { ...fields, ...(suppressed > 0 ? { suppressedSinceLastWarning: suppressed } : {}) },
      message,
    );
  };

  const markUnavailable = (): void => {
    available = false;
    collection = undefined;
    hadOutage = true;
  };

  const unavailableMessage = `ChromaDB unavailable at ${href} — memory features disabled`;

  /** One connection attempt. Returns the collection, or undefined after logging why not (rethrows a mismatch when `loud`). */
  const attemptConnection = async (loud: boolean): Promise<Collection | undefined> => {
    try {
      await withTimeout(client.heartbeat(), requestTimeoutMs, 'heartbeat');
      const opened = await withTimeout(
        client.getOrCreateCollection({
          name: collectionName,
          embeddingFunction,
          configuration: { hnsw: { space: 'cosine' } },
          metadata: identity,
        }),
        requestTimeoutMs,
        'getOrCreateCollection',
      );
      await verifyIdentity(opened);
      if (closed) return undefined;
      const recovered = hadOutage;
      collection = opened;
      available = true;
      hadOutage = false;
      unavailableWarning.lastAt = undefined;
      unavailableWarning.suppressed = 0;
      logger.info(
        {
          url: href,
          collection: collectionName,
          embeddingFunction: embeddingFunction.name,
          dimension: embeddingFunction.dimension,
          recovered,
        },
        `ChromaDB connected — collection ${collectionName} ready`,
      );
      return opened;
    } catch (err) {
      markUnavailable();
      if (err instanceof MemoryError && err.code === 'EMBEDDING_MISMATCH') {
        if (loud) {
          logger.error({ url: href, collection: collectionName, ...describeError(err) }, err.message);
          throw err;
        }
        rateLimited(
          unavailableWarning,
          'error',
          { url: href, collection: collectionName, ...describeError(err) },
          err.message,
        );
        return undefined;
      }
      if (loud) {
        unavailableWarning.lastAt = now();
        unavailableWarning.suppressed = 0;
        logger.warn({ url: href, ...describeError(err) }, unavailableMessage);
      } else {
        rateLimited(unavailableWarning, 'warn', { url: href, ...describeError(err) }, unavailableMessage);
      }
      return undefined;
    }
  };

  const verifyIdentity = async (opened: Collection): Promise<void> => {
    const recordedName = opened.metadata?.[EMBEDDING_NAME_KEY];
    const recordedDimension = opened.metadata?.[EMBEDDING_DIMENSION_KEY];
    const space = opened.configuration?.hnsw?.space;
    if (space !== undefined && space !== null && space !== 'cosine') {
      throw new MemoryError(
        'EMBEDDING_MISMATCH',
        `collection ${collectionName} uses the ${space} distance space; Paige memories need cosine (use another collectionName)`,
      );
    }
    if (recordedName === undefined && recordedDimension === undefined) {
      const count = await withTimeout(opened.count(), requestTimeoutMs, 'count');
      if (count > 0) {
        throw new MemoryError(
          'EMBEDDING_MISMATCH',
          `collection ${collectionName} holds ${count} records but does not record its embedding function; ` +
            `refusing to mix them with ${embeddingFunction.name}/${embeddingFunction.dimension} vectors`,
        );
      }
      await withTimeout(
        opened.modify({ metadata: { ...opened.metadata, ...identity } }),
        requestTimeoutMs,
        'modify',
      );
      return;
    }
    if (recordedName !== embeddingFunction.name || recordedDimension !== embeddingFunction.dimension) {
      throw new MemoryError(
        'EMBEDDING_MISMATCH',
        `collection ${collectionName} was built with embedding ${String(recordedName)} (dimension ${String(recordedDimension)}), ` +
          `not ${embeddingFunction.name} (dimension ${embeddingFunction.dimension}); ` +
          'use the same embedding function, another collectionName, or re-embed the memories',
      );
    }
  };

  /** The open collection, connecting first when needed; concurrent callers share one attempt. */
  const ensureCollection = (loud: boolean): Promise<Collection | undefined> => {
    if (closed) return Promise.resolve(undefined);
    if (available && collection) return Promise.resolve(collection);
    if (!inFlight) {
      inFlight = attemptConnection(loud).finally(() => {
        inFlight = undefined;
      });
    }
    return inFlight;
  };

  const handleOperationError = (err: unknown, operation: string, fields: Record<string, unknown>): void => {
    if (isConnectionError(err)) {
      markUnavailable();
      rateLimited(
        unavailableWarning,
        'warn',
        { url: href, operation, ...fields, ...describeError(err) },
        unavailableMessage,
      );
      return;
    }
    rateLimited(
      rejectedWarning,
      'warn',
      { url: href, operation, ...fields, ...describeError(err) },
      `ChromaDB rejected ${operation}`,
    );
  };

  const skipped = (operation: string, fields: Record<string, unknown>): void => {
    if (closed) {
      logger.debug?.({ operation, ...fields }, `memory ${operation} skipped: store closed`);
      return;
    }
    // The failed connection attempt has already logged its (rate-limited) warning.
    logger.debug?.({ operation, ...fields }, `memory ${operation} skipped: ChromaDB unavailable`);
  };

  return {
    url: href,
    collectionName,

    async connect() {
      if (closed) return false;
      if (available && collection) return true;
      if (inFlight) return (await inFlight) !== undefined;
      return (await ensureCollection(true)) !== undefined;
    },

    async addMemories(docs) {
      if (docs.length === 0) return { added: 0, available: available && !closed };
      try {
        const target = await ensureCollection(false);
        if (!target) {
          skipped('addMemories', { count: docs.length });
          return { added: 0, available: false };
        }
        const createdAt = new Date(now()).toISOString();
        const ids: string[] = [];
        const documents: string[] = [];
        const metadatas: Metadata[] = [];
        for (const doc of docs) {
          ids.push(doc.id ?? `mem_${doc.sessionId}_${randomUUID()}`);
          documents.push(doc.text);
          metadatas.push(encodeMetadata(doc, createdAt));
        }
        try {
          await withTimeout(target.upsert({ ids, documents, metadatas }), requestTimeoutMs, 'upsert');
        } catch (err) {
          handleOperationError(err, 'addMemories', { count: docs.length });
          return { added: 0, available };
        }
        return { added: docs.length, available: true };
      } catch (err) {
        handleOperationError(err, 'addMemories', { count: docs.length });
        return { added: 0, available };
      }
    },

    async queryMemories({ queryText, project, limit = DEFAULT_QUERY_LIMIT }) {
      try {
        const nResults = Math.min(
          MAX_QUERY_LIMIT,
          Math.max(1, Math.floor(Number.isFinite(limit) ? limit : DEFAULT_QUERY_LIMIT)),
        );
        const target = await ensureCollection(false);
        if (!target) {
          skipped('queryMemories', { project });
          return [];
        }
        const result = await withTimeout(
          target.query({
            queryTexts: [queryText],
            nResults,
            ...(project === undefined ? {} : { where: { project_dir: project } }),
            include: ['documents', 'metadatas', 'distances'],
          }),
          requestTimeoutMs,
          'query',
        );
        const ids = result.ids[0] ?? [];
        const documents = result.documents[0] ?? [];
        const metadatas = result.metadatas[0] ?? [];
        const distances = result.distances[0] ?? [];
        const hits: MemoryResult[] = ids.map((id, i) => ({
          id,
          text: documents[i] ?? '',
          metadata: decodeMetadata(metadatas[i] ?? null),
          distance: distances[i] ?? Number.POSITIVE_INFINITY,
        }));
        return hits.sort((a, b) => a.distance - b.distance);
      } catch (err) {
        handleOperationError(err, 'queryMemories', { project });
        return [];
      }
    },

    isMemoryAvailable() {
      return available && !closed;
    },

    async close() {
      closed = true;
      available = false;
      collection = undefined;
    },
  };
}

function encodeMetadata(doc: MemoryInput, createdAt: string): Metadata {
  const metadata: Metadata = {
    session_id: doc.sessionId,
    project_dir: doc.projectDir,
    created_at: createdAt,
    type: doc.type,
  };
  const tags = (doc.tags ?? []).map((tag) => tag.replace(/,/g, ' ').trim()).filter((tag) => tag.length > 0);
  if (tags.length > 0) metadata.tags = tags.join(',');
  if (doc.importance !== undefined) metadata.importance = doc.importance;
  return metadata;
}

function decodeMetadata(raw: Metadata | null): MemoryMetadata {
  const text = (value: unknown): string =>
    typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const metadata: MemoryMetadata = {
    session_id: text(raw?.session_id),
    project_dir: text(raw?.project_dir),
    created_at: text(raw?.created_at),
    type: text(raw?.type),
  };
  const tags = raw?.tags;
  if (typeof tags === 'string' && tags.length > 0) metadata.tags = tags.split(',');
  const importance = raw?.importance;
  if (importance === 'low' || importance === 'medium' || importance === 'high')
    metadata.importance = importance;
  return metadata;
}

function isConnectionError(err: unknown): boolean {
  if (err instanceof MemoryError) return err.code === 'CHROMA_TIMEOUT';
  return err instanceof Error && CONNECTION_ERROR_NAMES.has(err.name);
}

function parseChromaUrl(url: string): { host: string; port: number; ssl: boolean; href: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new MemoryError('INVALID_OPTIONS', `Chroma url is not a URL: ${JSON.stringify(url)}`, {
      cause: err,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new MemoryError('INVALID_OPTIONS', `Chroma url must be http or https, got ${parsed.protocol}`);
  }
  const ssl = parsed.protocol === 'https:';
  const port = parsed.port === '' ? (ssl ? 443 : 80) : Number(parsed.port);
  return { host: parsed.hostname, port, ssl, href: `${parsed.protocol}//${parsed.host}` };
}

/** Rejects with MemoryError `CHROMA_TIMEOUT` when `promise` takes longer than `ms` (the request itself is abandoned). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new MemoryError('CHROMA_TIMEOUT', `Chroma ${what} took longer than ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
