/** One text message. `body` may carry a security code: adapters never log it. */
export interface OutgoingSms {
  /** E.164. Only ever the number on file, or the number being confirmed. */
  readonly to: string;
  readonly body: string;
}

export interface SentSms {
  /** The provider's message id, to match later delivery reports. */
  readonly providerMessageId: string;
}

/** Throws `SmsRefused` (permanent) or `SmsUnavailable` (transient, already retried). */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<SentSms>;
}
