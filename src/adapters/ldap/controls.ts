import { Ber, BerReader, BerWriter, Control } from 'ldapts';

/**
 * LDAP_SERVER_POLICY_HINTS_OID (and its older twin): makes Active Directory apply password history
 * and age rules to an administrator's reset. Value: SEQUENCE { INTEGER 1 }. Sent critical, and only
 * when the server lists it, so a reset never silently skips the history check.
 */
export const POLICY_HINTS_OID = '1.2.840.113556.1.4.2239';
export const POLICY_HINTS_DEPRECATED_OID = '1.2.840.113556.1.4.2066';

export class PolicyHintsControl extends Control {
  constructor(oid: string) {
    super(oid, { critical: true });
  }

  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(1);
    value.endSequence();
    writer.writeBuffer(value.buffer, Ber.OctetString);
  }
}

/** What the ppolicy overlay reports in its response control (draft-behera-ldap-password-policy). */
export type PasswordPolicyError =
  | 'passwordExpired'
  | 'accountLocked'
  | 'changeAfterReset'
  | 'passwordModNotAllowed'
  | 'mustSupplyOldPassword'
  | 'insufficientPasswordQuality'
  | 'passwordTooShort'
  | 'passwordTooYoung'
  | 'passwordInHistory';

const PPOLICY_ERRORS: readonly PasswordPolicyError[] = [
  'passwordExpired',
  'accountLocked',
  'changeAfterReset',
  'passwordModNotAllowed',
  'mustSupplyOldPassword',
  'insufficientPasswordQuality',
  'passwordTooShort',
  'passwordTooYoung',
  'passwordInHistory',
];

/**
 * The password policy request control. ldapts hands the server's response control to the request
 * control with the same OID (also when the operation fails), so one object carries both ways.
 * Create a fresh one per operation.
 */
export class PasswordPolicyControl extends Control {
  static readonly OID = '1.3.6.1.4.1.42.2.27.8.5.1';
  /** Set when the server's response carried an error. */
  error: PasswordPolicyError | null = null;

  constructor() {
    super(PasswordPolicyControl.OID, { critical: false });
  }

  protected override parseControl(reader: BerReader): void {
    // PasswordPolicyResponseValue ::= SEQUENCE { warning [0] CHOICE {...} OPTIONAL, error [1] ENUMERATED OPTIONAL }
    if (reader.readSequence() === null) return;
    const end = reader.offset + reader.length;
    while (reader.offset < end) {
      const tag = reader.peek();
      if (tag === 0xa0) {
        reader.readSequence(0xa0);
        reader.offset += reader.length;
      } else if (tag === 0x81) {
        this.error = PPOLICY_ERRORS[reader.readTag(0x81) ?? -1] ?? null;
        return;
      } else {
        return;
      }
    }
  }
}

/** Builds PasswdModifyRequestValue (RFC 3062) with userIdentity and newPasswd only. */
export function passwordModifyValue(userDn: string, newPassword: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(userDn, 0x80);
  writer.writeString(newPassword, 0x82);
  writer.endSequence();
  return writer.buffer;
}

export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';
