import { Attribute, Change, type Control, type Entry } from 'ldapts';
import { DirectoryUnavailable, PasswordRejectedByDirectory } from '../../domain/errors';
import type { PasswordCheck } from '../../ports/Directory';
import type { Logger } from '../../ports/Logger';
import { bindRefusal, fileTime, intervalMs, passwordExpired, passwordRefusal } from './adErrors';
import { POLICY_HINTS_DEPRECATED_OID, POLICY_HINTS_OID, PolicyHintsControl } from './controls';
import { first, integer, values } from './entry';
import { isLdapResult, unavailable, type LdapConnection } from './LdapConnection';
import { LdapDirectory, type AccountState, type LdapDirectoryOptions } from './LdapDirectory';

const UF_ACCOUNTDISABLE = 0x2;
const UF_LOCKOUT = 0x10;

/** What the lockout guard needs from the domain head and the account. */
interface LockoutFacts {
  readonly threshold: number;
  readonly observationWindowMs: number;
}

/**
 * Active Directory (and Samba AD): `sAMAccountName` accounts, a password check by binding on a
 * connection of its own after a lockout guard, and a reset by replacing `unicodePwd`.
 */
export class ActiveDirectory extends LdapDirectory {
  protected readonly nameAttribute = 'sAMAccountName';
  protected readonly accountClassFilter = '(objectCategory=person)(objectClass=user)';
  protected readonly stateAttributes = [
    'pwdLastSet',
    'userAccountControl',
    'lockoutTime',
    'msDS-User-Account-Control-Computed',
    // Constructed from pwdLastSet and the domain's (or a fine-grained policy's) maximum password age.
    'msDS-UserPasswordExpiryTimeComputed',
  ] as const;

  private rootFacts: Promise<{ supportedControls: string[]; defaultNamingContext: string }> | null = null;

  constructor(
    connection: LdapConnection,
    options: LdapDirectoryOptions,
    logger: Logger,
    /** Milliseconds since the epoch; the lockout guard compares it with `badPasswordTime`. */
    private readonly now: () => number = Date.now,
  ) {
    super(connection, options, logger);
  }

  async checkPassword(accountName: string, password: string): Promise<PasswordCheck> {
    const entry = await this.findAccountEntry(accountName, [
      'badPwdCount',
      'badPasswordTime',
      'lockoutTime',
      'msDS-User-Account-Control-Computed',
    ]);
    // Unknown accounts answer like a wrong password, and cost nothing.
    if (!entry || password === '') return { kind: 'wrong' };
    if (this.isLocked(entry)) return { kind: 'locked' };
    if (this.nextFailureCouldLock(entry, await this.lockoutFacts())) return { kind: 'lockout-risk' };
    try {
      await this.connection.bindAs(entry.dn, password);
      return { kind: 'valid' };
    } catch (error) {
      if (isLdapResult(error) && error.code === 49) return bindRefusal(error);
      throw unavailable(error, 'password check');
    }
  }

  async resetPassword(accountName: string, newPassword: string): Promise<void> {
    const entry = await this.findAccountEntry(accountName, ['1.1']);
    if (!entry) throw new DirectoryUnavailable('the shared account is not in the directory scope');
    const hint = await this.policyHintsOid();
    const controls: Control[] = hint ? [new PolicyHintsControl(hint)] : [];
    const changes = [
      // A replace is an administrator's reset; the value is the quoted password in UTF-16LE.
      new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [Buffer.from(`"${newPassword}"`, 'utf16le')] }) }),
      // A reset does not unlock by itself; in the same modify, so both happen or neither.
      new Change({ operation: 'replace', modification: new Attribute({ type: 'lockoutTime', values: ['0'] }) }),
    ];
    try {
      await this.connection.withService('password reset', (client) => client.modify(entry.dn, changes, controls));
    } catch (error) {
      if (isLdapResult(error)) {
        const reason = passwordRefusal(error);
        if (reason) throw new PasswordRejectedByDirectory(reason, { cause: error });
        if (error.code === 50) {
          throw new DirectoryUnavailable('the service account may not reset this password (Reset Password, write lockoutTime)', { cause: error });
        }
      }
      throw unavailable(error, 'password reset');
    }
  }

  async refusesEarlierPasswordsOnReset(): Promise<boolean> {
    return (await this.policyHintsOid()) !== null;
  }

  protected accountState(entry: Entry): AccountState {
    const uac = integer(entry, 'userAccountControl') ?? 0;
    const expired = passwordExpired(first(entry, 'msDS-UserPasswordExpiryTimeComputed'), this.now());
    return {
      // pwdLastSet 0 means "must change at next logon": no usable date.
      passwordLastSet: fileTime(first(entry, 'pwdLastSet')),
      ...(expired === undefined ? {} : { passwordExpired: expired }),
      locked: this.isLocked(entry),
      disabled: (uac & UF_ACCOUNTDISABLE) !== 0,
    };
  }

  private isLocked(entry: Entry): boolean {
    // The computed flag accounts for the lockout duration; lockoutTime alone stays set after it ends.
    const computed = integer(entry, 'msDS-User-Account-Control-Computed');
    if (computed !== null) return (computed & UF_LOCKOUT) !== 0;
    return fileTime(first(entry, 'lockoutTime')) !== null;
  }

  /**
   * AD resets badPwdCount lazily: a count older than the observation window no longer counts.
   * The guard stops at threshold - 1, so a wrong guess can never be the one that locks.
   */
  private nextFailureCouldLock(entry: Entry, facts: LockoutFacts): boolean {
    if (facts.threshold <= 0) return false;
    let count = integer(entry, 'badPwdCount') ?? 0;
    const lastBad = fileTime(first(entry, 'badPasswordTime'));
    if (lastBad && this.now() - lastBad.getTime() > facts.observationWindowMs) count = 0;
    return count + 1 >= facts.threshold;
  }

  private async lockoutFacts(): Promise<LockoutFacts> {
    const { defaultNamingContext } = await this.root();
    const [domain] = await this.connection.search('lockout policy read', defaultNamingContext, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['lockoutThreshold', 'lockOutObservationWindow'],
    });
    if (!domain) throw new DirectoryUnavailable('the domain head could not be read');
    return {
      threshold: integer(domain, 'lockoutThreshold') ?? 0,
      observationWindowMs: intervalMs(first(domain, 'lockOutObservationWindow')) ?? 0,
    };
  }

  private async policyHintsOid(): Promise<string | null> {
    const { supportedControls } = await this.root();
    if (supportedControls.includes(POLICY_HINTS_OID)) return POLICY_HINTS_OID;
    if (supportedControls.includes(POLICY_HINTS_DEPRECATED_OID)) return POLICY_HINTS_DEPRECATED_OID;
    return null;
  }

  /** rootDSE facts do not change while the server runs; a failed read is retried next time. */
  private root(): Promise<{ supportedControls: string[]; defaultNamingContext: string }> {
    if (!this.rootFacts) {
      const pending = this.connection.rootDse(['supportedControl', 'defaultNamingContext']).then((entry) => {
        const defaultNamingContext = entry ? first(entry, 'defaultNamingContext') : null;
        if (!entry || !defaultNamingContext) throw new DirectoryUnavailable('rootDSE lacks defaultNamingContext');
        return { supportedControls: values(entry, 'supportedControl'), defaultNamingContext };
      });
      this.rootFacts = pending;
      pending.catch(() => {
        if (this.rootFacts === pending) this.rootFacts = null;
      });
    }
    return this.rootFacts;
  }
}

