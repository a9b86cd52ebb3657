import parsePhoneNumberFromString, { type NumberType } from 'libphonenumber-js/max';

/** Why a number cannot be a recovery mobile. */
export type PhoneProblem =
  /** Not a phone number at all (letters, too short, too long, unknown country code). */
  | 'not-a-number'
  /** A real number, but a landline (or VoIP, pager, ...): it cannot receive the code reliably. */
  | 'not-a-mobile'
  /** Premium-rate, shared-cost, toll-free or other special service number. */
  | 'special-service';

export type ParsedMobile = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly problem: PhoneProblem };

const SPECIAL_SERVICE: ReadonlySet<NumberType> = new Set<NumberType>([
  'PREMIUM_RATE',
  'SHARED_COST',
  'TOLL_FREE',
  'UAN',
  'VOICEMAIL',
  'PERSONAL_NUMBER',
]);

/** Characters people type around numbers; anything else (letters, `*`, `#`) makes the input junk. */
const TYPED_NUMBER = /^[+0-9\s\-().]{3,32}$/;

/**
 * Parses what a Swedish user types as a mobile number: `070-123 45 67`, `+46 70 123 45 67`, `0046 70...`.
 * Numbers without a country code are Swedish. Only mobiles (or numbers the metadata cannot tell from one) pass.
 */
export function parseMobile(raw: string): ParsedMobile {
  const typed = raw.trim();
  if (!TYPED_NUMBER.test(typed)) return { ok: false, problem: 'not-a-number' };
  const international = typed.replace(/^00/, '+');
  const phone = parsePhoneNumberFromString(international, 'SE');
  if (!phone || !phone.isValid()) return { ok: false, problem: 'not-a-number' };
  const type = phone.getType();
  if (type !== undefined && SPECIAL_SERVICE.has(type)) return { ok: false, problem: 'special-service' };
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, problem: 'not-a-mobile' };
  return { ok: true, e164: phone.number };
}

/** `+46701234567` -> `+46 70•••••67`: enough to recognise one's own number, not enough to learn someone else's. */
export function maskMobile(e164: string): string {
  const phone = parsePhoneNumberFromString(e164);
  const countryCode = phone ? `+${phone.countryCallingCode}` : e164.slice(0, 3);
  const national = phone ? String(phone.nationalNumber) : e164.slice(3);
  if (national.length <= 4) return `${countryCode} ${'•'.repeat(national.length)}`;
  const hidden = national.length - 4;
  return `${countryCode} ${national.slice(0, 2)}${'•'.repeat(hidden)}${national.slice(-2)}`;
}
