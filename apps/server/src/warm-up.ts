/**
 * Warm-up after listen (issue 20 item 8: "the first request is as fast as the tenth"). The modules kept off the
 * start-up path (the WebSocket server, the MCP SDK, the model-backed features) are loaded in the background right
 * after HTTP accepts connections, one step at a time with a turn of the event loop between steps, so requests that
 * arrive meanwhile are served between steps. A request that needs a module still loading awaits the same import
 * (each loader caches its promise); nothing is loaded twice. Start-up itself does not wait for any of it.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger.js';

/** One thing to load or prepare; a failure is logged and the next step runs. */
export interface WarmUpStep {
  name: string;
  run(): Promise<unknown> | unknown;
}

/** What the warm-up did: each step's wall time in ms, or its error message. */
export interface WarmUpReport {
  steps: Array<{ name: string; ms: number; error?: string }>;
  /** ms from the first step's start to the last step's end. */
  totalMs: number;
  /** True when `stop()` ended it before every step ran. */
  stopped: boolean;
}

/** A running warm-up. */
export interface WarmUp {
  /** Resolves when every step ran (or the warm-up was stopped); never rejects. */
  readonly done: Promise<WarmUpReport>;
  /** Runs no further step (server shutdown). */
  stop(): void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts running `steps` in order, in the background. */
export function startWarmUp(steps: readonly WarmUpStep[], opts: { logger: Logger }): WarmUp {
  let stopped = false;
  const done = (async (): Promise<WarmUpReport> => {
    const started = performance.now();
    const report: WarmUpReport = { steps: [], totalMs: 0, stopped: false };
    for (const step of steps) {
      await nextTurn();
      if (stopped) {
        report.stopped = true;
        break;
      }
      const t0 = performance.now();
      try {
        await step.run();
        report.steps.push({ name: step.name, ms: Math.round(performance.now() - t0) });
      } catch (err) {
        report.steps.push({ name: step.name, ms: Math.round(performance.now() - t0), error: (err as Error).message });
        opts.logger.warn({ err, step: step.name }, 'warm-up step failed; it will load on first use instead');
      }
    }
    report.totalMs = Math.round(performance.now() - started);
    opts.logger.debug({ steps: report.steps, totalMs: report.totalMs, stopped: report.stopped }, 'warm-up done');
    return report;
  })();
  return {
    done,
    stop() {
      stopped = true;
    },
  };
}

/** What {@link serverWarmUpSteps} warms. */
export interface ServerWarmUpDeps {
  /** Loads `ws` and creates the WebSocket server (`WsHub.warm`). */
  ws: { warm(): Promise<void> };
  /** Loads the MCP SDK and builds one throwaway `McpServer` with every tool (`McpSessionManager.warm`). */
  mcp: { warm(): Promise<void> };
  /** The model-backed features and the Anthropic client. */
  features: Array<() => Promise<unknown>>;
  /** Background probes that spawn a process (the `gh` check). */
  probes: Array<() => Promise<unknown>>;
}

/**
 * The server's warm-up, in the order clients need things: a window connects to /ws first, Claude Code's first
 * `initialize` follows, then the model-backed features (dashboard flows, Explain, practice, the Anthropic client),
 * then the `gh` probe.
 */
export function serverWarmUpSteps(deps: ServerWarmUpDeps): WarmUpStep[] {
  return [
    { name: 'websocket', run: () => deps.ws.warm() },
    { name: 'mcp', run: () => deps.mcp.warm() },
    ...deps.features.map((run, i) => ({ name: `feature-${i + 1}`, run })),
    ...deps.probes.map((run, i) => ({ name: `probe-${i + 1}`, run })),
  ];
}
