/**
 * `@paige/server`: the Paige backend. `createServer(config)` composes every package behind one HTTP port
 * serving `/health`, `/mcp` (MCP Streamable HTTP) and `/ws` (the Electron protocol).
 */
export { createServer } from './app.js';
export type { CreateServerOptions, PaigeServer } from './app.js';
export { loadConfig, ConfigError } from './config.js';
export type { ServerConfig } from './config.js';
export { createLogger } from './logger.js';
export type { AppContext } from './context.js';
