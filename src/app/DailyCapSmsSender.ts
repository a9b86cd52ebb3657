import { ConcurrencyConflict, SmsRefused, SmsUnavailable } from '../domain/errors';
import type { Clock } from '../ports/Clock';
import type { Logger } from '../ports/Logger';
import type { OutgoingSms, SentSms, SmsSender } from '../ports/SmsSender';
import type { Store } from '../ports/Store';

export interface DailyCapOptions {
  /** SMS the whole bot may send per day (Swedish calendar day); SMS_DAILY_CAP. */
  readonly cap: number;
  /** The calendar whose midnight starts a new day. Default Europe/Stockholm. */
  readonly timeZone?: string;
}

interface DayCounter {
  readonly count: number;
  /** Whether the "cap reached" alert was logged for this day. */
  readonly alerted: boolean;
}

export const DAILY_CAP_KEY_PREFIX = 'sms-daily-cap/';
/** Long enough to outlive its day in any time zone, short enough not to pile up. */
const COUNTER_TTL_MS = 48 * 60 * 60 * 1000;
/** Optimistic-concurrency retries before giving up; two bot instances rarely collide more than once. */
const MAX_CONFLICTS = 20;

/**
 * An SmsSender in front of the real one that stops all sending once the bot has sent `cap` SMS today:
 * a guard against a bug or an attacker running up the bill or flooding people's phones. The count
 * lives in the Store with eTag checks, so several bot instances share it. A send the provider refuses
 * or fails gives its slot back. Reaching the cap logs an alert once per day.
 */
export class DailyCapSmsSender implements SmsSender {
  private readonly dayFormat: Intl.DateTimeFormat;

  constructor(
    private readonly inner: SmsSender,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DailyCapOptions,
  ) {
    // sv-SE formats a date as YYYY-MM-DD.
    this.dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: options.timeZone ?? 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  async send(sms: OutgoingSms): Promise<SentSms> {
    const key = `${DAILY_CAP_KEY_PREFIX}${this.dayFormat.format(this.clock.now())}`;
    await this.reserve(key);
    try {
      return await this.inner.send(sms);
    } catch (error) {
      await this.release(key).catch((releaseError: unknown) =>
        this.logger.warn({ key, errorName: releaseError instanceof Error ? releaseError.name : typeof releaseError }, 'could not give back a daily sms slot after a failed send'),
      );
      throw error;
    }
  }

  /** Sent today so far (for health and status pages). */
  async sentToday(): Promise<number> {
    const key = `${DAILY_CAP_KEY_PREFIX}${this.dayFormat.format(this.clock.now())}`;
    return (await this.store.get<DayCounter>(key))?.value.count ?? 0;
  }

  private async reserve(key: string): Promise<void> {
    for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts += 1) {
      const current = await this.store.get<DayCounter>(key);
      const counter = current?.value ?? { count: 0, alerted: false };
      const condition = current ? { ifMatch: current.eTag } : { ifNoneMatch: true as const };
      try {
        if (counter.count >= this.options.cap) {
          if (!counter.alerted) {
            // Only the writer that flips the flag logs, so several instances still alert once.
            await this.store.put<DayCounter>(key, { ...counter, alerted: true }, { ...condition, ttlMs: COUNTER_TTL_MS });
            this.logger.error(
              { alert: 'sms-daily-cap-reached', cap: this.options.cap, day: key.slice(DAILY_CAP_KEY_PREFIX.length) },
              'SMS daily cap reached: no more SMS are sent today and users are told to call support',
            );
          }
          throw new SmsRefused('daily-cap-reached');
        }
        await this.store.put<DayCounter>(key, { ...counter, count: counter.count + 1 }, { ...condition, ttlMs: COUNTER_TTL_MS });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
      }
    }
    throw new SmsUnavailable('daily sms counter too contended');
  }

  private async release(key: string): Promise<void> {
    for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts += 1) {
      const current = await this.store.get<DayCounter>(key);
      if (!current || current.value.count === 0) return;
      try {
        await this.store.put<DayCounter>(key, { ...current.value, count: current.value.count - 1 }, { ifMatch: current.eTag, ttlMs: COUNTER_TTL_MS });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
      }
    }
    // The slot stays used: the cap errs on the side of sending less.
    this.logger.warn({ key }, 'could not give back a daily sms slot after a failed send');
  }
}
