import type { Entry } from 'ldapts';
import { escapeDnValue } from './escape';

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

/**
 * A canonical form of a DN for comparisons: attribute types and values lower-cased, escapes decoded
 * and re-encoded one way (servers differ: Samba writes `;` as `\3B`, others as `\;`), RDN parts sorted.
 */
export function normalizeDn(dn: string): string {
  return parseDn(dn)
    .map((rdn) =>
      rdn
        .map(([type, value]) => `${type.toLowerCase()}=${escapeDnValue(value.toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

/** RFC 4514 DN parser: RDNs of [type, unescaped value] pairs. Lenient: never throws. */
export function parseDn(dn: string): Array<Array<[string, string]>> {
  const rdns: Array<Array<[string, string]>> = [];
  let rdn: Array<[string, string]> = [];
  let type = '';
  let bytes: number[] = [];
  let inValue = false;
  let quoted = false;
  let trailingSpaces = 0;
  const finishPair = () => {
    const raw = Buffer.from(trailingSpaces > 0 ? bytes.slice(0, bytes.length - trailingSpaces) : bytes).toString('utf8');
    rdn.push([type.trim(), raw]);
    type = '';
    bytes = [];
    inValue = false;
    trailingSpaces = 0;
  };
  for (let i = 0; i < dn.length; i += 1) {
    const char = dn[i] as string;
    if (!inValue) {
      if (char === '=') inValue = true;
      else type += char;
      continue;
    }
    if (quoted) {
      if (char === '"') quoted = false;
      else bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    if (char === '\\') {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else if (i + 1 < dn.length) {
        bytes.push(...Buffer.from(dn[i + 1] as string, 'utf8'));
        i += 1;
      }
      trailingSpaces = 0;
    } else if (char === ',' || char === ';' || char === '+') {
      finishPair();
      if (char !== '+') {
        rdns.push(rdn);
        rdn = [];
      }
    } else if (char === '"' && bytes.length === 0) {
      quoted = true;
    } else if (char === ' ' && bytes.length === 0) {
      // Spaces between the `=` (or a separator) and the value are not part of it.
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
      trailingSpaces = char === ' ' ? trailingSpaces + 1 : 0;
    }
  }
  if (inValue || type.trim() !== '') finishPair();
  if (rdn.length > 0) rdns.push(rdn);
  return rdns;
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
