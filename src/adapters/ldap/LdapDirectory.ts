import { Attribute, Change, type Entry } from 'ldapts';
import { DirectoryUnavailable } from '../../domain/errors';
import type { SharedAccount } from '../../domain/model';
import { parseMobile } from '../../domain/phoneNumber';
import type { Directory, PasswordCheck } from '../../ports/Directory';
import type { Logger } from '../../ports/Logger';
import { filter, hasControlCharacters } from './escape';
import { first, normalizeDn, values } from './entry';
import { isLdapResult, type LdapConnection } from './LdapConnection';

export interface LdapDirectoryOptions {
  /** Where the shared accounts are (searched with subtree scope). */
  readonly accountsBaseDn: string;
  /** Narrows the accounts in scope, e.g. `(memberOf=CN=Rotera,OU=Groups,DC=example,DC=se)`. */
  readonly accountsFilter?: string;
  /** DN attribute naming the responsible manager. Default `manager`. */
  readonly managerAttribute: string;
  /** Multi-valued DN attribute naming the delegates. Default `secretary`. */
  readonly delegatesAttribute: string;
  /** Attribute holding the recovery mobile in E.164. Default `mobile`. */
  readonly mobileAttribute: string;
  /** Entries per page when listing accounts. Default 500. */
  readonly pageSize?: number;
}

/** What a directory says about an account's password and state. */
export interface AccountState {
  readonly passwordLastSet: Date | null;
  /** Only when the directory says cheaply (AD's computed expiry); left out otherwise. */
  readonly passwordExpired?: boolean;
  readonly locked: boolean;
  readonly disabled: boolean;
}

/**
 * What Active Directory and OpenLDAP share: finding shared accounts in scope, mapping them, paging,
 * and writing the recovery mobile and the delegates. The password operations differ and live in the
 * subclasses. Account names go into filters only escaped; DNs we write come from the directory itself.
 */
export abstract class LdapDirectory implements Directory {
  /** The login-name attribute: `sAMAccountName` or `uid`. */
  protected abstract readonly nameAttribute: string;
  /** Which entries are accounts at all, e.g. `(objectClass=user)`. */
  protected abstract readonly accountClassFilter: string;
  /** Attributes the subclass needs for `accountState`. */
  protected abstract readonly stateAttributes: readonly string[];

  constructor(
    protected readonly connection: LdapConnection,
    protected readonly options: LdapDirectoryOptions,
    protected readonly logger: Logger,
  ) {}

  protected abstract accountState(entry: Entry): AccountState;
  abstract checkPassword(accountName: string, password: string): Promise<PasswordCheck>;
  abstract resetPassword(accountName: string, newPassword: string): Promise<void>;
  abstract refusesEarlierPasswordsOnReset(): Promise<boolean>;

  async findSharedAccount(name: string): Promise<SharedAccount | null> {
    const entry = await this.findAccountEntry(name, this.accountAttributes());
    return entry ? this.toAccount(entry) : null;
  }

  async sharedAccountsFor(personDn: string): Promise<SharedAccount[]> {
    const { managerAttribute, delegatesAttribute } = this.options;
    if (personDn.trim() === '' || hasControlCharacters(personDn)) return [];
    const byPerson = `(|(${managerAttribute}=${filter`${personDn}`})(${delegatesAttribute}=${filter`${personDn}`}))`;
    const accounts: SharedAccount[] = [];
    for await (const account of this.searchAccounts(byPerson)) accounts.push(account);
    return accounts;
  }

  listSharedAccounts(): AsyncIterable<SharedAccount> {
    return this.searchAccounts('');
  }

  async setRecoveryMobile(accountName: string, mobileE164: string | null): Promise<void> {
    const attribute = this.options.mobileAttribute;
    const wanted = mobileE164 === null ? [] : [mobileE164];
    await this.replaceAndVerify(accountName, attribute, wanted, (a, b) => a === b);
  }

  async setDelegates(accountName: string, delegateDns: readonly string[]): Promise<void> {
    const unique = [...new Map(delegateDns.map((dn) => [normalizeDn(dn), dn])).values()];
    await this.replaceAndVerify(accountName, this.options.delegatesAttribute, unique, (a, b) => normalizeDn(a) === normalizeDn(b));
  }

  async ping(): Promise<void> {
    const root = await this.connection.rootDse(['namingContexts']);
    if (!root) throw new DirectoryUnavailable('the directory returned no rootDSE');
  }

  /** The account's entry if it is in scope; null for no match (and for an ambiguous one, which is logged). */
  protected async findAccountEntry(name: string, attributes: readonly string[]): Promise<Entry | null> {
    if (name === '' || hasControlCharacters(name)) return null;
    const entries = await this.connection.search('account lookup', this.options.accountsBaseDn, {
      scope: 'sub',
      filter: this.accountsFilter(`(${this.nameAttribute}=${filter`${name}`})`),
      attributes: [...attributes],
      sizeLimit: 2,
    });
    if (entries.length > 1) {
      this.logger.warn({ count: entries.length }, 'more than one shared account matches one name; none is used');
      return null;
    }
    return entries[0] ?? null;
  }

  protected accountsFilter(inner: string): string {
    return `(&${this.accountClassFilter}${this.options.accountsFilter ?? ''}${inner})`;
  }

  protected accountAttributes(): string[] {
    const { managerAttribute, delegatesAttribute, mobileAttribute } = this.options;
    return [this.nameAttribute, 'displayName', 'cn', managerAttribute, delegatesAttribute, mobileAttribute, ...this.stateAttributes];
  }

  protected toAccount(entry: Entry): SharedAccount {
    const { managerAttribute, delegatesAttribute, mobileAttribute } = this.options;
    const name = first(entry, this.nameAttribute) ?? '';
    const mobile = first(entry, mobileAttribute);
    const parsed = mobile === null ? null : parseMobile(mobile);
    return {
      name,
      displayName: first(entry, 'displayName') ?? first(entry, 'cn') ?? name,
      dn: entry.dn,
      managerDn: first(entry, managerAttribute),
      delegateDns: values(entry, delegatesAttribute),
      recoveryMobile: parsed?.ok ? parsed.e164 : null,
      ...this.accountState(entry),
    };
  }

  private async *searchAccounts(inner: string): AsyncGenerator<SharedAccount> {
    const entries = this.connection.searchPaged(
      'account search',
      this.options.accountsBaseDn,
      { scope: 'sub', filter: this.accountsFilter(inner), attributes: this.accountAttributes() },
      this.options.pageSize ?? 500,
    );
    for await (const entry of entries) {
      const account = this.toAccount(entry);
      if (account.name !== '') yield account;
    }
  }

  /** One modify replacing the attribute, then a read-back: the write is trusted only once it is seen. */
  private async replaceAndVerify(
    accountName: string,
    attribute: string,
    wanted: readonly string[],
    same: (a: string, b: string) => boolean,
  ): Promise<void> {
    const entry = await this.findAccountEntry(accountName, ['1.1']);
    if (!entry) throw new DirectoryUnavailable('the shared account is not in the directory scope');
    try {
      await this.connection.withService(`write ${attribute}`, (client) =>
        client.modify(entry.dn, new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: [...wanted] }) })),
      );
    } catch (error) {
      const rights = isLdapResult(error) && error.code === 50 ? ': the service account may not write it' : '';
      throw new DirectoryUnavailable(`writing ${attribute} failed${rights}`, { cause: error });
    }
    const after = await this.connection.search('read-back', entry.dn, { scope: 'base', filter: '(objectClass=*)', attributes: [attribute] });
    const stored = after[0] ? values(after[0], attribute) : [];
    const matches = stored.length === wanted.length && wanted.every((value) => stored.some((s) => same(s, value)));
    if (!matches) throw new DirectoryUnavailable(`${attribute} did not read back as written`);
  }
}
