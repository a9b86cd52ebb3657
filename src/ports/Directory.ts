import type { SharedAccount } from '../domain/model';

/** The outcome of checking a shared account's current password. */
export type PasswordCheck =
  /** The password is right. */
  | { readonly kind: 'valid' }
  /** The password is right but the directory demands a change (AD `data 773`/`532`): counts as proven. */
  | { readonly kind: 'valid-must-change' }
  | { readonly kind: 'wrong' }
  | { readonly kind: 'locked' }
  | { readonly kind: 'disabled' }
  /** Not tried: the next wrong try could lock the account in the directory itself. */
  | { readonly kind: 'lockout-risk' };

/**
 * The shared accounts and their password, in the organisation's directory.
 * Account names are compared case-insensitively. Adapters escape every value they put in a filter or DN,
 * throw `DirectoryUnavailable` when the directory cannot be reached (and change nothing then), and
 * `PasswordRejectedByDirectory` when a new password is refused.
 */
export interface Directory {
  findSharedAccount(name: string): Promise<SharedAccount | null>;
  /** Accounts whose manager or one of whose delegates is `personDn`. */
  sharedAccountsFor(personDn: string): Promise<SharedAccount[]>;
  /** Every shared account in scope, read page by page. */
  listSharedAccounts(): AsyncIterable<SharedAccount>;
  /** Never called with an empty password: the use case refuses that before. */
  checkPassword(accountName: string, password: string): Promise<PasswordCheck>;
  /** Administrative reset; also clears a lockout. */
  resetPassword(accountName: string, newPassword: string): Promise<void>;
  /** Whether `resetPassword` itself refuses the account's earlier passwords; if not, Rotera keeps its own history. */
  refusesEarlierPasswordsOnReset(): Promise<boolean>;
  setRecoveryMobile(accountName: string, mobileE164: string | null): Promise<void>;
  setDelegates(accountName: string, delegateDns: readonly string[]): Promise<void>;
  /** Throws `DirectoryUnavailable` when the directory does not answer (readiness probe). */
  ping(): Promise<void>;
}
