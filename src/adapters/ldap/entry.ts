import type { Entry } from 'ldapts';

/** Every value of an attribute, as text; attribute names are compared case-insensitively, like LDAP does. */
export function values(entry: Entry, attribute: string): string[] {
  const wanted = attribute.toLowerCase();
  for (const [key, raw] of Object.entries(entry)) {
    if (key.toLowerCase() !== wanted) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : value));
  }
  return [];
}

/** The first value of an attribute, or null. */
export function first(entry: Entry, attribute: string): string | null {
  return values(entry, attribute)[0] ?? null;
}

/** The first value as an integer, or null when absent or not a number. */
export function integer(entry: Entry, attribute: string): number | null {
  const text = first(entry, attribute);
  if (text === null || !/^-?\d+$/.test(text.trim())) return null;
  return Number(text);
}

/** DNs are compared case-insensitively and without spaces around separators, as directories do. */
export function sameDn(a: string, b: string): boolean {
  return normalizeDn(a) === normalizeDn(b);
}

export function normalizeDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) => rdn.trim())
    .join(',')
    .toLowerCase();
}

/** LDAP GeneralizedTime (`20261125131600Z`, optional fraction) to a Date; null when absent or malformed. */
export function generalizedTime(text: string | null): Date | null {
  if (text === null) return null;
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?Z$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'), ms));
  return Number.isNaN(date.getTime()) ? null : date;
}
