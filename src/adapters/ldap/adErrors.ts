import type { ResultCodeError } from 'ldapts';
import type { DirectoryPasswordRefusal } from '../../domain/errors';
import type { PasswordCheck } from '../../ports/Directory';

/**
 * Active Directory puts the reason of a failed bind only in the message text: `data 52e`. The codes
 * are the Win32 errors of LogonUser; the ones below are those a shared account can meet.
 */
const BIND_SUBCODES: Readonly<Record<string, PasswordCheck['kind']>> = {
  '52e': 'wrong', // ERROR_LOGON_FAILURE: wrong password (or unknown user)
  '775': 'locked', // ERROR_ACCOUNT_LOCKED_OUT
  '773': 'valid-must-change', // ERROR_PASSWORD_MUST_CHANGE (pwdLastSet = 0): the password was right
  '532': 'valid-must-change', // ERROR_PASSWORD_EXPIRED: the password was right
  '533': 'disabled', // ERROR_ACCOUNT_DISABLED
  '701': 'disabled', // ERROR_ACCOUNT_EXPIRED
  '530': 'valid', // ERROR_INVALID_LOGON_HOURS: only reported once the password is right
  '531': 'valid', // ERROR_INVALID_WORKSTATION: likewise
};

/** The outcome of a refused bind (result 49); anything unrecognised counts as a wrong password. */
export function bindRefusal(error: ResultCodeError): PasswordCheck {
  const subcode = /\bdata ([0-9a-f]{3,8})\b/i.exec(error.message)?.[1]?.toLowerCase();
  const kind = (subcode && BIND_SUBCODES[subcode]) || 'wrong';
  return { kind } as PasswordCheck;
}

/**
 * Why AD refused a new password, from a constraintViolation (19) or unwillingToPerform (53) whose
 * text starts with `0000052D` (ERROR_PASSWORD_RESTRICTION). Samba names the rule in the text;
 * Windows usually does not, which gives 'other'. Null when the error is not a password refusal.
 */
export function passwordRefusal(error: ResultCodeError): DirectoryPasswordRefusal | null {
  if (error.code !== 19 && error.code !== 53) return null;
  const text = error.message.toLowerCase();
  if (!text.includes('0000052d')) return null;
  if (text.includes('history') || text.includes('already used')) return 'in-history';
  if (text.includes('too short')) return 'too-short';
  if (text.includes('too young')) return 'too-young';
  if (text.includes('complexity')) return 'complexity';
  return 'other';
}

const FILETIME_UNIX_EPOCH_MS = 11_644_473_600_000n;
const NEVER = 0x7fffffffffffffffn;

/** AD FILETIME (100 ns since 1601, as text) to a Date; null for 0, "never" and garbage. */
export function fileTime(text: string | null): Date | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  const ticks = BigInt(text);
  if (ticks === 0n || ticks >= NEVER) return null;
  return new Date(Number(ticks / 10_000n - FILETIME_UNIX_EPOCH_MS));
}

/**
 * msDS-UserPasswordExpiryTimeComputed (a FILETIME, as text) to "has the password expired at `now`?".
 * 0 and 0x7FFFFFFFFFFFFFFF mean it never expires (AD also gives 0 when pwdLastSet is 0, which
 * passwordLastSet = null already makes due); undefined when the attribute is absent or unreadable.
 */
export function passwordExpired(text: string | null, now: number): boolean | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const ticks = BigInt(text);
  if (ticks === 0n || ticks >= NEVER) return false;
  return Number(ticks / 10_000n - FILETIME_UNIX_EPOCH_MS) <= now;
}

/** AD interval (negative 100 ns units, as text, e.g. lockOutObservationWindow) in milliseconds. */
export function intervalMs(text: string | null): number | null {
  if (text === null || !/^-?\d+$/.test(text)) return null;
  const ticks = BigInt(text);
  const abs = ticks < 0n ? -ticks : ticks;
  if (abs >= NEVER) return Number.POSITIVE_INFINITY;
  return Number(abs / 10_000n);
}
