import { DirectoryUnavailable, PasswordRejectedByDirectory, type DirectoryPasswordRefusal } from '../../domain/errors';
import { normalizeDn, sameDn } from '../../domain/access';
import type { Person, SharedAccount, TeamsUser } from '../../domain/model';
import { systemClock, type Clock } from '../../ports/Clock';
import type { Directory, PasswordCheck } from '../../ports/Directory';
import type { PeopleDirectory } from '../../ports/PeopleDirectory';

/** A shared account as seeded, with the password the in-memory directory checks against. */
export interface MemoryAccountSeed extends SharedAccount {
  readonly password: string;
  /** The directory demands a change at next logon (AD pwdLastSet = 0). */
  readonly mustChange?: boolean;
  readonly badPasswordCount?: number;
}

export interface MemoryDataset {
  readonly accounts: readonly MemoryAccountSeed[];
  readonly people: readonly Person[];
}

export interface MemoryDirectoryOptions {
  readonly clock?: Clock;
  /** Wrong passwords after which the account locks, like AD's lockoutThreshold. */
  readonly lockoutThreshold?: number;
}

interface AccountState {
  account: SharedAccount;
  password: string;
  mustChange: boolean;
  badPasswordCount: number;
}

type Operation = keyof Directory | keyof PeopleDirectory;

/**
 * Directory and PeopleDirectory over an in-memory dataset, behaving like Active Directory where the
 * use cases can tell: wrong passwords count towards a lockout, an administrative reset clears it,
 * "must change" and "disabled" are reported. Like Samba, a reset does not refuse earlier passwords.
 * For development and tests; test hooks let a test take the directory down or refuse a new password.
 */
export class MemoryDirectory implements Directory, PeopleDirectory {
  readonly lockoutThreshold: number;
  /** How often each operation was called, for tests that prove the directory was (not) asked. */
  readonly calls = new Map<Operation, number>();
  private readonly clock: Clock;
  private readonly accounts = new Map<string, AccountState>();
  private readonly people: Person[];
  // Lookups that run on every turn; a scan over thousands of people showed in the turn benchmark.
  private readonly peopleByDn = new Map<string, Person>();
  private readonly peopleByObjectId = new Map<string, Person>();
  private unavailable = false;
  private readonly failingNext = new Set<Operation>();
  private nextResetRefusal: DirectoryPasswordRefusal | null = null;

  constructor(dataset: MemoryDataset, options: MemoryDirectoryOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.lockoutThreshold = options.lockoutThreshold ?? 5;
    for (const seed of dataset.accounts) {
      const { password, mustChange, badPasswordCount, ...account } = seed;
      this.accounts.set(seed.name.toLowerCase(), {
        account: { ...account, delegateDns: [...account.delegateDns], passwordLastSet: mustChange ? null : account.passwordLastSet },
        password,
        mustChange: mustChange ?? false,
        badPasswordCount: badPasswordCount ?? 0,
      });
    }
    this.people = dataset.people.map((p) => ({ ...p }));
    for (const p of [...this.people].reverse()) {
      this.peopleByDn.set(normalizeDn(p.dn), p);
      if (p.aadObjectId !== null) this.peopleByObjectId.set(p.aadObjectId.toLowerCase(), p);
    }
  }

  // Directory

  async findSharedAccount(name: string): Promise<SharedAccount | null> {
    this.enter('findSharedAccount');
    const state = this.accounts.get(name.trim().toLowerCase());
    return state ? snapshot(state) : null;
  }

  async sharedAccountsFor(personDn: string): Promise<SharedAccount[]> {
    this.enter('sharedAccountsFor');
    return [...this.accounts.values()]
      .filter(({ account }) => (account.managerDn !== null && sameDn(account.managerDn, personDn)) || account.delegateDns.some((dn) => sameDn(dn, personDn)))
      .map(snapshot);
  }

  async *listSharedAccounts(): AsyncIterable<SharedAccount> {
    this.enter('listSharedAccounts');
    for (const state of [...this.accounts.values()]) yield snapshot(state);
  }

  async checkPassword(accountName: string, password: string): Promise<PasswordCheck> {
    this.enter('checkPassword');
    const state = this.accounts.get(accountName.toLowerCase());
    // An unknown account answers like a wrong password, as a bind would.
    if (!state) return { kind: 'wrong' };
    if (state.account.disabled) return { kind: 'disabled' };
    if (state.account.locked) return { kind: 'locked' };
    // What the LDAP adapters do with badPwdCount: never spend the try that would lock the unit out.
    if (state.badPasswordCount >= this.lockoutThreshold - 1) return { kind: 'lockout-risk' };
    if (password === state.password) {
      state.badPasswordCount = 0;
      return state.mustChange ? { kind: 'valid-must-change' } : { kind: 'valid' };
    }
    this.countBadPassword(state);
    return { kind: 'wrong' };
  }

  async resetPassword(accountName: string, newPassword: string): Promise<void> {
    this.enter('resetPassword');
    const state = this.require(accountName);
    if (this.nextResetRefusal !== null) {
      const reason = this.nextResetRefusal;
      this.nextResetRefusal = null;
      throw new PasswordRejectedByDirectory(reason);
    }
    state.password = newPassword;
    state.mustChange = false;
    state.badPasswordCount = 0;
    state.account = { ...state.account, locked: false, passwordLastSet: this.clock.now(), ...(state.account.passwordExpired === undefined ? {} : { passwordExpired: false }) };
  }

  async refusesEarlierPasswordsOnReset(): Promise<boolean> {
    this.enter('refusesEarlierPasswordsOnReset');
    return false;
  }

  async setRecoveryMobile(accountName: string, mobileE164: string | null): Promise<void> {
    this.enter('setRecoveryMobile');
    const state = this.require(accountName);
    state.account = { ...state.account, recoveryMobile: mobileE164 };
  }

  async setDelegates(accountName: string, delegateDns: readonly string[]): Promise<void> {
    this.enter('setDelegates');
    const state = this.require(accountName);
    state.account = { ...state.account, delegateDns: [...delegateDns] };
  }

  async ping(): Promise<void> {
    this.enter('ping');
  }

  // PeopleDirectory

  async personForTeamsUser(user: TeamsUser): Promise<Person | null> {
    this.enter('personForTeamsUser');
    if (user.aadObjectId) {
      const byObjectId = this.peopleByObjectId.get(user.aadObjectId.toLowerCase());
      if (byObjectId) return { ...byObjectId };
    }
    const upn = user.userPrincipalName?.toLowerCase();
    if (!upn) return null;
    const byUpn = this.people.find((p) => p.userPrincipalName?.toLowerCase() === upn);
    return byUpn ? { ...byUpn } : null;
  }

  async personByDn(dn: string): Promise<Person | null> {
    this.enter('personByDn');
    const found = this.peopleByDn.get(normalizeDn(dn));
    return found ? { ...found } : null;
  }

  async searchPeople(query: string, limit: number): Promise<Person[]> {
    this.enter('searchPeople');
    const wanted = fold(query.trim());
    if (wanted === '') return [];
    return this.people
      .filter((p) => fold(p.displayName).includes(wanted) || (p.email !== null && fold(p.email).includes(wanted)))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'))
      .slice(0, limit)
      .map((p) => ({ ...p }));
  }

  // Test and demo hooks

  /** While down, every operation throws DirectoryUnavailable and changes nothing. */
  setUnavailable(down: boolean): void {
    this.unavailable = down;
  }

  /** The next call of this operation throws DirectoryUnavailable (a connection lost mid-routine). */
  failNextCall(operation: Operation): void {
    this.failingNext.add(operation);
  }

  /** The next resetPassword is refused with this reason (e.g. AD's minimum password age: 'too-young'). */
  refuseNextReset(reason: DirectoryPasswordRefusal): void {
    this.nextResetRefusal = reason;
  }

  /** Logons with a wrong password outside Rotera (someone at the unit guessing), counted like AD does. */
  failLogons(accountName: string, times: number): void {
    const state = this.require(accountName);
    for (let i = 0; i < times; i += 1) this.countBadPassword(state);
  }

  /** An administrator's change in the directory itself (enable/disable, unlock, expire the password). */
  update(accountName: string, change: Partial<Pick<SharedAccount, 'locked' | 'disabled' | 'recoveryMobile' | 'passwordLastSet' | 'passwordExpired'>> & { mustChange?: boolean }): void {
    const state = this.require(accountName);
    const { mustChange, ...fields } = change;
    if (mustChange !== undefined) state.mustChange = mustChange;
    state.account = { ...state.account, ...fields, ...(state.mustChange ? { passwordLastSet: null } : {}) };
    if (fields.locked === false) state.badPasswordCount = 0;
  }

  /** The account's current password: tests and demos only, never used by Rotera itself. */
  currentPassword(accountName: string): string {
    return this.require(accountName).password;
  }

  callCount(operation: Operation): number {
    return this.calls.get(operation) ?? 0;
  }

  private countBadPassword(state: AccountState): void {
    state.badPasswordCount += 1;
    if (state.badPasswordCount >= this.lockoutThreshold) state.account = { ...state.account, locked: true };
  }

  private enter(operation: Operation): void {
    this.calls.set(operation, this.callCount(operation) + 1);
    if (this.unavailable) throw new DirectoryUnavailable(`memory directory is down (${operation})`);
    if (this.failingNext.delete(operation)) throw new DirectoryUnavailable(`memory directory failed ${operation} as told`);
  }

  private require(accountName: string): AccountState {
    const state = this.accounts.get(accountName.toLowerCase());
    if (!state) throw new DirectoryUnavailable(`no shared account ${accountName} in the memory directory`);
    return state;
  }
}

function snapshot(state: AccountState): SharedAccount {
  return { ...state.account, delegateDns: [...state.account.delegateDns] };
}

/** "asa" finds "Åsa": people type names without diacritics. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
