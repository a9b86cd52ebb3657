import { BerReader, BerWriter } from 'ldapts';
import { PasswordPolicyControl, PolicyHintsControl, passwordModifyValue } from '../../../src/adapters/ldap/controls';

function responseValue(build: (w: BerWriter) => void): BerReader {
  const w = new BerWriter();
  w.startSequence();
  build(w);
  w.endSequence();
  return new BerReader(w.buffer);
}

describe('PasswordPolicyControl', () => {
  it('reads the error of a ppolicy response', () => {
    const control = new PasswordPolicyControl();
    control.parse(responseValue((w) => w.writeEnumeration(8, 0x81)));
    expect(control.error).toBe('passwordInHistory');
  });

  it('skips a warning before the error', () => {
    const control = new PasswordPolicyControl();
    control.parse(
      responseValue((w) => {
        w.startSequence(0xa0);
        w.writeInt(3, 0x81);
        w.endSequence();
        w.writeEnumeration(1, 0x81);
      }),
    );
    expect(control.error).toBe('accountLocked');
  });

  it('leaves the error empty for a warning only, or no value', () => {
    const warned = new PasswordPolicyControl();
    warned.parse(
      responseValue((w) => {
        w.startSequence(0xa0);
        w.writeInt(3600, 0x80);
        w.endSequence();
      }),
    );
    expect(warned.error).toBeNull();
    const empty = new PasswordPolicyControl();
    empty.parse(new BerReader(Buffer.alloc(0)));
    expect(empty.error).toBeNull();
  });
});

describe('PolicyHintsControl', () => {
  it('is critical and carries SEQUENCE { INTEGER 1 }', () => {
    const w = new BerWriter();
    new PolicyHintsControl('1.2.840.113556.1.4.2239').write(w);
    const hex = w.buffer.toString('hex');
    expect(hex.endsWith('0101ff040530030201' + '01')).toBe(true);
  });
});

describe('passwordModifyValue (RFC 3062)', () => {
  it('encodes userIdentity [0] and newPasswd [2]', () => {
    const r = new BerReader(passwordModifyValue('uid=a,dc=x', 'Pw!1'));
    r.readSequence();
    expect(r.readString(0x80)).toBe('uid=a,dc=x');
    expect(r.readString(0x82)).toBe('Pw!1');
  });
});
