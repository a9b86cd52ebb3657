import { Filter } from 'ldapts';

/**
 * RFC 4515 escaping of one assertion value in a search filter. ldapts' own `Filter.escape` escapes
 * exactly the five characters the RFC requires (`*`, `(`, `)`, `\`, NUL) and leaves UTF-8 as is,
 * which ldapts' filter parser reads back unchanged.
 */
export function escapeFilterValue(value: string): string {
  return Filter.escape(value);
}

/**
 * Builds a filter string; every interpolated value is escaped with {@link escapeFilterValue}.
 * @example filter`(&(objectClass=user)(sAMAccountName=${name}))`
 */
export function filter(strings: TemplateStringsArray, ...values: readonly string[]): string {
  let result = strings[0] ?? '';
  values.forEach((value, index) => {
    result += escapeFilterValue(value) + (strings[index + 1] ?? '');
  });
  return result;
}

const DN_SPECIAL = new Set(['"', '+', ',', ';', '<', '>', '\\', '=']);

/**
 * RFC 4514 escaping of one attribute value in a DN. ldapts' RDN escaping leaves NUL and a leading `#`
 * in an unquoted value alone, so this is our own: specials get a backslash, NUL and other control
 * characters become `\XX`, and a leading `#` or space and a trailing space are escaped.
 */
export function escapeDnValue(value: string): string {
  let result = '';
  const chars = Array.from(value);
  chars.forEach((char, index) => {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) {
      result += `\\${code.toString(16).padStart(2, '0')}`;
    } else if (DN_SPECIAL.has(char)) {
      result += `\\${char}`;
    } else if ((index === 0 && (char === '#' || char === ' ')) || (index === chars.length - 1 && char === ' ')) {
      result += `\\${char}`;
    } else {
      result += char;
    }
  });
  return result;
}

/** `cn=<escaped value>,<parent>`: a child DN built from an untrusted value. */
export function childDn(attribute: string, value: string, parentDn: string): string {
  return `${attribute}=${escapeDnValue(value)},${parentDn}`;
}

/**
 * True when a value has control characters (NUL included). No account name, principal name or DN
 * we look up has them, and some servers cut an escaped `\00` short (Samba matches `name\00` as `name`),
 * so such values are answered "not found" without asking the server.
 */
export function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
