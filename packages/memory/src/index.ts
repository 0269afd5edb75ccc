/**
 * `@paige/memory`: cross-session coaching memories on a real ChromaDB server, with graceful degradation and lazy
 * recovery, a deterministic offline embedding function, and a launcher that runs Chroma as a child process.
 *
 * @see Story 8 (ChromaDB Memory Integration)
 */
export { MemoryError } from './errors.js';
export type { MemoryErrorCode, MemoryErrorOptions } from './errors.js';
export {
  createHashingEmbeddingFunction,
  DEFAULT_HASHING_DIMENSION,
  HASHING_EMBEDDING_NAME,
} from './embedding.js';
export type { EmbeddingFunction, EmbeddingSpace, HashingEmbeddingOptions } from './embedding.js';
export {
  createMemoryStore,
  DEFAULT_COLLECTION_NAME,
  DEFAULT_QUERY_LIMIT,
  EMBEDDING_DIMENSION_KEY,
  EMBEDDING_NAME_KEY,
  MAX_QUERY_LIMIT,
} from './memory-store.js';
export type {
  AddMemoriesResult,
  CreateMemoryStoreOptions,
  MemoryInput,
  MemoryMetadata,
  MemoryResult,
  MemoryStore,
  QueryMemoriesOptions,
} from './memory-store.js';
export {
  findChromaCli,
  firstErrorLine,
  PINNED_LINUX_BINDING,
  resolveChromaLauncher,
  startLocalChroma,
} from './local-chroma.js';
export type {
  ChromaLauncher,
  LocalChroma,
  LocalChromaExit,
  StartLocalChromaOptions,
} from './local-chroma.js';
export type { MemoryLogger } from './logger.js';
export { createMemoryService } from './service.js';
export type { MemoryHealth, MemoryService, MemoryServiceOptions } from './service.js';
