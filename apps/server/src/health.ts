/**
 * `/health`: liveness plus the state of each component, read from memory on every request (no I/O, no await), and
 * never a secret (no key, no URL with credentials, no file content).
 *
 * Shape (uptime in seconds, two decimals):
 * ```json
 * { "status": "ok", "version": "0.1.0", "uptime": 12.34,
 *   "components": { "database": { "status": "up" }, "memory": { "status": "up", "mode": "local" },
 *     "watcher": { "status": "up" }, "model": { "status": "up", "configured": true, "endpoint": "anthropic" },
 *     "web": { "status": "off", "built": false, "detail": "@paige/web is not installed" } } }
 * ```
 * `status` of a component: `up`, `starting` (still coming up after listen), `down` (failed or unreachable; the
 * server keeps running degraded) or `off` (turned off by configuration or not installed). The top-level `status`
 * stays `ok` while the process answers, so a liveness probe does not flap when Chroma restarts.
 */
import type { ServerConfig } from './config.js';

/** State of one component. */
export type ComponentStatus = 'up' | 'starting' | 'down' | 'off';

/** The components `/health` reports. */
export interface HealthComponents {
  database: { status: ComponentStatus };
  /** `mode`: `local` (a Chroma child process), `external` (`CHROMA_URL`) or `off`. */
  memory: { status: ComponentStatus; mode: 'local' | 'external' | 'off' };
  watcher: { status: ComponentStatus };
  /** `configured`: an API key is set; `endpoint`: `anthropic` or `custom` (`ANTHROPIC_BASE_URL`). */
  model: { status: ComponentStatus; configured: boolean; endpoint: 'anthropic' | 'custom' };
  /** `built`: the web face's page exists; `detail` says why not. */
  web: WebComponent;
}

/** The web face component: `up` when the page is served at `/`; `detail` says why it is not. */
export interface WebComponent {
  status: ComponentStatus;
  built: boolean;
  detail?: string;
}

/** The `/health` body. */
export interface HealthReport {
  status: 'ok';
  version: string;
  /** Seconds since the process started. */
  uptime: number;
  components: HealthComponents;
}

/** The `/health` body for a server started at `startedAt` (ms, `performance.now()` clock). */
export function healthReport(
  version: string,
  startedAt: number,
  components: () => HealthComponents,
): HealthReport {
  return {
    status: 'ok',
    version,
    uptime: Math.round((performance.now() - startedAt) / 10) / 100,
    components: components(),
  };
}

/** The in-memory states a running server reports (`compose.ts` `ComposedServer.health`). */
export interface LiveComponents {
  database(): HealthComponents['database'];
  memory(): HealthComponents['memory'];
  watcher(): HealthComponents['watcher'];
}

/**
 * The component provider of a running server: static parts (`model`, `web`) are fixed at creation, the others read
 * the parts' in-memory state.
 */
export function createComponentsProvider(
  config: Pick<ServerConfig, 'anthropicApiKey' | 'anthropicBaseUrl'>,
  live: LiveComponents,
  web: WebComponent,
): () => HealthComponents {
  const model = {
    status: config.anthropicApiKey ? ('up' as const) : ('off' as const),
    configured: Boolean(config.anthropicApiKey),
    endpoint: config.anthropicBaseUrl ? ('custom' as const) : ('anthropic' as const),
  };
  const webState: WebComponent = {
    status: web.status,
    built: web.built,
    ...(web.detail ? { detail: web.detail } : {}),
  };
  return () => ({
    database: live.database(),
    memory: live.memory(),
    watcher: live.watcher(),
    model,
    web: webState,
  });
}
