import { InvalidCredentialsError, ConstraintViolationError, UnwillingToPerformError } from 'ldapts';
import { bindRefusal, fileTime, intervalMs, passwordExpired, passwordRefusal } from '../../../src/adapters/ldap/adErrors';

const bindError = (data: string) =>
  new InvalidCredentialsError(`80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`);

describe('bindRefusal', () => {
  it.each([
    ['52e', 'wrong'],
    ['775', 'locked'],
    ['773', 'valid-must-change'],
    ['532', 'valid-must-change'],
    ['533', 'disabled'],
    ['701', 'disabled'],
  ])('maps data %s to %s', (data, kind) => {
    expect(bindRefusal(bindError(data))).toEqual({ kind });
  });

  it('counts an unknown or missing sub-code as a wrong password', () => {
    expect(bindRefusal(bindError('999'))).toEqual({ kind: 'wrong' });
    expect(bindRefusal(new InvalidCredentialsError(''))).toEqual({ kind: 'wrong' });
  });
});

describe('passwordRefusal', () => {
  const samba = (text: string) => new ConstraintViolationError(`0000052D: Constraint violation - check_password_restrictions: ${text}`);

  it.each([
    ['the password does not meet the complexity criteria!', 'complexity'],
    ['the password is too short. It should be equal or longer than 8 characters!', 'too-short'],
    ['the password was already used (in history)!', 'in-history'],
    ['the password is too young to change!', 'too-young'],
  ])('maps Samba text %j', (text, reason) => {
    expect(passwordRefusal(samba(text))).toBe(reason);
  });

  it("maps Windows' wordless 0000052D to other, and ignores errors that are not password refusals", () => {
    expect(passwordRefusal(new UnwillingToPerformError('0000052D: SvcErr: DSID-031A1248, problem 5003 (WILL_NOT_PERFORM), data 0'))).toBe('other');
    expect(passwordRefusal(new ConstraintViolationError('00000056: The old password specified does not match'))).toBeNull();
  });
});

describe('AD time values', () => {
  it('converts FILETIME and treats 0 and "never" as no date', () => {
    expect(fileTime('116444736000000000')?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(fileTime('134080000000000000')?.getUTCFullYear()).toBe(2025);
    expect(fileTime('0')).toBeNull();
    expect(fileTime('9223372036854775807')).toBeNull();
    expect(fileTime('garbage')).toBeNull();
  });

  it('reads msDS-UserPasswordExpiryTimeComputed: expired at or after the FILETIME, never for 0 or the maximum', () => {
    const expiry = '134080000000000000';
    const at = fileTime(expiry)!.getTime();
    expect(passwordExpired(expiry, at - 1)).toBe(false);
    expect(passwordExpired(expiry, at)).toBe(true);
    expect(passwordExpired(expiry, at + 86_400_000)).toBe(true);
    expect(passwordExpired('0', at)).toBe(false);
    expect(passwordExpired('9223372036854775807', at)).toBe(false);
    expect(passwordExpired(null, at)).toBeUndefined();
    expect(passwordExpired('garbage', at)).toBeUndefined();
  });

  it('reads negative 100 ns intervals as milliseconds', () => {
    expect(intervalMs('-18000000000')).toBe(30 * 60 * 1000);
    expect(intervalMs('-9223372036854775808')).toBe(Number.POSITIVE_INFINITY);
  });
});
