import fc from 'fast-check';
import { CODE_FAILURE_LIMIT, CODE_SEND_LIMITS, RESEND_AFTER_MS, decide, prune, remaining, type WindowLimit } from '../../src/domain/slidingWindow';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T = 1_800_000_000_000;

describe('limits', () => {
  it('sends at most 3 codes per 15 minutes and 10 per day', () => {
    expect(CODE_SEND_LIMITS).toEqual([
      { max: 3, periodMs: 15 * MIN },
      { max: 10, periodMs: 24 * HOUR },
    ]);
  });

  it('allows 10 wrong codes per day and resend after a minute', () => {
    expect(CODE_FAILURE_LIMIT).toEqual({ max: 10, periodMs: 24 * HOUR });
    expect(RESEND_AFTER_MS).toBe(60_000);
  });
});

describe('decide', () => {
  it('allows when nothing happened', () => {
    expect(decide([], T, CODE_SEND_LIMITS)).toEqual({ allowed: true });
  });

  it('allows the third send in 15 minutes and refuses the fourth until the first leaves', () => {
    const two = [T - 10 * MIN, T - 5 * MIN];
    expect(decide(two, T, CODE_SEND_LIMITS)).toEqual({ allowed: true });
    const three = [...two, T - 1 * MIN];
    expect(decide(three, T, CODE_SEND_LIMITS)).toEqual({ allowed: false, retryAt: T - 10 * MIN + 15 * MIN });
  });

  it('allows again exactly when the oldest blocking event leaves the window', () => {
    const three = [T - 10 * MIN, T - 5 * MIN, T - 1 * MIN];
    expect(decide(three, T + 5 * MIN, CODE_SEND_LIMITS)).toEqual({ allowed: true });
    expect(decide(three, T + 5 * MIN - 1, CODE_SEND_LIMITS).allowed).toBe(false);
  });

  it('uses the daily limit when the short one is fine', () => {
    const ten = Array.from({ length: 10 }, (_, i) => T - 23 * HOUR + i * HOUR);
    expect(decide(ten, T, CODE_SEND_LIMITS)).toEqual({ allowed: false, retryAt: T - 23 * HOUR + 24 * HOUR });
  });

  it('takes the latest retry time when several limits block', () => {
    const limits: WindowLimit[] = [
      { max: 1, periodMs: 10 * MIN },
      { max: 2, periodMs: HOUR },
    ];
    const events = [T - 50 * MIN, T - 5 * MIN];
    expect(decide(events, T, limits)).toEqual({ allowed: false, retryAt: T - 50 * MIN + HOUR });
  });

  it('does not count events in the future', () => {
    expect(decide([T + 1, T + 2, T + 3], T, CODE_SEND_LIMITS)).toEqual({ allowed: true });
  });

  it('never allows when max is 0', () => {
    expect(decide([], T, [{ max: 0, periodMs: MIN }])).toEqual({ allowed: false, retryAt: Number.POSITIVE_INFINITY });
  });

  it('never lets more than max events into any window', () => {
    const limits = fc.array(fc.record({ max: fc.integer({ min: 1, max: 5 }), periodMs: fc.integer({ min: 1, max: 1000 }) }), {
      minLength: 1,
      maxLength: 3,
    });
    const gaps = fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 60 });
    fc.assert(
      fc.property(limits, gaps, (ls, steps) => {
        const accepted: number[] = [];
        let now = 0;
        for (const gap of steps) {
          now += gap;
          const decision = decide(accepted, now, ls);
          if (decision.allowed) accepted.push(now);
          else {
            expect(decision.retryAt).toBeGreaterThan(now);
            expect(decide(accepted, decision.retryAt, ls).allowed).toBe(true);
          }
        }
        for (const t of accepted) {
          for (const l of ls) {
            expect(accepted.filter((e) => e > t - l.periodMs && e <= t).length).toBeLessThanOrEqual(l.max);
          }
        }
      }),
    );
  });
});

describe('remaining', () => {
  it('counts what is left in the window', () => {
    const limit = { max: 3, periodMs: 30 * MIN };
    expect(remaining([], T, limit)).toBe(3);
    expect(remaining([T - 31 * MIN, T - 10 * MIN], T, limit)).toBe(2);
    expect(remaining([T - 3, T - 2, T - 1, T], T, limit)).toBe(0);
  });
});

describe('prune', () => {
  it('drops only events older than the longest window', () => {
    expect(prune([T - 25 * HOUR, T - 24 * HOUR, T - 23 * HOUR, T], T, 24 * HOUR)).toEqual([T - 23 * HOUR, T]);
  });

  it('does not change any decision', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 })), fc.integer({ min: 0, max: 10_000 }), (events, now) => {
        const longest = 24 * HOUR;
        expect(decide(prune(events, now, longest), now, CODE_SEND_LIMITS)).toEqual(decide(events, now, CODE_SEND_LIMITS));
      }),
    );
  });
});
