/**
 * `@paige/observer/testing`: a deterministic fake clock, a scripted hour of heavy editing, a runner that plays
 * a script through a real Observer over the fake clock, and the triage cost estimate used by the cost guard.
 * Test and benchmark support only: nothing here is needed in production.
 */
import type { ActivityEvent, ActivityEventType, DreyfusStage } from '@paige/protocol';
import { createObserver } from './observer.js';
import type {
  ObserverActionData,
  ObserverClock,
  ObserverMessages,
  ObserverPhase,
  ObserverSettings,
  ObserverStats,
  TriageDecision,
  TriageSnapshot,
} from './types.js';

// ------------------------------------------------------------------ fake clock

/** A manual clock: time moves only through `advance*`; due timers fire in (due time, creation) order. */
export interface FakeClock extends ObserverClock {
  /** Fires every timer due within the next `ms`, in order (timers they create fire too if due), then sets the time. */
  advance(ms: number): void;
  /**
   * Like {@link FakeClock.advance}, but lets pending promise callbacks settle before the first timer and after
   * each timer fires, so async work started by one timer completes before time moves on.
   */
  advanceAsync(ms: number): Promise<void>;
  /** `advanceAsync` up to an absolute time (no-op when `time <= now()`). */
  advanceToAsync(time: number): Promise<void>;
  /** Lets pending promise callbacks settle (one macrotask turn). */
  flush(): Promise<void>;
  /** Number of timers not yet fired or cleared. */
  pendingTimers(): number;
}

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

/** Lets queued microtasks (promise callbacks) run to completion. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Creates a {@link FakeClock} starting at `startMs` (default 2026-01-01T00:00:00Z, so ISO timestamps look real).
 * Handles are numbers; `clearTimeout` of an unknown handle is ignored.
 */
export function createFakeClock(startMs = Date.UTC(2026, 0, 1)): FakeClock {
  let now = startMs;
  let nextId = 1;
  let timers: FakeTimer[] = [];

  const nextDue = (limit: number): FakeTimer | undefined => {
    let best: FakeTimer | undefined;
    for (const timer of timers) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  };
  const fire = (timer: FakeTimer): void => {
    timers = timers.filter((t) => t.id !== timer.id);
    now = Math.max(now, timer.due);
    timer.fn();
  };

  const clock: FakeClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.push({ id, due: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
    advance(ms) {
      const target = now + Math.max(0, ms);
      for (let timer = nextDue(target); timer; timer = nextDue(target)) fire(timer);
      now = target;
    },
    async advanceAsync(ms) {
      const target = now + Math.max(0, ms);
      await settle();
      for (let timer = nextDue(target); timer; timer = nextDue(target)) {
        fire(timer);
        await settle();
      }
      now = target;
    },
    async advanceToAsync(time) {
      if (time > now) await clock.advanceAsync(time - now);
      else await settle();
    },
    flush: settle,
    pendingTimers: () => timers.length,
  };
  return clock;
}

// ------------------------------------------------------------------ scripted editing hour

/** One scripted activity event, `at` ms after the script start. `phase` is set on `phase_started`. */
export type ScriptedEvent = {
  at: number;
  type: ActivityEventType;
  data: Record<string, unknown> | null;
  phase?: ObserverPhase;
};

/** Options of {@link createEditingHourScript}. */
export interface EditingHourScriptOptions {
  /** PRNG seed (default 18, an hour near the median of seeds 1..30 that exercises every trigger kind). */
  seed?: number;
  /** Script length, ms (default 3,600,000). */
  durationMs?: number;
  /** Start of the one long idle, ms (default 38 min) and its length (default 6 min). */
  idleAtMs?: number;
  idleForMs?: number;
}

/** The four phases of the scripted session (an OAuth callback fix, as in the spec's examples). */
export const SCRIPT_PHASES: readonly ObserverPhase[] = [
  {
    number: 1,
    title: 'Find the OAuth callback handler',
    description: 'Find and understand the OAuth callback handler',
    expectedFiles: ['src/handlers/oauth.ts'],
  },
  {
    number: 2,
    title: 'Validate the state parameter',
    description: 'Reject callbacks whose state does not match the stored session state',
    expectedFiles: ['src/handlers/oauth.ts', 'src/lib/session.ts'],
  },
  {
    number: 3,
    title: 'Cover the callback with tests',
    description: 'Add tests for the success, mismatch and missing-state cases',
    expectedFiles: ['test/oauth.test.ts'],
  },
  {
    number: 4,
    title: 'Clean up error handling',
    description: 'Return a clear 400 for invalid callbacks and log the reason',
    expectedFiles: ['src/handlers/oauth.ts', 'src/lib/errors.ts'],
  },
];

const DISTRACTOR_FILES = ['src/middleware/auth.ts', 'src/config.ts', 'src/routes.ts', 'README.md'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A realistic, deterministic hour of heavy editing by one user:
 * - work blocks: open a file (first visit) or switch tab to it (later visits); mostly a file the phase expects,
 *   sometimes a distractor; 1 to 3 typing bursts of 15 to 90 s with a `buffer_update` every 1.2 to 4 s (Electron
 *   debounces keystrokes at ~300 ms, design brainstorm "Buffer state"); a save after most bursts; reading pauses
 *   of 5 to 45 s between bursts and 5 to 60 s between blocks;
 * - an Explain request in about one block in four, followed by its `explain_completed`;
 * - Claude Code acting between blocks (`mcp_tool_call`, `decorations_applied`, `coaching_message`);
 * - phase completions at about 14, 29 and 50 min (`phase_completed` then `phase_started` of the next phase);
 * - one idle of `idleForMs` (default 6 min) starting at `idleAtMs` (default 38 min).
 */
export function createEditingHourScript(options: EditingHourScriptOptions = {}): ScriptedEvent[] {
  const random = mulberry32(options.seed ?? 18);
  const durationMs = options.durationMs ?? 3_600_000;
  const idleAt = options.idleAtMs ?? 38 * 60_000;
  const idleFor = options.idleForMs ?? 6 * 60_000;
  const phaseEnds = [14 * 60_000, 29 * 60_000, 50 * 60_000];
  const between = (min: number, max: number) => Math.round(min + random() * (max - min));

  const events: ScriptedEvent[] = [];
  const firstPhase = SCRIPT_PHASES[0];
  if (firstPhase) events.push({ at: 0, type: 'phase_started', data: { phaseNumber: 1 }, phase: firstPhase });
  const opened = new Set<string>();
  let phaseIndex = 0;
  let current: string | null = null;
  let t = between(2_000, 8_000);
  let idleDone = false;

  while (t < durationMs) {
    const phaseEnd = phaseEnds[phaseIndex];
    if (phaseEnd !== undefined && t >= phaseEnd) {
      const done = SCRIPT_PHASES[phaseIndex];
      const next = SCRIPT_PHASES[phaseIndex + 1];
      events.push({ at: t, type: 'mcp_tool_call', data: { tool: 'paige_update_phase' } });
      events.push({
        at: t + 50,
        type: 'phase_completed',
        data: { phaseNumber: done?.number ?? phaseIndex + 1 },
      });
      if (next)
        events.push({ at: t + 100, type: 'phase_started', data: { phaseNumber: next.number }, phase: next });
      events.push({ at: t + 4_000, type: 'coaching_message', data: { type: 'success' } });
      phaseIndex += 1;
      t += between(20_000, 45_000); // reading the next phase
      continue;
    }
    if (!idleDone && t >= idleAt) {
      idleDone = true;
      t += idleFor;
      continue;
    }

    // Claude Code acting between blocks.
    if (random() < 0.3) {
      events.push({ at: t, type: 'mcp_tool_call', data: { tool: 'paige_highlight_lines' } });
      events.push({ at: t + 30, type: 'decorations_applied', data: { count: between(1, 4) } });
      t += between(3_000, 10_000);
    }

    // Pick a file and go to it.
    const phase = SCRIPT_PHASES[Math.min(phaseIndex, SCRIPT_PHASES.length - 1)];
    const expected = phase?.expectedFiles ?? [];
    const pool = random() < 0.8 ? expected : DISTRACTOR_FILES;
    const file = pool[Math.floor(random() * pool.length)] ?? 'src/handlers/oauth.ts';
    if (file !== current) {
      if (opened.has(file))
        events.push({ at: t, type: 'editor_tab_switch', data: { fromPath: current, toPath: file } });
      else events.push({ at: t, type: 'file_open', data: { path: file } });
      opened.add(file);
      current = file;
      t += between(3_000, 20_000); // reading before typing
    }

    // Typing bursts.
    const bursts = between(1, 3);
    for (let b = 0; b < bursts && t < durationMs; b += 1) {
      const burstEnd = t + between(15_000, 90_000);
      while (t < burstEnd) {
        events.push({ at: t, type: 'buffer_update', data: { path: file } });
        t += between(1_200, 4_000);
      }
      if (random() < 0.75) {
        events.push({ at: t, type: 'file_save', data: { path: file } });
        t += between(500, 2_000);
      }
      t += between(5_000, 45_000); // reading / thinking
    }

    // Sometimes ask for an explanation.
    if (random() < 0.25) {
      events.push({ at: t, type: 'user_explain_request', data: { path: file } });
      events.push({ at: t + between(4_000, 9_000), type: 'explain_completed', data: { path: file } });
      t += between(15_000, 40_000);
    }
    t += between(5_000, 60_000);
  }
  return events.filter((e) => e.at < durationMs).sort((a, b) => a.at - b.at);
}

// ------------------------------------------------------------------ running a script

/** A triage policy for simulations: decides from the snapshot alone. */
export type SimulatedTriagePolicy = (snapshot: TriageSnapshot) => TriageDecision;

/**
 * A plausible, conservative stand-in for the triage model: nudges `idle` (0.8) when the user is idle, `wrong_file`
 * (0.75) when the newest file action is outside the phase's expected files, else no nudge.
 */
export const defaultSimulatedPolicy: SimulatedTriagePolicy = (snapshot) => {
  const phase = snapshot.current_phase;
  const lastFile = [...snapshot.recent_actions].reverse().find((a) => a.path !== undefined)?.path;
  if (snapshot.user_idle) {
    return {
      should_nudge: true,
      confidence: 0.8,
      signal: 'idle',
      reasoning: 'No activity for several minutes.',
    };
  }
  if (phase && lastFile && !phase.expected_files.includes(lastFile)) {
    return {
      should_nudge: true,
      confidence: 0.75,
      signal: 'wrong_file',
      reasoning: `Working in ${lastFile}; the phase expects ${phase.expected_files.join(', ')}.`,
    };
  }
  return {
    should_nudge: false,
    confidence: 0.2,
    signal: 'no_nudge',
    reasoning: 'On track; leave them alone.',
  };
};

/** Options of {@link runScriptedSession}. */
export interface RunScriptedSessionOptions {
  script: readonly ScriptedEvent[];
  /** Total simulated time, ms (default: 1 hour, or the last event if later). */
  durationMs?: number;
  /** Simulated model latency, ms (default 900). */
  triageLatencyMs?: number;
  policy?: SimulatedTriagePolicy;
  settings?: Partial<ObserverSettings>;
  dreyfusStage?: DreyfusStage;
}

/** What a scripted run produced. */
export type ScriptedSessionResult = {
  stats: ObserverStats;
  /** Every snapshot sent to triage, in order. */
  snapshots: TriageSnapshot[];
  /** Every decision returned. */
  decisions: TriageDecision[];
  nudges: ObserverMessages['observer:nudge'][];
  actions: {
    [K in keyof ObserverActionData]: { type: K; data: ObserverActionData[K] };
  }[keyof ObserverActionData][];
  eventCount: number;
  simulatedMs: number;
};

/**
 * Plays `script` through a real Observer (session `sim`) on a fake clock with an in-memory bus and a simulated
 * triage function (`policy`, answering after `triageLatencyMs` of fake time). Deterministic.
 */
export async function runScriptedSession(options: RunScriptedSessionOptions): Promise<ScriptedSessionResult> {
  const clock = createFakeClock();
  const start = clock.now();
  const lastAt = options.script.at(-1)?.at ?? 0;
  const durationMs = Math.max(options.durationMs ?? 3_600_000, lastAt);
  const latency = options.triageLatencyMs ?? 900;
  const policy = options.policy ?? defaultSimulatedPolicy;
  const listeners = new Set<(event: ActivityEvent) => void>();
  const snapshots: TriageSnapshot[] = [];
  const decisions: TriageDecision[] = [];
  const nudges: ScriptedSessionResult['nudges'] = [];
  const actions: ScriptedSessionResult['actions'] = [];
  let phase: ObserverPhase | null = null;

  const observer = createObserver({
    sessionId: 'sim',
    clock,
    settings: options.settings,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getContext: () => ({ currentPhase: phase, dreyfusStage: options.dreyfusStage ?? 'novice' }),
    triage: (snapshot) =>
      new Promise((resolve) => {
        snapshots.push(snapshot);
        clock.setTimeout(() => {
          const decision = policy(snapshot);
          decisions.push(decision);
          resolve(decision);
        }, latency);
      }),
    broadcast: (type, payload) => {
      if (type === 'observer:nudge') nudges.push(payload as ObserverMessages['observer:nudge']);
    },
    logAction: (type, data) => {
      actions.push({ type, data } as ScriptedSessionResult['actions'][number]);
    },
  });

  observer.start();
  for (const event of options.script) {
    await clock.advanceToAsync(start + event.at);
    if (event.phase) phase = event.phase;
    const activity: ActivityEvent = {
      type: event.type,
      sessionId: 'sim',
      data: event.data,
      createdAt: new Date(clock.now()).toISOString(),
    };
    for (const listener of [...listeners]) listener(activity);
  }
  await clock.advanceToAsync(start + durationMs);
  const stats = observer.stats(); // a call in flight at the end is already counted
  observer.stop();
  await observer.whenIdle();
  return {
    stats,
    snapshots,
    decisions,
    nudges,
    actions,
    eventCount: options.script.length,
    simulatedMs: durationMs,
  };
}

// ------------------------------------------------------------------ cost

/** Haiku 4.5 list price, USD per million tokens (DESIGN section 5, platform.claude.com pricing). */
export const HAIKU_4_5_PRICE = Object.freeze({ inputPerMTok: 1, outputPerMTok: 5 });

/** Options of {@link estimateTriageCost}. All sizes in characters; tokens are estimated as chars / 4. */
export interface TriageCostOptions {
  snapshots: readonly TriageSnapshot[];
  /**
   * Fixed input per call besides the snapshot: the triage system prompt plus the structured-output schema.
   * Default 2,800 chars (~700 tokens): the discovery spec's `observer-triage` SYSTEM_PROMPT is ~1,200 chars, its
   * `responseSchema` as JSON Schema ~900 chars, and we allow ~700 chars of growth and message framing.
   */
  fixedInputChars?: number;
  /** Output per call, tokens (default 150: the JSON decision with a one- or two-sentence `reasoning`). */
  outputTokens?: number;
  price?: { inputPerMTok: number; outputPerMTok: number };
}

/** Result of {@link estimateTriageCost}. Costs in USD. */
export type TriageCostEstimate = {
  calls: number;
  avgInputTokens: number;
  outputTokensPerCall: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costPerCallUsd: number;
};

/** Estimates the token volume and USD cost of the triage calls that produced `snapshots` (chars/4 rule). */
export function estimateTriageCost(options: TriageCostOptions): TriageCostEstimate {
  const fixed = options.fixedInputChars ?? 2_800;
  const outputPerCall = options.outputTokens ?? 150;
  const price = options.price ?? HAIKU_4_5_PRICE;
  const calls = options.snapshots.length;
  const inputTokens = options.snapshots.reduce(
    (sum, s) => sum + Math.ceil((fixed + JSON.stringify(s).length) / 4),
    0,
  );
  const outputTokens = calls * outputPerCall;
  const costUsd = (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
  return {
    calls,
    avgInputTokens: calls === 0 ? 0 : Math.round(inputTokens / calls),
    outputTokensPerCall: outputPerCall,
    inputTokens,
    outputTokens,
    costUsd,
    costPerCallUsd: calls === 0 ? 0 : costUsd / calls,
  };
}
