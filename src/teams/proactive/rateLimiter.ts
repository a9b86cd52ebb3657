/** At most `max` requests in any window of `periodMs`. */
export interface RateLimit {
  readonly max: number;
  readonly periodMs: number;
}

/** Teams' published limits for a bot: per app and tenant, and per conversation (send and create alike). */
export const TEAMS_APP_LIMITS: readonly RateLimit[] = [{ max: 50, periodMs: 1_000 }];
export const TEAMS_CONVERSATION_LIMITS: readonly RateLimit[] = [
  { max: 7, periodMs: 1_000 },
  { max: 8, periodMs: 2_000 },
  { max: 60, periodMs: 30_000 },
  { max: 1_800, periodMs: 3_600_000 },
];

/** Time as the limiter sees it; tests pass a virtual one. */
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** While a request that blocks the window is still in flight, look again this often. */
const IN_FLIGHT_POLL_MS = 5;

/**
 * Recent requests, enough to answer "may one more go now, and if not, when". A request counts from the
 * moment it is let through until one period after its answer came back: Teams counts what it receives,
 * and a request let through at t may reach Teams any time before its answer. Counting it that long keeps
 * any window Teams looks at within the limit, however the network delays requests. (A token bucket of 50
 * refilled at 50/s would let 100 through in the first second; a log of start times alone lets a slow
 * batch and the next one arrive within the same second.)
 */
export class SlidingWindowLog {
  /** When answered requests came back, ascending. */
  private readonly events: number[] = [];
  private inFlight = 0;
  private readonly keep: number;

  constructor(private readonly limits: readonly RateLimit[]) {
    this.keep = Math.max(...limits.map((l) => l.max));
  }

  /** Milliseconds until one more request fits every limit; 0 when it fits now. */
  waitMs(now: number): number {
    let wait = 0;
    for (const limit of this.limits) {
      // Room for answered requests in the window once the in-flight ones and this one are counted.
      const room = limit.max - this.inFlight - 1;
      if (room < 0) {
        wait = Math.max(wait, IN_FLIGHT_POLL_MS);
        continue;
      }
      if (this.events.length <= room) continue;
      // The answered request that must leave the window first.
      const blocking = this.events[this.events.length - 1 - room] ?? Number.NEGATIVE_INFINITY;
      wait = Math.max(wait, blocking + limit.periodMs - now);
    }
    return wait;
  }

  start(): void {
    this.inFlight += 1;
  }

  finish(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.events.push(now);
    if (this.events.length > this.keep) this.events.splice(0, this.events.length - this.keep);
  }

  /** Nothing in the log still counts: the log can be dropped. */
  idle(now: number): boolean {
    const last = this.events[this.events.length - 1];
    const longest = Math.max(...this.limits.map((l) => l.periodMs));
    return this.inFlight === 0 && (last === undefined || last + longest <= now);
  }
}

/** A request let through: call `done` when its answer (or error) came back. */
export interface Grant {
  readonly at: number;
  done(): void;
}

/**
 * The app-wide limit and one log per conversation. `acquire` returns once a request to that
 * conversation fits both; checking and counting happen in one synchronous step, so concurrent
 * callers in this process can never overbook a window.
 */
export class ProactiveRateLimiter {
  private readonly app: SlidingWindowLog;
  private readonly conversations = new Map<string, SlidingWindowLog>();
  /** Until when a conversation is paused after a 429 with Retry-After. */
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly timer: Timer = realTimer,
    appLimits: readonly RateLimit[] = TEAMS_APP_LIMITS,
    private readonly conversationLimits: readonly RateLimit[] = TEAMS_CONVERSATION_LIMITS,
  ) {
    this.app = new SlidingWindowLog(appLimits);
  }

  async acquire(conversationId: string): Promise<Grant> {
    for (;;) {
      const now = this.timer.now();
      const conversation = this.conversationLog(conversationId);
      const wait = Math.max(this.app.waitMs(now), conversation.waitMs(now), (this.pausedUntil.get(conversationId) ?? 0) - now);
      if (wait <= 0) {
        this.app.start();
        conversation.start();
        let finished = false;
        return {
          at: now,
          done: () => {
            if (finished) return;
            finished = true;
            const end = this.timer.now();
            this.app.finish(end);
            conversation.finish(end);
          },
        };
      }
      await this.timer.sleep(wait);
    }
  }

  /** Teams said 429 with Retry-After: nothing more to that conversation until then. */
  pause(conversationId: string, ms: number): void {
    const until = this.timer.now() + ms;
    this.pausedUntil.set(conversationId, Math.max(until, this.pausedUntil.get(conversationId) ?? 0));
  }

  private conversationLog(conversationId: string): SlidingWindowLog {
    let log = this.conversations.get(conversationId);
    if (!log) {
      if (this.conversations.size >= 10_000) this.dropIdle();
      log = new SlidingWindowLog(this.conversationLimits);
      this.conversations.set(conversationId, log);
    }
    return log;
  }

  private dropIdle(): void {
    const now = this.timer.now();
    for (const [id, log] of this.conversations) if (log.idle(now)) this.conversations.delete(id);
    for (const [id, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(id);
  }
}
