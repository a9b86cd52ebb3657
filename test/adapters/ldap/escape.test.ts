import { FilterParser } from 'ldapts';
import { escapeDnValue, escapeFilterValue, filter, hasControlCharacters } from '../../../src/adapters/ldap/escape';
import { normalizeDn, parseDn } from '../../../src/adapters/ldap/entry';

describe('escapeFilterValue (RFC 4515)', () => {
  it.each([
    ['*)(objectClass=*', '\\2a\\29\\28objectClass=\\2a'],
    ['hemtjanstab)(|(cn=*', 'hemtjanstab\\29\\28|\\28cn=\\2a'],
    ['back\\slash', 'back\\5cslash'],
    ['nul\u0000', 'nul\\00'],
    ['Hemtjänst Almby', 'Hemtjänst Almby'],
  ])('escapes %j', (raw, escaped) => {
    expect(escapeFilterValue(raw)).toBe(escaped);
  });

  it('keeps an interpolated value one assertion value, whatever it contains', () => {
    for (const hostile of ['*)(objectClass=*', 'a)(|(cn=*', 'x\\29', '(*)', 'å*ä(ö)']) {
      const parsed = FilterParser.parseString(filter`(sAMAccountName=${hostile})`);
      expect(parsed.constructor.name).toBe('EqualityFilter');
      expect((parsed as unknown as { value: string }).value).toBe(hostile);
    }
  });
});

describe('escapeDnValue (RFC 4514)', () => {
  it.each([
    ['a,b+c"d\\e<f>g;h=i', 'a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i'],
    ['#hash', '\\#hash'],
    ['in#side', 'in#side'],
    [' lead and trail ', '\\ lead and trail\\ '],
    ['nul\u0000', 'nul\\00'],
    ['Ek, Eva', 'Ek\\, Eva'],
  ])('escapes %j', (raw, escaped) => {
    expect(escapeDnValue(raw)).toBe(escaped);
  });

  it('round-trips through the DN parser', () => {
    for (const value of ['a,b+c"d\\e<f>g;h=i', '#x', ' x ', 'Hemtjänst, Almby']) {
      expect(parseDn(`CN=${escapeDnValue(value)},OU=People,DC=test`)[0]).toEqual([['CN', value]]);
    }
  });
});

describe('normalizeDn', () => {
  it('treats the escapes and spellings different servers use as the same DN', () => {
    const samba = 'CN=Ek\\, Eva \\"E\\+\\" \\<test\\>\\3B,OU=People,DC=test,DC=local';
    const ours = 'cn=Ek\\, Eva \\"E\\+\\" \\<test\\>\\;, ou=people,dc=TEST,dc=local';
    expect(normalizeDn(samba)).toBe(normalizeDn(ours));
    expect(normalizeDn('CN=A,DC=x')).not.toBe(normalizeDn('CN=B,DC=x'));
  });

  it('decodes UTF-8 written as hex pairs', () => {
    expect(parseDn('CN=J\\C3\\B6rgen,DC=x')[0]).toEqual([['CN', 'Jörgen']]);
  });

  it('keeps multi-valued RDNs together, in any order', () => {
    expect(normalizeDn('CN=a+UID=b,DC=x')).toBe(normalizeDn('uid=b+cn=a,dc=x'));
  });
});

describe('hasControlCharacters', () => {
  it('finds NUL and other control characters, not ordinary text', () => {
    expect(hasControlCharacters('abc\u0000')).toBe(true);
    expect(hasControlCharacters('a\tb')).toBe(true);
    expect(hasControlCharacters('Hemtjänst Almby, *()')).toBe(false);
  });
});
