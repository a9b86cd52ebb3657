/**
 * Free-text intents in Swedish and English, matched as whole phrases after normalising, never by
 * `includes`: "jag vill inte byta lösenord" must not start a reset.
 */
export type Intent = 'reset' | 'register-mobile' | 'my-accounts' | 'help' | 'cancel' | 'welcome';

const PHRASES: Readonly<Record<Intent, readonly string[]>> = {
  reset: [
    'byt losenord', 'byta losenord', 'byt losen', 'byta losen', 'aterstall losenord', 'aterstalla losenord', 'aterstall',
    'nytt losenord', 'glomt losenord', 'glomt losenordet', 'byt losenordet', 'losenord', 'losenordet',
    'reset password', 'change password', 'new password', 'forgot password', 'reset', 'password',
  ],
  'register-mobile': [
    'mobilnummer', 'byt mobilnummer', 'byta mobilnummer', 'registrera mobil', 'registrera mobilnummer', 'registrera nummer',
    'andra mobilnummer', 'nytt mobilnummer', 'mobil', 'mobilnr', 'byt mobil', 'telefonnummer', 'byt nummer', 'nummer',
    'mobile', 'mobile number', 'phone number', 'change mobile', 'register mobile', 'change phone number', 'phone',
  ],
  'my-accounts': [
    'mina konton', 'mitt konto', 'konton', 'konto', 'status', 'oversikt', 'visa konton', 'mina konto',
    'my accounts', 'my account', 'accounts', 'account', 'overview',
  ],
  help: ['hjalp', 'hjalpa', 'help', 'meny', 'menu', 'vad kan du', 'vad kan du gora', 'what can you do', 'instruktioner'],
  cancel: ['avbryt', 'avbryta', 'cancel', 'stopp', 'stop', 'sluta', 'avsluta', 'quit', 'exit', 'abort', 'nej tack', 'glom det'],
  welcome: ['hej', 'hej hej', 'hejsan', 'halla', 'tjena', 'tja', 'god morgon', 'hi', 'hello', 'hey', 'start', 'borja'],
};

/** Lower case, å/ä→a, ö→o (and other accents dropped), punctuation removed, spaces collapsed. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const INDEX: ReadonlyMap<string, Intent> = new Map(
  (Object.entries(PHRASES) as Array<[Intent, readonly string[]]>).flatMap(([intent, phrases]) => phrases.map((p) => [p, intent] as const)),
);

/** Optimal string alignment distance, small strings only. */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}

/**
 * The intent a whole message expresses, or null. One typo is forgiven in phrases of six letters or more
 * ("avbyrt", "lösenrod"), never in short ones where it would turn one word into another.
 */
export function matchIntent(text: string): Intent | null {
  if (/^\s*\?+\s*$/.test(text)) return 'help';
  const normalized = normalizeText(text);
  if (normalized === '') return null;
  const exact = INDEX.get(normalized);
  if (exact) return exact;
  if (normalized.length < 6 || normalized.length > 40) return null;
  let found: Intent | null = null;
  for (const [phrase, intent] of INDEX) {
    if (phrase.length < 6 || Math.abs(phrase.length - normalized.length) > 1) continue;
    if (distance(phrase, normalized) <= 1) {
      if (found !== null && found !== intent) return null;
      found = intent;
    }
  }
  return found;
}
