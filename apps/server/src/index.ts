/**
 * `@paige/server`: the Paige backend. `createServer(config)` composes every package behind one HTTP port
 * serving `/health`, `/mcp` (MCP Streamable HTTP) and `/ws` (the Electron protocol).
 */
export { createServer, ListenError } from './app.js';
export type { CreateServerOptions, PaigeServer } from './app.js';
export { loadConfig, ConfigError, CONFIG_VARIABLES } from './config.js';
export type { LoadConfigOptions, ServerConfig } from './config.js';
export type { ComponentStatus, HealthComponents, HealthReport, WebComponent } from './health.js';
export { SERVER_VERSION } from './version.js';
export { createLogger } from './logger.js';
export { openInBrowser, type OpenInBrowserOptions } from './open-browser.js';
export type { ServerParts } from './compose.js';
