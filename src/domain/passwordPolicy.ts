// API fixed by the lead; the implementation is filled in by the domain work.
export type CharacterKind = 'upper' | 'lower' | 'digit' | 'special';

/** Categories of blocked words; the word itself is never echoed back (it is part of the password). */
export type BlockedWordCategory = 'season-month-weekday' | 'common-word' | 'keyboard-run' | 'municipality';

/** One reason a new password is refused. Every failing rule is reported, not just the first. */
export type PolicyFailure =
  | { readonly kind: 'too-short'; readonly min: number }
  | { readonly kind: 'too-long'; readonly max: number }
  | { readonly kind: 'too-few-kinds'; readonly required: number; readonly missing: readonly CharacterKind[] }
  /** å ä ö Å Ä Ö and every other non-ASCII character. */
  | { readonly kind: 'non-ascii' }
  /** Control characters (tab, newline, ...). */
  | { readonly kind: 'control-character' }
  | { readonly kind: 'contains-account-name' }
  | { readonly kind: 'contains-display-name' }
  | { readonly kind: 'blocked-word'; readonly category: BlockedWordCategory };

export interface PasswordContext {
  readonly accountName: string;
  readonly displayName: string;
}

export interface PasswordPolicyOptions {
  readonly minLength: number;
  readonly maxLength: number;
  readonly requiredKinds: number;
  /** The municipality's name(s), blocked like the built-in words. */
  readonly municipalityNames: readonly string[];
}

export const defaultPasswordPolicy: PasswordPolicyOptions = {
  minLength: 8,
  maxLength: 128,
  requiredKinds: 3,
  municipalityNames: ['orebro'],
};

// ---------------------------------------------------------------------------------------------
// Implementation

/** A list of blocked words of one category. */
export interface BlockedWordList {
  readonly category: BlockedWordCategory;
  /** Refused anywhere in the password (after folding and de-leeting); words under 4 letters only as the whole remainder. */
  readonly words: readonly string[];
  /**
   * Refused only when, with leading and trailing digits and specials stripped, the password IS the word:
   * short or everyday words ("var", "maj", "host", "fall") that would otherwise refuse ordinary passphrases.
   */
  readonly wholeOnly: readonly string[];
}

/** The built-in blocklist, in folded ASCII spelling (å/ä -> a, ö -> o). The municipality comes from the options. */
export const DEFAULT_BLOCKLIST: readonly BlockedWordList[] = Object.freeze([
  {
    category: 'season-month-weekday',
    words: [
      'sommar', 'vinter',
      'januari', 'februari', 'mars', 'april', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december',
      'mandag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lordag', 'sondag',
      'summer', 'winter', 'spring', 'autumn',
      'january', 'february', 'march', 'june', 'july', 'august', 'october',
      'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
    ],
    wholeOnly: ['var', 'host', 'fall', 'may', 'jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'sept', 'okt', 'oct', 'nov', 'dec'],
  },
  {
    category: 'common-word',
    words: ['treserva', 'losenord', 'password', 'passord', 'welcome', 'valkommen', 'admin', 'sverige', 'sweden', 'letmein', 'hejhej'],
    wholeOnly: ['hej', 'pass'],
  },
  {
    category: 'keyboard-run',
    words: ['qwerty', 'qwertz', 'asdf', 'asdfgh', 'zxcv', '1234', '12345', '123456', '1qaz', 'qazwsx', 'abcd', 'abc123', '4321', '0000', '1111'],
    wholeOnly: [],
  },
]);

const KIND_ORDER: readonly CharacterKind[] = ['upper', 'lower', 'digit', 'special'];

/** Which of the four kinds the password has. Space and non-ASCII characters count as none of them. */
export function characterKinds(password: string): ReadonlySet<CharacterKind> {
  const kinds = new Set<CharacterKind>();
  for (const ch of password) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x41 && code <= 0x5a) kinds.add('upper');
    else if (code >= 0x61 && code <= 0x7a) kinds.add('lower');
    else if (code >= 0x30 && code <= 0x39) kinds.add('digit');
    else if (code >= 0x21 && code <= 0x7e) kinds.add('special');
  }
  return kinds;
}

const EXTRA_FOLDS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th' };

/** Lower case, diacritics dropped: "Örebro" -> "orebro", "Hemtjänst" -> "hemtjanst". */
export function foldToAscii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæøœłđþ]/g, (ch) => EXTRA_FOLDS[ch] ?? ch);
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/** Undoes leetspeak on folded text; "1" is read as `one` ('i' or 'l'). */
export function deleet(folded: string, one: 'i' | 'l' = 'i'): string {
  return folded.replace(/[013457@$!]/g, (ch) => (ch === '1' ? one : (LEET[ch] ?? ch)));
}

/** The readings of a password the word checks look at: as typed (folded), and de-leeted both ways. */
function readings(password: string): string[] {
  const folded = foldToAscii(password);
  return [...new Set([folded, deleet(folded, 'i'), deleet(folded, 'l')])];
}

/** "Hemtjänst Almby" -> "hemtjanstalmby": what is left when only letters and digits count. */
function compact(folded: string): string {
  return folded.replace(/[^a-z0-9]/g, '');
}

const isLetter = (ch: string): boolean => ch >= 'a' && ch <= 'z';

/**
 * Every way to strip leading and trailing digits and specials, de-leeted: "V@r2026!" -> ..., "v@r" -> "var".
 * Bounded by the longest word, since only remainders that could equal a word matter.
 */
function remainders(password: string, longestWord: number): Set<string> {
  const folded = foldToAscii(password);
  const chars = [...folded];
  let lead = 0;
  while (lead < chars.length && !isLetter(chars[lead] ?? '')) lead += 1;
  let trail = chars.length;
  while (trail > lead && !isLetter(chars[trail - 1] ?? '')) trail -= 1;
  const found = new Set<string>();
  for (let start = 0; start <= lead; start += 1) {
    for (let end = Math.max(trail, start + 1); end <= chars.length && end - start <= longestWord; end += 1) {
      const core = chars.slice(start, end).join('');
      found.add(core);
      found.add(deleet(core, 'i'));
      found.add(deleet(core, 'l'));
    }
  }
  return found;
}

/** Four or more equal characters, or four letters/digits in a row up or down ("rstu", "9876"). */
function hasRun(folded: string): boolean {
  const chars = [...folded];
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < chars.length; i += 1) {
    const prev = chars[i - 1] ?? '';
    const cur = chars[i] ?? '';
    const sequenceable = /[a-z0-9]/.test(prev) && /[a-z0-9]/.test(cur) && isLetter(prev) === isLetter(cur);
    const delta = (cur.codePointAt(0) ?? 0) - (prev.codePointAt(0) ?? 0);
    same = cur === prev ? same + 1 : 1;
    up = sequenceable && delta === 1 ? up + 1 : 1;
    down = sequenceable && delta === -1 ? down + 1 : 1;
    if (same >= 4 || up >= 4 || down >= 4) return true;
  }
  return false;
}

/** Splits a list into words matched inside the password and words matched only as the whole remainder. */
function partition(list: BlockedWordList): { contained: string[]; whole: string[] } {
  const all = [...list.words, ...list.wholeOnly].map((w) => compact(foldToAscii(w))).filter((w) => w.length > 0);
  const wholeOnly = new Set(list.wholeOnly.map((w) => compact(foldToAscii(w))));
  return { contained: all.filter((w) => w.length >= 4 && !wholeOnly.has(w)), whole: all };
}

let lastMunicipality: { readonly key: string; readonly list: BlockedWordList } | null = null;

/** The configured names rarely change, so the last list is reused (and stays prepared). */
function municipalityList(names: readonly string[]): BlockedWordList {
  const key = names.join('\u0000');
  if (lastMunicipality?.key !== key) {
    lastMunicipality = { key, list: { category: 'municipality', words: names.map((n) => compact(foldToAscii(n))), wholeOnly: [] } };
  }
  return lastMunicipality.list;
}

type PartitionedList = { readonly category: BlockedWordCategory; readonly contained: string[]; readonly whole: string[] };

const partitioned = new WeakMap<BlockedWordList, PartitionedList>();

/** Folding the lists costs more than checking a password, so each list is prepared once. */
function prepared(list: BlockedWordList): PartitionedList {
  let parts = partitioned.get(list);
  if (parts === undefined) {
    parts = { category: list.category, ...partition(list) };
    partitioned.set(list, parts);
  }
  return parts;
}

function blockedCategories(password: string, lists: readonly BlockedWordList[]): BlockedWordCategory[] {
  const seen = readings(password);
  const compactSeen = seen.map(compact);
  const parts = lists.map(prepared);
  const longest = Math.max(1, ...parts.flatMap((p) => p.whole.map((w) => w.length)));
  const cores = remainders(password, longest);
  const hits: BlockedWordCategory[] = [];
  for (const part of parts) {
    const contained = part.contained.some((word) => seen.some((r) => r.includes(word)) || compactSeen.some((r) => r.includes(word)));
    const whole = part.whole.some((word) => cores.has(word));
    const run = part.category === 'keyboard-run' && hasRun(foldToAscii(password));
    if ((contained || whole || run) && !hits.includes(part.category)) hits.push(part.category);
  }
  return hits;
}

function containsName(password: string, names: readonly string[]): boolean {
  const seen = readings(password);
  const candidates = [...seen, ...seen.map(compact)];
  return names.some((name) => {
    const nameReadings = [name, deleet(name, 'i'), deleet(name, 'l')];
    return nameReadings.some((n) => candidates.some((c) => c.includes(n)));
  });
}

function accountNames(context: PasswordContext): string[] {
  const name = foldToAscii(context.accountName.trim());
  return name.length >= 3 ? [name] : [];
}

/** The display name without spaces, and each word of four or more letters: "Hemtjänst Almby" -> hemtjanstalmby, hemtjanst, almby. */
function displayNames(context: PasswordContext): string[] {
  const folded = foldToAscii(context.displayName);
  const whole = compact(folded);
  const words = folded.split(/[^a-z0-9]+/).filter((w) => (w.match(/[a-z]/g)?.length ?? 0) >= 4);
  return [...new Set([whole, ...words])].filter((n) => n.length >= 3);
}

/**
 * Every rule the new password breaks, in a stable order; [] means acceptable. The password itself
 * never appears in a failure, so failures can be logged and shown.
 */
export function checkNewPassword(
  password: string,
  context: PasswordContext,
  options: PasswordPolicyOptions = defaultPasswordPolicy,
): PolicyFailure[] {
  const failures: PolicyFailure[] = [];
  const codePoints = [...password].map((ch) => ch.codePointAt(0) ?? 0);

  if (codePoints.length < options.minLength) failures.push({ kind: 'too-short', min: options.minLength });
  if (codePoints.length > options.maxLength) failures.push({ kind: 'too-long', max: options.maxLength });
  // DEL (0x7F) is ASCII but a control character; C1 controls (0x80-0x9F) are both.
  if (codePoints.some((c) => c > 0x7f)) failures.push({ kind: 'non-ascii' });
  if (codePoints.some((c) => c < 0x20 || (c >= 0x7f && c <= 0x9f))) failures.push({ kind: 'control-character' });

  const kinds = characterKinds(password);
  if (kinds.size < options.requiredKinds) {
    failures.push({ kind: 'too-few-kinds', required: options.requiredKinds, missing: KIND_ORDER.filter((k) => !kinds.has(k)) });
  }

  if (containsName(password, accountNames(context))) failures.push({ kind: 'contains-account-name' });
  if (containsName(password, displayNames(context))) failures.push({ kind: 'contains-display-name' });

  const lists = [...DEFAULT_BLOCKLIST, municipalityList(options.municipalityNames)];
  for (const category of blockedCategories(password, lists)) failures.push({ kind: 'blocked-word', category });
  return failures;
}
