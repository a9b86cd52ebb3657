import { SmsRefused } from '../domain/errors';
import type { CodePurpose } from '../domain/model';
import { checkCode, issueCode, type CodeBinding, type CodeOptions, type CodeRecord } from '../domain/securityCode';
import { CODE_FAILURE_LIMIT, CODE_SEND_LIMITS } from '../domain/slidingWindow';
import type { Clock } from '../ports/Clock';
import type { SentSms } from '../ports/SmsSender';
import type { Store } from '../ports/Store';
import type { CodeRefusal } from './contracts';
import { retryOnConflict } from './concurrency';
import { EventLog } from './eventLog';
import { storeKeys } from './storeKeys';

/** An expired record stays readable a while longer, so the user hears "expired, get a new one" rather than "no code". */
const EXPIRED_RECORD_GRACE_MS = 60 * 60_000;

export type CodeIssue =
  | { readonly kind: 'sent'; readonly record: CodeRecord; readonly sent: SentSms }
  | { readonly kind: 'rate-limited'; readonly retryAt: Date }
  | { readonly kind: 'resend-too-early'; readonly resendAt: Date }
  | { readonly kind: 'sms-refused'; readonly error: SmsRefused };

export type CodeCheck = { readonly kind: 'match'; readonly record: CodeRecord; readonly eTag: string } | CodeRefusal;

/**
 * Issues, stores and checks security codes. A code exists only as its keyed HMAC in a CodeRecord under
 * one key per account and purpose, so a new code replaces the old. Sends are counted per account (codes
 * of both purposes together), wrong tries per account and purpose; a new code never resets the wrong-try count.
 */
export class CodeBook {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly key: string,
    private readonly options: CodeOptions,
  ) {}

  /**
   * Issues a code bound to `binding` and hands it to `deliver` (which sends the SMS to `destination`).
   * The record is stored (replacing the live one) only once delivery succeeded. If delivery throws, the
   * store is untouched and the send is not counted; `SmsRefused` becomes an outcome, anything else is rethrown.
   */
  async issue(
    binding: CodeBinding,
    destination: string,
    deliver: (code: string, record: CodeRecord) => Promise<SentSms>,
    options: { readonly minimumGapMs?: number } = {},
  ): Promise<CodeIssue> {
    const now = this.clock.now();
    const at = now.getTime();
    const failures = await this.failures(binding.purpose, binding.accountName).decision(at);
    if (!failures.allowed) return { kind: 'rate-limited', retryAt: new Date(failures.retryAt) };

    if (options.minimumGapMs !== undefined) {
      // The gap is between codes of one purpose ("Skicka ny kod"); the limits below count every code of the
      // account, so a reset right after confirming a new mobile is not made to wait.
      const live = await this.store.get<CodeRecord>(storeKeys.code(binding.purpose, binding.accountName));
      const resendAt = live ? live.value.issuedAt + options.minimumGapMs : -Infinity;
      if (resendAt > at) return { kind: 'resend-too-early', resendAt: new Date(resendAt) };
    }
    const sends = this.sends(binding.accountName);
    const reservation = await sends.reserve(at);
    if (!reservation.reserved) return { kind: 'rate-limited', retryAt: new Date(reservation.retryAt) };

    // Send first, store after: a failed send must leave the live code (if any) exactly as it was, so
    // "Skicka ny kod" during an SMS outage does not take away the code already on the phone.
    const { code, record } = issueCode(this.key, binding, destination, now, this.options);
    let sent: SentSms;
    try {
      sent = await deliver(code, record);
    } catch (error) {
      await sends.release(reservation.id);
      if (error instanceof SmsRefused) return { kind: 'sms-refused', error };
      throw error;
    }
    // The SMS is out, so the send stays counted even if storing fails. The put is unconditional: the new
    // code replaces whatever is stored, whatever a concurrent wrong try did to it meanwhile.
    await this.store.put(storeKeys.code(binding.purpose, binding.accountName), record, { ttlMs: this.options.ttlMs + EXPIRED_RECORD_GRACE_MS });
    return { kind: 'sent', record, sent };
  }

  /**
   * Checks a typed code for the binding's account and purpose. A match leaves the record in place (the
   * caller consumes it once its action succeeded); every other answer already updated the store.
   */
  async check(binding: CodeBinding, candidate: string): Promise<CodeCheck> {
    const codeKey = storeKeys.code(binding.purpose, binding.accountName);
    const failures = this.failures(binding.purpose, binding.accountName);
    return retryOnConflict(async (): Promise<CodeCheck> => {
      const now = this.clock.now();
      const stored = await this.store.get<CodeRecord>(codeKey);
      if (!stored) return { kind: 'no-code' };
      if (!(await failures.decision(now.getTime())).allowed) {
        await this.store.delete(codeKey, { ifMatch: stored.eTag });
        return { kind: 'too-many-attempts' };
      }
      const result = checkCode(this.key, stored.value, binding, candidate, now);
      switch (result.kind) {
        case 'match':
          return { kind: 'match', record: stored.value, eTag: stored.eTag };
        case 'malformed':
          return { kind: 'malformed-code' };
        case 'expired':
          await this.store.delete(codeKey, { ifMatch: stored.eTag });
          return { kind: 'code-expired' };
        case 'exhausted':
          await this.store.delete(codeKey, { ifMatch: stored.eTag });
          await failures.record(now.getTime());
          return { kind: 'too-many-attempts' };
        case 'wrong': {
          const ttlMs = Math.max(1, result.record.expiresAt - now.getTime() + EXPIRED_RECORD_GRACE_MS);
          const eTag = await this.store.put(codeKey, result.record, { ifMatch: stored.eTag, ttlMs });
          await failures.record(now.getTime());
          const accountTriesLeft = await failures.remaining(now.getTime());
          if (accountTriesLeft <= 0) {
            await this.store.delete(codeKey, { ifMatch: eTag }).catch(() => undefined);
            return { kind: 'too-many-attempts' };
          }
          return { kind: 'wrong-code', attemptsLeft: Math.min(result.attemptsLeft, accountTriesLeft) };
        }
      }
    });
  }

  /** Removes a matched code so it cannot be used twice; throws ConcurrencyConflict if someone else already did. */
  async consume(purpose: CodePurpose, accountName: string, eTag: string): Promise<void> {
    await this.store.delete(storeKeys.code(purpose, accountName), { ifMatch: eTag });
  }

  private sends(accountName: string): EventLog {
    return new EventLog(this.store, storeKeys.codeSends(accountName), CODE_SEND_LIMITS);
  }

  private failures(purpose: CodePurpose, accountName: string): EventLog {
    return new EventLog(this.store, storeKeys.codeFailures(purpose, accountName), [CODE_FAILURE_LIMIT]);
  }
}
