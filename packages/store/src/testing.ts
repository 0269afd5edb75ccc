/**
 * `@paige/store/testing`: helpers for tests and benchmarks, kept off the package's main export (issue 25 item 4).
 * `seedBenchmarkData` writes production-like volumes (a million actions, 100,000 API calls) into a database.
 */
export { seedBenchmarkData } from './seed.js';
export type { SeedBenchmarkOptions, SeedBenchmarkResult } from './seed.js';
