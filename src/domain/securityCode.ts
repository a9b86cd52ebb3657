import { createHmac, randomInt, timingSafeEqual } from 'crypto';
import type { CodePurpose } from './model';

export const CODE_DIGITS = 6;

/** What a code is bound to: it works only for this account, this Teams user and this purpose. */
export interface CodeBinding {
  readonly accountName: string;
  readonly teamsUserId: string;
  readonly purpose: CodePurpose;
}

/** What is stored for a live code; never the code itself. */
export interface CodeRecord {
  /** Hex HMAC-SHA256(key, canonical(binding) + code). */
  readonly digest: string;
  readonly binding: CodeBinding;
  /** Epoch ms. */
  readonly issuedAt: number;
  /** Epoch ms; issuedAt + ttl. */
  readonly expiresAt: number;
  readonly attemptsLeft: number;
  /** E.164 number the code was sent to (not secret; shown masked). */
  readonly destination: string;
}

export interface CodeOptions {
  /** How long a code lives. NIST's out-of-band rules allow at most 10 minutes. */
  readonly ttlMs: number;
  /** Wrong tries that end a code. */
  readonly maxAttempts: number;
}

export const defaultCodeOptions: CodeOptions = Object.freeze({ ttlMs: 10 * 60_000, maxAttempts: 5 });

export type CodeCheckResult =
  | { readonly kind: 'match' }
  /** Carries the updated record, which the caller must store. */
  | { readonly kind: 'wrong'; readonly record: CodeRecord; readonly attemptsLeft: number }
  | { readonly kind: 'expired' }
  /** This try used the last attempt, or none were left: the code is dead. */
  | { readonly kind: 'exhausted' }
  /** Not exactly 6 digits after removing spaces and dashes: no attempt used. */
  | { readonly kind: 'malformed' };

const CODE_SPACE = 10 ** CODE_DIGITS;
const CODE_SHAPE = new RegExp(`^[0-9]{${CODE_DIGITS}}$`);

function canonical(binding: CodeBinding): string {
  return JSON.stringify([binding.accountName.toLowerCase(), binding.teamsUserId, binding.purpose]);
}

function digestOf(key: Uint8Array | string, binding: CodeBinding, code: string): string {
  return createHmac('sha256', key).update(canonical(binding) + code).digest('hex');
}

function sameBinding(a: CodeBinding, b: CodeBinding): boolean {
  return a.accountName.toLowerCase() === b.accountName.toLowerCase() && a.teamsUserId === b.teamsUserId && a.purpose === b.purpose;
}

/** People copy codes as "123 456" or "123-456"; those separators are not a wrong try. */
export function normalizeCode(candidate: string): string | null {
  const compact = candidate.replace(/[\s-]/g, '');
  return CODE_SHAPE.test(compact) ? compact : null;
}

/**
 * Draws a fresh code and the record to store. `random` exists for tests only; production uses
 * `crypto.randomInt`, a CSPRNG, as NIST requires for out-of-band codes.
 */
export function issueCode(
  key: Uint8Array | string,
  binding: CodeBinding,
  destination: string,
  now: Date,
  options: CodeOptions = defaultCodeOptions,
  random: (maxExclusive: number) => number = (maxExclusive) => randomInt(0, maxExclusive),
): { code: string; record: CodeRecord } {
  const drawn = random(CODE_SPACE);
  if (!Number.isInteger(drawn) || drawn < 0 || drawn >= CODE_SPACE) {
    throw new RangeError('The code generator returned a value outside its range.');
  }
  const code = String(drawn).padStart(CODE_DIGITS, '0');
  const issuedAt = now.getTime();
  const record: CodeRecord = {
    digest: digestOf(key, binding, code),
    binding: { accountName: binding.accountName, teamsUserId: binding.teamsUserId, purpose: binding.purpose },
    issuedAt,
    expiresAt: issuedAt + options.ttlMs,
    attemptsLeft: options.maxAttempts,
    destination,
  };
  return { code, record };
}

/**
 * Checks a typed code against a stored record. The caller's binding (who asks, for what) is part of
 * the digest, so a code issued to someone else, for another account or another purpose never
 * matches, and such a try costs an attempt like any wrong code.
 */
export function checkCode(
  key: Uint8Array | string,
  record: CodeRecord,
  binding: CodeBinding,
  candidate: string,
  now: Date,
): CodeCheckResult {
  if (now.getTime() >= record.expiresAt) return { kind: 'expired' };
  if (record.attemptsLeft <= 0) return { kind: 'exhausted' };
  const code = normalizeCode(candidate);
  if (code === null) return { kind: 'malformed' };

  const expected = Buffer.from(record.digest, 'hex');
  const actual = Buffer.from(digestOf(key, binding, code), 'hex');
  // A stored digest of the wrong length (corrupt record) must not throw inside timingSafeEqual.
  const digestsEqual = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (digestsEqual && sameBinding(record.binding, binding)) return { kind: 'match' };

  const attemptsLeft = record.attemptsLeft - 1;
  if (attemptsLeft <= 0) return { kind: 'exhausted' };
  return { kind: 'wrong', record: { ...record, attemptsLeft }, attemptsLeft };
}
