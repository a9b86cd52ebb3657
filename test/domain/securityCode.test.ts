import fc from 'fast-check';
import { CODE_DIGITS, type CodeBinding, checkCode, defaultCodeOptions, issueCode, normalizeCode } from '../../src/domain/securityCode';

const KEY = 'test-hmac-key-0123456789abcdef0123456789';
const binding: CodeBinding = { accountName: 'hemtjanstab', teamsUserId: '29:anna', purpose: 'reset' };
const t0 = new Date('2026-03-01T08:00:00Z');
const later = (ms: number): Date => new Date(t0.getTime() + ms);
const fixed = (n: number) => (): number => n;

describe('issueCode', () => {
  it('zero-pads small draws to six digits', () => {
    const { code } = issueCode(KEY, binding, '+46701234567', t0, defaultCodeOptions, fixed(42));
    expect(code).toBe('000042');
  });

  it('stores a keyed digest, never the code', () => {
    const { code, record } = issueCode(KEY, binding, '+46701234567', t0, defaultCodeOptions, fixed(987650));
    expect(record.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(code);
  });

  it('starts with ten minutes and five attempts by default', () => {
    const { record } = issueCode(KEY, binding, '+46701234567', t0);
    expect(record).toMatchObject({
      issuedAt: t0.getTime(),
      expiresAt: t0.getTime() + 10 * 60_000,
      attemptsLeft: 5,
      destination: '+46701234567',
      binding,
    });
  });

  it('gives different digests under different keys', () => {
    const a = issueCode(KEY, binding, '+46701234567', t0, defaultCodeOptions, fixed(1)).record;
    const b = issueCode(`${KEY}x`, binding, '+46701234567', t0, defaultCodeOptions, fixed(1)).record;
    expect(a.digest).not.toBe(b.digest);
  });

  it('refuses a generator that leaves the code range', () => {
    expect(() => issueCode(KEY, binding, '+46701234567', t0, defaultCodeOptions, fixed(1_000_000))).toThrow(RangeError);
  });
});

describe('checkCode', () => {
  const issued = issueCode(KEY, binding, '+46701234567', t0, defaultCodeOptions, fixed(314159));

  it.each([
    ['the code as sent', '314159'],
    ['spaces inside', '314 159'],
    ['a dash inside', '314-159'],
    ['surrounding spaces', ' 314159 '],
  ])('accepts %s', (_name, typed) => {
    expect(checkCode(KEY, issued.record, binding, typed, later(60_000))).toEqual({ kind: 'match' });
  });

  it('accepts the account name in another case', () => {
    const other = { ...binding, accountName: 'HemtjanstAB' };
    expect(checkCode(KEY, issued.record, other, '314159', later(1000)).kind).toBe('match');
  });

  it.each([
    ['five digits', '31415'],
    ['seven digits', '3141592'],
    ['letters', '31415a'],
    ['empty', ''],
  ])('uses no attempt for a malformed code: %s', (_name, typed) => {
    expect(checkCode(KEY, issued.record, binding, typed, later(1000))).toEqual({ kind: 'malformed' });
  });

  it('counts a wrong code and returns the record to store', () => {
    const result = checkCode(KEY, issued.record, binding, '000000', later(1000));
    expect(result).toEqual({ kind: 'wrong', attemptsLeft: 4, record: { ...issued.record, attemptsLeft: 4 } });
  });

  it('ends the code on the fifth wrong try', () => {
    let record = issued.record;
    const kinds: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const result = checkCode(KEY, record, binding, '000000', later(1000));
      kinds.push(result.kind);
      if (result.kind === 'wrong') record = result.record;
    }
    expect(kinds).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'exhausted']);
  });

  it('refuses even the right code once no attempts are left', () => {
    const dead = { ...issued.record, attemptsLeft: 0 };
    expect(checkCode(KEY, dead, binding, '314159', later(1000))).toEqual({ kind: 'exhausted' });
  });

  it('refuses the right code at the moment it expires', () => {
    expect(checkCode(KEY, issued.record, binding, '314159', later(10 * 60_000))).toEqual({ kind: 'expired' });
  });

  it.each<[string, CodeBinding]>([
    ['another account', { ...binding, accountName: 'hemvardsgruppen' }],
    ['another Teams user', { ...binding, teamsUserId: '29:bertil' }],
    ['another purpose', { ...binding, purpose: 'confirm-mobile' }],
  ])('never matches for %s and counts the try', (_name, other) => {
    const result = checkCode(KEY, issued.record, other, '314159', later(1000));
    expect(result).toMatchObject({ kind: 'wrong', attemptsLeft: 4 });
  });

  it('does not match a record whose stored binding was tampered with', () => {
    const tampered = { ...issued.record, binding: { ...binding, teamsUserId: '29:mallory' } };
    const mallory = { ...binding, teamsUserId: '29:mallory' };
    expect(checkCode(KEY, tampered, mallory, '314159', later(1000)).kind).toBe('wrong');
  });

  it('treats a corrupt digest as a wrong code instead of throwing', () => {
    const corrupt = { ...issued.record, digest: 'abcd' };
    expect(checkCode(KEY, corrupt, binding, '314159', later(1000)).kind).toBe('wrong');
  });

  it('does not match under another key', () => {
    expect(checkCode(`${KEY}x`, issued.record, binding, '314159', later(1000)).kind).toBe('wrong');
  });
});

describe('normalizeCode', () => {
  it('strips spaces and dashes only', () => {
    expect(normalizeCode('12 34-56')).toBe('123456');
    expect(normalizeCode('12.34.56')).toBeNull();
  });
});

describe('code properties', () => {
  const purposes = fc.constantFrom<CodeBinding['purpose']>('reset', 'confirm-mobile');
  const bindings = fc.record({ accountName: fc.string({ minLength: 1 }), teamsUserId: fc.string({ minLength: 1 }), purpose: purposes });

  it('issues six digits that match only their own binding', () => {
    fc.assert(
      fc.property(bindings, bindings, (own, other) => {
        const { code, record } = issueCode(KEY, own, '+46701234567', t0);
        expect(code).toMatch(new RegExp(`^[0-9]{${CODE_DIGITS}}$`));
        expect(checkCode(KEY, record, own, code, later(1000)).kind).toBe('match');
        const same =
          own.accountName.toLowerCase() === other.accountName.toLowerCase() &&
          own.teamsUserId === other.teamsUserId &&
          own.purpose === other.purpose;
        expect(checkCode(KEY, record, other, code, later(1000)).kind).toBe(same ? 'match' : 'wrong');
      }),
    );
  });

  it('never matches after expiry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 1e9 }), (drawn, afterExpiry) => {
        const { code, record } = issueCode(KEY, binding, '+46701234567', t0, defaultCodeOptions, fixed(drawn));
        expect(checkCode(KEY, record, binding, code, new Date(record.expiresAt + afterExpiry))).toEqual({ kind: 'expired' });
      }),
    );
  });
});
