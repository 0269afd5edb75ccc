import { ObserverError } from './errors.js';
import type { ObserverSettings } from './types.js';

/**
 * The spec's defaults.
 * - `idleMs` 300,000: "user idle longer than the configured time (default 5 min)" (issue 9, discovery Story 10
 *   "Trigger Events", design brainstorm "Observer Trigger Model").
 * - `bufferUpdateEvery` 5, `explainEvery` 3: primary Story 10 "Observer Triage Triggers", AS-11.
 * - `flowStateThreshold` 10 in `flowStateWindowMs` 60,000: primary Story 10 AS-6 "Flow State Detection Algorithm".
 * - `confidenceThreshold` 0.7: primary Story 10 AS-9 "Nudge Delivery Confidence Threshold".
 * - `cooldownMs` 120,000: primary Story 10 AS-4/AS-5.
 * - `recentActionLimit` 20: discovery Story 10 "Context Snapshot Assembly" (FR-137).
 * - `cooldownSkipsTriage` true: discovery FR-133 / Scenario 10.7 (a trigger in cooldown skips the model call);
 *   a decision made in cooldown could never be delivered, so the call would be pure cost.
 */
export const DEFAULT_OBSERVER_SETTINGS: Readonly<ObserverSettings> = Object.freeze({
  idleMs: 300_000,
  bufferUpdateEvery: 5,
  explainEvery: 3,
  flowStateThreshold: 10,
  flowStateWindowMs: 60_000,
  confidenceThreshold: 0.7,
  cooldownMs: 120_000,
  recentActionLimit: 20,
  cooldownSkipsTriage: true,
});

const POSITIVE_INTEGERS = ['bufferUpdateEvery', 'explainEvery', 'recentActionLimit'] as const;
const POSITIVE_DURATIONS = ['idleMs', 'flowStateWindowMs'] as const;

/**
 * Merges overrides onto {@link DEFAULT_OBSERVER_SETTINGS} and validates them.
 * @throws ObserverError `INVALID_SETTINGS` when a value is not finite or out of range (counts and the idle and
 *   window durations must be > 0, `cooldownMs` and `flowStateThreshold` >= 0, `confidenceThreshold` in 0..1).
 */
export function resolveObserverSettings(overrides: Partial<ObserverSettings> = {}): ObserverSettings {
  const fail = (key: string, rule: string): never => {
    throw new ObserverError('INVALID_SETTINGS', `observer setting ${key} must be ${rule}`);
  };
  const merged: ObserverSettings = { ...DEFAULT_OBSERVER_SETTINGS };
  for (const key of Object.keys(merged) as (keyof ObserverSettings)[]) {
    const value = overrides[key];
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  if (typeof merged.cooldownSkipsTriage !== 'boolean') fail('cooldownSkipsTriage', 'a boolean');
  for (const key of POSITIVE_INTEGERS) {
    if (!Number.isInteger(merged[key]) || merged[key] < 1) fail(key, 'an integer >= 1');
  }
  for (const key of POSITIVE_DURATIONS) {
    if (!Number.isFinite(merged[key]) || merged[key] <= 0) fail(key, 'a duration > 0 ms');
  }
  if (!Number.isFinite(merged.cooldownMs) || merged.cooldownMs < 0) fail('cooldownMs', 'a duration >= 0 ms');
  if (!Number.isInteger(merged.flowStateThreshold) || merged.flowStateThreshold < 0) {
    fail('flowStateThreshold', 'an integer >= 0');
  }
  if (
    !Number.isFinite(merged.confidenceThreshold) ||
    merged.confidenceThreshold < 0 ||
    merged.confidenceThreshold > 1
  ) {
    fail('confidenceThreshold', 'a number in 0..1');
  }
  return merged;
}
