import { SmsRefused, SmsUnavailable, type SmsRefusalReason } from '../../domain/errors';
import type { OutgoingSms, SentSms, SmsSender } from '../../ports/SmsSender';

export interface RecordedSms extends OutgoingSms {
  readonly providerMessageId: string;
}

/** An SmsSender for tests: records what would have been sent; can be told to refuse or fail the next send. */
export class RecordingSmsSender implements SmsSender {
  readonly sent: RecordedSms[] = [];
  private nextFailure: { readonly kind: 'refuse'; readonly reason: SmsRefusalReason } | { readonly kind: 'unavailable' } | null = null;
  private counter = 0;

  async send(sms: OutgoingSms): Promise<SentSms> {
    const failure = this.nextFailure;
    this.nextFailure = null;
    if (failure?.kind === 'refuse') throw new SmsRefused(failure.reason);
    if (failure?.kind === 'unavailable') throw new SmsUnavailable('recording sender told to fail');
    this.counter += 1;
    const providerMessageId = `recorded-${this.counter}`;
    this.sent.push({ to: sms.to, body: sms.body, providerMessageId });
    return { providerMessageId };
  }

  refuseNext(reason: SmsRefusalReason): void {
    this.nextFailure = { kind: 'refuse', reason };
  }

  failNext(): void {
    this.nextFailure = { kind: 'unavailable' };
  }

  last(): RecordedSms | undefined {
    return this.sent[this.sent.length - 1];
  }

  /** The six-digit code in the last message (what the person would read off their phone). */
  lastCode(): string {
    const match = /\b(\d{6})\b/.exec(this.last()?.body ?? '');
    if (!match?.[1]) throw new Error('the last SMS carries no code');
    return match[1];
  }
}
