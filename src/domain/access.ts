import type { Role, SharedAccount } from './model';

/** Splits on separators not escaped with a backslash (RFC 4514), keeping the escapes. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text.charAt(i + 1);
      i += 1;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

// Every access check and directory lookup compares DNs, the same few thousand over and over: parsing each
// one anew was the top item in the turn benchmark's profile (test/bench/turns.ts). DNs are not secrets.
const NORMALIZED_CACHE_LIMIT = 20_000;
const normalized = new Map<string, string>();

/** `CN=Anna Berg, OU=Staff,DC=x` and `cn=anna berg,ou=staff,dc=x` are the same entry. */
export function normalizeDn(dn: string): string {
  const cached = normalized.get(dn);
  if (cached !== undefined) return cached;
  const result = splitUnescaped(dn.trim(), ',')
    .map((rdn) =>
      splitUnescaped(rdn, '=')
        .map((part) => part.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();
  if (normalized.size >= NORMALIZED_CACHE_LIMIT) normalized.clear();
  normalized.set(dn, result);
  return result;
}

/** Directory DNs compare case-insensitively and ignore spaces after commas and around '='. */
export function sameDn(a: string, b: string): boolean {
  return a === b || normalizeDn(a) === normalizeDn(b);
}

/** The person's role for the account; the manager role wins when someone is both. */
export function roleFor(personDn: string, account: SharedAccount): Role | null {
  if (account.managerDn !== null && sameDn(personDn, account.managerDn)) return 'manager';
  if (account.delegateDns.some((dn) => sameDn(personDn, dn))) return 'delegate';
  return null;
}

/** Delegates act for the manager but cannot pass the account on. */
export function mayManageDelegates(role: Role | null): boolean {
  return role === 'manager';
}
