import { SeededRandom } from './random.js';

/** Injected trouble for demos and tests; probabilities are from 0 (never) to 1 (every request). */
export interface FaultSettings {
  /** Extra delay before every response, in milliseconds. */
  latencyMs: number;
  /** Share of requests rejected with 429 and `Retry-After: 1`. */
  rateLimitRate: number;
  /** Share of requests rejected with 503 and Wix's empty system-error body. */
  serverErrorRate: number;
}

export const NO_FAULTS: FaultSettings = { latencyMs: 0, rateLimitRate: 0, serverErrorRate: 0 };

/**
 * Parses the SANDBOX_WIX_FAULTS format: comma-separated `latency=MS`, `429=RATE`, `5xx=RATE`,
 * for example `latency=800,429=0.2`. Throws on an unknown key or a value out of range.
 */
export function parseFaultSpec(spec: string | undefined): FaultSettings {
  const settings = { ...NO_FAULTS };
  for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, raw] = part.split('=', 2);
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value < 0) throw new RangeError(`SANDBOX_WIX_FAULTS: "${part}" needs a number of at least 0, as in latency=800 or 429=0.2`);
    if (key === 'latency') settings.latencyMs = value;
    else if (key === '429') settings.rateLimitRate = Math.min(1, value);
    else if (key === '5xx') settings.serverErrorRate = Math.min(1, value);
    else throw new RangeError(`SANDBOX_WIX_FAULTS: unknown key "${key}"; use latency, 429 or 5xx`);
  }
  return settings;
}

/** Validates a fault update sent to the control endpoint; returns null when it is not valid. */
export function mergeFaults(current: FaultSettings, update: unknown): FaultSettings | null {
  if (typeof update !== 'object' || update === null) return null;
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (!(key in NO_FAULTS) || typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
    if (key !== 'latencyMs' && value > 1) return null;
    next[key as keyof FaultSettings] = value;
  }
  return next;
}

export type FaultOutcome = 'ok' | 'rate_limited' | 'server_error';

/** Draws whether one request fails, from the settings in force. */
export function drawFault(settings: FaultSettings, random: SeededRandom): FaultOutcome {
  const roll = random.next();
  if (roll < settings.rateLimitRate) return 'rate_limited';
  if (roll < settings.rateLimitRate + settings.serverErrorRate) return 'server_error';
  return 'ok';
}
