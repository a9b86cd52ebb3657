import twilio from 'twilio';
import { ConfigurationError, SmsRefused, SmsUnavailable, type SmsRefusalReason } from '../../domain/errors';
import { maskMobile } from '../../domain/phoneNumber';
import type { Logger } from '../../ports/Logger';
import type { OutgoingSms, SentSms, SmsSender } from '../../ports/SmsSender';

/** How Rotera authenticates to Twilio's REST API. */
export type TwilioCredentials =
  | { readonly kind: 'auth-token'; readonly authToken: string }
  /** An API key (`SK...`) and its secret: revocable on its own, the recommended choice in production. */
  | { readonly kind: 'api-key'; readonly apiKey: string; readonly apiSecret: string };

/** Who the SMS appears to come from. */
export type TwilioSender =
  /** A Twilio phone number in E.164, or an alphanumeric sender id (1-11 of A-Z a-z 0-9 space + - _ &; at least one letter). */
  | { readonly kind: 'from'; readonly from: string }
  /** A Messaging Service (`MG...`) that picks the sender per destination country. */
  | { readonly kind: 'messaging-service'; readonly messagingServiceSid: string };

export interface TwilioSmsSenderOptions {
  readonly accountSid: string;
  readonly credentials: TwilioCredentials;
  readonly sender: TwilioSender;
  /** Absolute URL Twilio posts delivery reports to: `${PUBLIC_BASE_URL}/api/sms/status`. */
  readonly statusCallbackUrl: string;
  readonly logger: Logger;
  /** Replaces `https://api.twilio.com`; only for tests against a local fake. Default: Twilio's own. */
  readonly apiBaseUrl?: string;
  /** Wait before the one retry of a transient failure; jitter of up to 50 % is added. Default 1000 ms. */
  readonly retryDelayMs?: number;
  /** Per-request timeout. Default 10 000 ms: the user is waiting in the chat. */
  readonly timeoutMs?: number;
  /**
   * Twilio drops a message still queued after this many seconds. Default 600: a code is valid for
   * 10 minutes, so a later delivery would only confuse.
   */
  readonly validityPeriodSeconds?: number;
  /** For tests: how to wait between tries. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const PHONE_SENDER = /^\+[1-9]\d{6,14}$/;
// Twilio's Alpha Sender API lists these characters; a sender id of digits only would look like a number.
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 +\-_&]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** Twilio error codes at send time that mean "this number will not work", whatever we retry. */
const REFUSALS: ReadonlyMap<number, SmsRefusalReason> = new Map<number, SmsRefusalReason>([
  [21211, 'invalid-number'],
  [21614, 'not-a-mobile'],
  // "To number is not reachable via SMS": a landline or similar, the same advice to the user.
  [21612, 'not-a-mobile'],
  [21408, 'country-not-enabled'],
  [21610, 'opted-out'],
  [20003, 'provider-auth'],
]);

/** Node socket errors after which the same request may well succeed a second later. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH']);

type Attempt = { readonly kind: 'sent'; readonly sent: SentSms } | { readonly kind: 'transient'; readonly error: SmsUnavailable };

/**
 * Sends SMS through Twilio's Messages API with the official SDK. Permanent refusals become
 * `SmsRefused(reason)`; rate limits, server errors and network failures are retried once after a
 * short backoff and then become `SmsUnavailable`. The body (it may carry a code) is never logged,
 * and neither is Twilio's error text (it repeats the destination number).
 */
export class TwilioSmsSender implements SmsSender {
  private readonly client: twilio.Twilio;
  private readonly retryDelayMs: number;
  private readonly validityPeriodSeconds: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger;

  constructor(private readonly options: TwilioSmsSenderOptions) {
    validateSender(options.sender);
    if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid)) {
      throw new ConfigurationError('TWILIO_ACCOUNT_SID: expected "AC" followed by 32 hexadecimal characters');
    }
    const [username, password] =
      options.credentials.kind === 'auth-token'
        ? [options.accountSid, options.credentials.authToken]
        : [options.credentials.apiKey, options.credentials.apiSecret];
    this.client = twilio(username, password, {
      accountSid: options.accountSid,
      // Explicit, so a TWILIO_LOG_LEVEL=debug in the environment cannot make the SDK print request bodies.
      logLevel: 'info',
      timeout: options.timeoutMs ?? 10_000,
      // Our own single retry below; the SDK's would retry 429 up to three times on its own.
      autoRetry: false,
    });
    if (options.apiBaseUrl !== undefined) this.client.api.baseUrl = options.apiBaseUrl;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.validityPeriodSeconds = options.validityPeriodSeconds ?? 600;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.logger = options.logger.child({ component: 'twilio' });
  }

  async send(sms: OutgoingSms): Promise<SentSms> {
    const first = await this.attempt(sms, 1);
    if (first.kind === 'sent') return first.sent;
    await this.sleep(this.retryDelayMs * (1 + Math.random() / 2));
    const second = await this.attempt(sms, 2);
    if (second.kind === 'sent') return second.sent;
    this.logger.error({ to: maskMobile(sms.to) }, 'sms provider unavailable after one retry');
    throw second.error;
  }

  private async attempt(sms: OutgoingSms, attempt: number): Promise<Attempt> {
    const sender = this.options.sender;
    try {
      const message = await this.client.messages.create({
        to: sms.to,
        body: sms.body,
        statusCallback: this.options.statusCallbackUrl,
        validityPeriod: this.validityPeriodSeconds,
        ...(sender.kind === 'from' ? { from: sender.from } : { messagingServiceSid: sender.messagingServiceSid }),
      });
      this.logger.info({ messageSid: message.sid, status: message.status, to: maskMobile(sms.to), attempt }, 'sms accepted by provider');
      return { kind: 'sent', sent: { providerMessageId: message.sid } };
    } catch (error: unknown) {
      return this.classify(error, sms, attempt);
    }
  }

  /**
   * Throws the permanent failures; returns the transient ones so `send` can retry them once. Twilio's error
   * number (21211, ...) is logged as `twilioErrorCode`: a field named `code` would be redacted as a security code.
   */
  private classify(error: unknown, sms: OutgoingSms, attempt: number): Attempt {
    const to = maskMobile(sms.to);
    if (error instanceof twilio.RestException) {
      const { status, code } = error;
      const reason = code !== undefined ? REFUSALS.get(code) : undefined;
      if (reason !== undefined || status === 401) {
        const refusal = reason ?? 'provider-auth';
        const log = refusal === 'provider-auth' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
        log({ status, twilioErrorCode: code, reason: refusal, to, attempt }, 'sms refused by provider');
        throw new SmsRefused(refusal);
      }
      if (status === 429 || status >= 500) {
        this.logger.warn({ status, twilioErrorCode: code, to, attempt }, 'sms provider failed transiently');
        return { kind: 'transient', error: new SmsUnavailable(`twilio answered ${status}${code !== undefined ? ` (${code})` : ''}`) };
      }
      // Any other 4xx is our request or our account (sender not allowed, no balance): retrying will not help,
      // and the user cannot fix it either.
      this.logger.error({ status, twilioErrorCode: code, to, attempt }, 'sms rejected by provider: check the Twilio settings and account');
      throw new SmsUnavailable(`twilio answered ${status}${code !== undefined ? ` (${code})` : ''}`);
    }
    const networkCode = errorCode(error);
    if (networkCode !== undefined && TRANSIENT_NETWORK_CODES.has(networkCode)) {
      this.logger.warn({ networkCode, to, attempt }, 'sms provider unreachable');
      return { kind: 'transient', error: new SmsUnavailable(`twilio unreachable (${networkCode})`) };
    }
    this.logger.error({ networkCode, errorName: error instanceof Error ? error.name : typeof error, to, attempt }, 'sms send failed unexpectedly');
    throw new SmsUnavailable('twilio request failed');
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

function validateSender(sender: TwilioSender): void {
  if (sender.kind === 'messaging-service') {
    if (!MESSAGING_SERVICE_SID.test(sender.messagingServiceSid)) {
      throw new ConfigurationError('TWILIO_MESSAGING_SERVICE_SID: expected "MG" followed by 32 hexadecimal characters');
    }
    return;
  }
  if (!PHONE_SENDER.test(sender.from) && !ALPHANUMERIC_SENDER.test(sender.from)) {
    throw new ConfigurationError(
      'TWILIO_FROM: expected a phone number in E.164 (+46...) or an alphanumeric sender id of 1-11 characters (A-Z a-z 0-9 space + - _ &) with at least one letter',
    );
  }
}
