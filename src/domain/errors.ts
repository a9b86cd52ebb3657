/**
 * Failures that are not a user's mistake and that use cases do not turn into typed results.
 * Adapters translate vendor errors into these; the Teams edge turns them into a polite message.
 * Messages are for logs: they never carry a password, a code or a directory's own error text.
 */
export abstract class RoteraError extends Error {
  abstract override readonly name: string;
}

/** The directory could not be reached or answered with something unexpected. Nothing was changed. */
export class DirectoryUnavailable extends RoteraError {
  override readonly name = 'DirectoryUnavailable';
  constructor(detail = 'directory unavailable', options?: { cause?: unknown }) {
    super(detail, options);
  }
}

/** The SMS provider could not be reached or failed transiently. No code was consumed. */
export class SmsUnavailable extends RoteraError {
  override readonly name = 'SmsUnavailable';
  constructor(detail = 'sms provider unavailable', options?: { cause?: unknown }) {
    super(detail, options);
  }
}

/** Why the SMS provider refused a message for good. */
export type SmsRefusalReason =
  | 'invalid-number'
  | 'not-a-mobile'
  | 'country-not-enabled'
  | 'opted-out'
  | 'provider-auth'
  | 'daily-cap-reached';

/** The SMS provider (or Rotera's own guard) refused to send. No code was consumed. */
export class SmsRefused extends RoteraError {
  override readonly name = 'SmsRefused';
  constructor(
    readonly reason: SmsRefusalReason,
    options?: { cause?: unknown },
  ) {
    super(`sms refused: ${reason}`, options);
  }
}

/** Why the directory refused a new password. */
export type DirectoryPasswordRefusal = 'in-history' | 'complexity' | 'too-short' | 'too-young' | 'other';

/** The directory refused the new password; nothing was changed. */
export class PasswordRejectedByDirectory extends RoteraError {
  override readonly name = 'PasswordRejectedByDirectory';
  constructor(
    readonly reason: DirectoryPasswordRefusal,
    options?: { cause?: unknown },
  ) {
    super(`directory refused the new password: ${reason}`, options);
  }
}

/** An optimistic-concurrency check failed in the store: someone else wrote first. */
export class ConcurrencyConflict extends RoteraError {
  override readonly name = 'ConcurrencyConflict';
  constructor(readonly key: string) {
    super(`concurrent write to ${key}`);
  }
}

/** The store could not be reached. */
export class StoreUnavailable extends RoteraError {
  override readonly name = 'StoreUnavailable';
  constructor(detail = 'store unavailable', options?: { cause?: unknown }) {
    super(detail, options);
  }
}

/** A setting is missing or wrong; names the setting. */
export class ConfigurationError extends RoteraError {
  override readonly name = 'ConfigurationError';
}
