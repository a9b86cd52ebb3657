/**
 * Rate limits and attempt guards as pure functions over event timestamps (epoch ms). The caller
 * stores the list per key (account + purpose) and appends an event when one happens.
 */

export interface WindowLimit {
  readonly max: number;
  readonly periodMs: number;
}

export type WindowDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAt: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Codes sent per account and purpose, so nobody can flood the unit's phone with SMS. */
export const CODE_SEND_LIMITS: readonly WindowLimit[] = Object.freeze([
  Object.freeze({ max: 3, periodMs: 15 * MINUTE }),
  Object.freeze({ max: 10, periodMs: 24 * HOUR }),
]);

/** Wrong codes per account and purpose across codes: issuing a new code does not reset it (NIST). */
export const CODE_FAILURE_LIMIT: WindowLimit = Object.freeze({ max: 10, periodMs: 24 * HOUR });

/** The "send a new code" button appears this long after a send; SMS can take minutes to arrive. */
export const RESEND_AFTER_MS = 60_000;

/** Events inside (now - periodMs, now], oldest first. Events after `now` are not counted. */
function inWindow(events: readonly number[], now: number, periodMs: number): number[] {
  const start = now - periodMs;
  return events.filter((t) => t > start && t <= now).sort((a, b) => a - b);
}

/**
 * Allowed when every limit has fewer than `max` events in its window. When refused, `retryAt` is the
 * first moment at which every limit would allow one more event (if nothing else happens meanwhile).
 */
export function decide(events: readonly number[], now: number, limits: readonly WindowLimit[]): WindowDecision {
  let retryAt: number | null = null;
  for (const limit of limits) {
    const recent = inWindow(events, now, limit.periodMs);
    if (recent.length < limit.max) continue;
    // Enough events must leave for the count to drop to max - 1; the one that gets us there sets the time.
    const leaving = limit.max <= 0 ? undefined : recent[recent.length - limit.max];
    const limitRetry = leaving === undefined ? Number.POSITIVE_INFINITY : leaving + limit.periodMs;
    retryAt = retryAt === null ? limitRetry : Math.max(retryAt, limitRetry);
  }
  return retryAt === null ? { allowed: true } : { allowed: false, retryAt };
}

/** How many more events the limit allows now. */
export function remaining(events: readonly number[], now: number, limit: WindowLimit): number {
  return Math.max(0, limit.max - inWindow(events, now, limit.periodMs).length);
}

/** Drops events no window can see any more, so stored lists stay short. */
export function prune(events: readonly number[], now: number, longestPeriodMs: number): number[] {
  const start = now - longestPeriodMs;
  return events.filter((t) => t > start);
}
