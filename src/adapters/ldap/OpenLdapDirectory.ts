import type { Entry } from 'ldapts';
import { DirectoryUnavailable, PasswordRejectedByDirectory, type DirectoryPasswordRefusal } from '../../domain/errors';
import type { PasswordCheck } from '../../ports/Directory';
import type { Logger } from '../../ports/Logger';
import { PASSWORD_MODIFY_OID, PasswordPolicyControl, passwordModifyValue, type PasswordPolicyError } from './controls';
import { first, generalizedTime, integer, values } from './entry';
import { isLdapResult, unavailable, type LdapConnection } from './LdapConnection';
import { LdapDirectory, type AccountState, type LdapDirectoryOptions } from './LdapDirectory';

export interface OpenLdapDirectoryOptions extends LdapDirectoryOptions {
  /**
   * The ppolicy entry that applies when an account has no `pwdPolicySubentry` (slapd's
   * `olcPPolicyDefault`, which the service identity cannot read from cn=config). Without it,
   * and without a subentry, the lockout guard is off.
   */
  readonly passwordPolicyDn?: string;
  /**
   * ppolicy refuses earlier passwords on our resets (LDAP_DIRECTORY_ENFORCES_HISTORY). Only an identity with
   * `write` on userPassword gets that; slapd cannot tell us which we have, so the operator says so.
   */
  readonly enforcesHistory?: boolean;
}

/** ppolicy's marker for "locked by an administrator, for good": a disabled account. */
const DISABLED_MARKER = '000001010000Z';

const REFUSALS: Partial<Record<PasswordPolicyError, DirectoryPasswordRefusal>> = {
  passwordInHistory: 'in-history',
  insufficientPasswordQuality: 'complexity',
  passwordTooShort: 'too-short',
  passwordTooYoung: 'too-young',
};

/**
 * OpenLDAP with the ppolicy overlay: `uid` accounts (inetOrgPerson). The password is set with the
 * Password Modify extended operation; with a service identity that has `write` (not `manage`) on
 * userPassword, ppolicy's history and quality rules apply to the reset.
 */
export class OpenLdapDirectory extends LdapDirectory {
  protected readonly nameAttribute = 'uid';
  protected readonly accountClassFilter = '(objectClass=inetOrgPerson)';
  protected readonly stateAttributes = ['pwdChangedTime', 'pwdAccountLockedTime', 'pwdReset'] as const;

  constructor(
    connection: LdapConnection,
    protected override readonly options: OpenLdapDirectoryOptions,
    logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    super(connection, options, logger);
  }

  async checkPassword(accountName: string, password: string): Promise<PasswordCheck> {
    const entry = await this.findAccountEntry(accountName, ['pwdAccountLockedTime', 'pwdFailureTime', 'pwdPolicySubentry']);
    if (!entry || password === '') return { kind: 'wrong' };
    const lockedAt = first(entry, 'pwdAccountLockedTime');
    if (lockedAt === DISABLED_MARKER) return { kind: 'disabled' };
    // A lock may have run out: let the bind (and its policy control) say whether it still holds.
    if (lockedAt === null && (await this.nextFailureCouldLock(entry))) return { kind: 'lockout-risk' };
    const policy = new PasswordPolicyControl();
    try {
      await this.connection.bindAs(entry.dn, password, [policy]);
      return policy.error === 'changeAfterReset' ? { kind: 'valid-must-change' } : { kind: 'valid' };
    } catch (error) {
      if (isLdapResult(error) && error.code === 49) {
        if (policy.error === 'accountLocked') return { kind: 'locked' };
        // ppolicy reports expiry only after the password itself was right.
        if (policy.error === 'passwordExpired') return { kind: 'valid-must-change' };
        return { kind: 'wrong' };
      }
      throw unavailable(error, 'password check');
    }
  }

  async resetPassword(accountName: string, newPassword: string): Promise<void> {
    const entry = await this.findAccountEntry(accountName, ['1.1']);
    if (!entry) throw new DirectoryUnavailable('the shared account is not in the directory scope');
    const policy = new PasswordPolicyControl();
    try {
      await this.connection.withService('password reset', (client) =>
        client.exop(PASSWORD_MODIFY_OID, passwordModifyValue(entry.dn, newPassword), [policy]),
      );
    } catch (error) {
      if (isLdapResult(error)) {
        if (error.code === 19 || error.code === 53) {
          throw new PasswordRejectedByDirectory(refusalOf(policy.error, error.message), { cause: error });
        }
        if (error.code === 50) {
          throw new DirectoryUnavailable('the service identity may not write userPassword', { cause: error });
        }
      }
      throw unavailable(error, 'password reset');
    }
  }

  /**
   * ppolicy applies history to a reset by an identity with `write` (not `manage`) on userPassword; with
   * `manage` it skips it. Claiming it wrongly would turn off Rotera's own exact check, so it defaults to no.
   */
  async refusesEarlierPasswordsOnReset(): Promise<boolean> {
    return this.options.enforcesHistory ?? false;
  }

  protected accountState(entry: Entry): AccountState {
    const lockedAt = first(entry, 'pwdAccountLockedTime');
    const mustChange = first(entry, 'pwdReset')?.toUpperCase() === 'TRUE';
    return {
      passwordLastSet: mustChange ? null : generalizedTime(first(entry, 'pwdChangedTime')),
      locked: lockedAt !== null && lockedAt !== DISABLED_MARKER,
      disabled: lockedAt === DISABLED_MARKER,
    };
  }

  /** Like AD's guard: recent failures (pwdFailureTime) against the policy's pwdMaxFailure. */
  private async nextFailureCouldLock(entry: Entry): Promise<boolean> {
    const policyDn = first(entry, 'pwdPolicySubentry') ?? this.options.passwordPolicyDn;
    if (!policyDn) return false;
    const [policy] = await this.connection.search('password policy read', policyDn, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['pwdLockout', 'pwdMaxFailure', 'pwdFailureCountInterval'],
    });
    if (!policy || first(policy, 'pwdLockout')?.toUpperCase() !== 'TRUE') return false;
    const maxFailure = integer(policy, 'pwdMaxFailure') ?? 0;
    if (maxFailure <= 0) return false;
    const intervalMs = (integer(policy, 'pwdFailureCountInterval') ?? 0) * 1000;
    const now = this.now();
    const recent = values(entry, 'pwdFailureTime')
      .map((text) => generalizedTime(text))
      .filter((at): at is Date => at !== null && (intervalMs === 0 || now - at.getTime() <= intervalMs));
    return recent.length + 1 >= maxFailure;
  }
}

function refusalOf(error: PasswordPolicyError | null, message: string): DirectoryPasswordRefusal {
  const fromControl = error ? REFUSALS[error] : undefined;
  if (fromControl) return fromControl;
  const text = message.toLowerCase();
  if (text.includes('history')) return 'in-history';
  if (text.includes('too short')) return 'too-short';
  if (text.includes('too young')) return 'too-young';
  if (text.includes('quality')) return 'complexity';
  return 'other';
}
