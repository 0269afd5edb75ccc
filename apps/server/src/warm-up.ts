/**
 * Warm-up (issue 20 item 8: "the first request is as fast as the tenth"). The modules kept off the start-up path (the
 * WebSocket server, the model-backed features) are loaded in the background right after HTTP accepts connections,
 * one step at a time with a turn of the event loop between steps, so requests that arrive meanwhile are served between
 * steps; the heavy steps no first request needs wait until the loop is quiet ({@link serverWarmUpSteps} gives the
 * order). A request that needs a module still loading awaits the same import (each loader caches its promise); nothing
 * is loaded twice. Start-up itself does not wait for any of it.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger.js';

/** One thing to load or prepare; a failure is logged and the next step runs. */
export interface WarmUpStep {
  name: string;
  run(): Promise<unknown> | unknown;
  /**
   * Run only once the event loop is quiet (see {@link waitForQuiet}): for heavy steps that no first request needs, so
   * they never hold up one that arrives meanwhile.
   */
  whenQuiet?: boolean;
}

/** A window of the event loop this busy or more (0..1, `eventLoopUtilization`) is not quiet. */
export const QUIET_UTILIZATION = 0.25;
/** Length of one quiet check, ms. */
export const QUIET_WINDOW_MS = 100;
/** Longest wait for quiet before a `whenQuiet` step runs anyway, ms. */
export const QUIET_MAX_WAIT_MS = 5000;

/**
 * Resolves once a {@link QUIET_WINDOW_MS} window of the event loop was less than {@link QUIET_UTILIZATION} busy (no
 * request being served), or after {@link QUIET_MAX_WAIT_MS}; `false` when stopped meanwhile.
 */
export async function waitForQuiet(isStopped: () => boolean): Promise<boolean> {
  const deadline = performance.now() + QUIET_MAX_WAIT_MS;
  while (performance.now() < deadline) {
    const before = performance.eventLoopUtilization();
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    if (isStopped()) return false;
    if (performance.eventLoopUtilization(before).utilization < QUIET_UTILIZATION) return true;
  }
  return !isStopped();
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
      if (step.whenQuiet) await waitForQuiet(() => stopped);
      if (stopped) {
        report.stopped = true;
        break;
      }
      const t0 = performance.now();
      try {
        await step.run();
        report.steps.push({ name: step.name, ms: Math.round(performance.now() - t0) });
      } catch (err) {
        report.steps.push({
          name: step.name,
          ms: Math.round(performance.now() - t0),
          error: (err as Error).message,
        });
        opts.logger.warn({ err, step: step.name }, 'warm-up step failed; it will load on first use instead');
      }
    }
    report.totalMs = Math.round(performance.now() - started);
    opts.logger.debug(
      { steps: report.steps, totalMs: report.totalMs, stopped: report.stopped },
      'warm-up done',
    );
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
 * The server's warm-up, run after listening, in the order clients need things (the start-up budget, `ready < 500 ms`,
 * DESIGN section 8, is spent on what `/health` needs). Right after listening, without waiting for a quiet loop: the MCP SDK (with Ajv, ~50-70 ms of module evaluation on
 * the target machine) and one throwaway `McpServer` with every tool, so Claude Code's first `initialize`, which comes
 * when the page's terminal starts it, finds them ready (one that arrives in the first ~100 ms awaits the same
 * import); then the WebSocket server (`ws`, small). Then, each once the event loop is quiet, the model-backed features (dashboard flows,
 * Explain, practice, the Anthropic client: a ~1 MB chunk) and the `gh` probe.
 */
export function serverWarmUpSteps(deps: ServerWarmUpDeps): WarmUpStep[] {
  return [
    { name: 'mcp', run: () => deps.mcp.warm() },
    { name: 'websocket', run: () => deps.ws.warm() },
    ...deps.features.map((run, i) => ({ name: `feature-${i + 1}`, run, whenQuiet: true })),
    ...deps.probes.map((run, i) => ({ name: `probe-${i + 1}`, run, whenQuiet: true })),
  ];
}
