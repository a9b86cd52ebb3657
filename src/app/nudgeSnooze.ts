import { createHash } from 'crypto';
import { normalizeDn } from '../domain/access';
import { calendarDay, isoDay, nextWorkingDay, type DayNumber, type NudgeOptions } from '../domain/rotationNudges';
import type { Clock } from '../ports/Clock';
import type { Store } from '../ports/Store';

/** "Påminn mig i morgon": remind this person about this account again on a given working day. */
export interface Snooze {
  readonly account: string;
  readonly personDn: string;
  /** The working day whose sweep sends the reminder. */
  readonly untilDay: DayNumber;
  readonly at: number;
}

export const SNOOZE_PREFIX = 'nudge-snooze/';
/** Longer than any run of days off, short enough that a forgotten snooze cleans itself up. */
const SNOOZE_TTL_MS = 14 * 86_400_000;

export class NudgeSnoozes {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: NudgeOptions,
  ) {}

  static key(account: string, personDn: string): string {
    const identity = JSON.stringify([account.toLowerCase(), normalizeDn(personDn)]);
    return SNOOZE_PREFIX + createHash('sha256').update(identity, 'utf8').digest('hex');
  }

  /** Until the next working day's sweep; pressing it again the same day changes nothing. */
  async snooze(account: string, personDn: string): Promise<{ readonly untilDay: DayNumber; readonly untilIso: string }> {
    const now = this.clock.now();
    const untilDay = nextWorkingDay(calendarDay(now, this.options.timeZone), this.options);
    const snooze: Snooze = { account, personDn, untilDay, at: now.getTime() };
    await this.store.put(NudgeSnoozes.key(account, personDn), snooze, { ttlMs: SNOOZE_TTL_MS });
    return { untilDay, untilIso: isoDay(untilDay) };
  }

  /** Every live snooze, by key: read once per sweep instead of once per account and person. */
  async all(): Promise<Map<string, Snooze>> {
    const found = new Map<string, Snooze>();
    for await (const { key, value } of this.store.list<Snooze>(SNOOZE_PREFIX)) found.set(key, value);
    return found;
  }

  async clear(account: string, personDn: string): Promise<void> {
    await this.store.delete(NudgeSnoozes.key(account, personDn));
  }
}
