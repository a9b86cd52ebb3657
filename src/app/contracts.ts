/**
 * What the Teams edge (and any other edge) may ask of Rotera's core, and the typed outcomes it gets back.
 * Expected refusals are outcomes; only infrastructure failures (`DirectoryUnavailable`, `SmsUnavailable`,
 * `StoreUnavailable`) are thrown. No outcome ever carries a password or a code.
 */
import type { DirectoryPasswordRefusal, SmsRefusalReason } from '../domain/errors';
import type { Actor, Role, TeamsUser } from '../domain/model';
import type { PhoneProblem } from '../domain/phoneNumber';
import type { PolicyFailure } from '../domain/passwordPolicy';

/**
 * The one answer for "no such account" and "not yours": the same words, in the same time,
 * so nobody learns whether an account exists.
 */
export interface NotResponsible {
  readonly kind: 'not-responsible';
}

export interface PersonSummary {
  readonly dn: string;
  readonly displayName: string;
  readonly email: string | null;
}

export interface AccountSummary {
  readonly name: string;
  readonly displayName: string;
  readonly role: Role;
  readonly managerName: string | null;
  readonly delegates: readonly PersonSummary[];
  /** e.g. `+46 70•••••67`; null when no recovery mobile is registered. */
  readonly maskedMobile: string | null;
  readonly passwordLastSet: Date | null;
  readonly nextChangeDue: Date;
  readonly overdue: boolean;
  readonly locked: boolean;
}

/** Outcome shared by every code check. */
export type CodeRefusal =
  | { readonly kind: 'wrong-code'; readonly attemptsLeft: number }
  /** Not six digits: no attempt used. */
  | { readonly kind: 'malformed-code' }
  | { readonly kind: 'code-expired' }
  | { readonly kind: 'too-many-attempts' }
  | { readonly kind: 'no-code' };

// Routine 2: register or change the recovery mobile.

export type CurrentPasswordOutcome =
  | {
      readonly kind: 'proven';
      readonly account: AccountSummary;
      /** The user's own work mobile (E.164), offered first; null when the directory has none. */
      readonly suggestedMobile: string | null;
      /** The directory demands a change: offer the reset routine after this one. */
      readonly mustChange: boolean;
    }
  | { readonly kind: 'empty-password' }
  | { readonly kind: 'wrong-password'; readonly attemptsLeft: number }
  /** Rotera's own guard stopped further tries to keep the unit's account from being locked. */
  | { readonly kind: 'attempts-exhausted'; readonly retryAt: Date }
  /** The directory's own counter is one try from locking the account: not tried. */
  | { readonly kind: 'lockout-risk' }
  | { readonly kind: 'account-locked'; readonly supportContact: string }
  | { readonly kind: 'account-disabled'; readonly supportContact: string }
  | NotResponsible;

export type MobileConfirmationStart =
  | {
      readonly kind: 'code-sent';
      readonly maskedMobile: string;
      readonly expiresAt: Date;
      readonly resendAt: Date;
      readonly providerMessageId: string;
    }
  | { readonly kind: 'invalid-number'; readonly problem: PhoneProblem }
  /** The current password was not proven within the last 10 minutes (or ever): ask for it again. */
  | { readonly kind: 'proof-expired' }
  | { readonly kind: 'rate-limited'; readonly retryAt: Date }
  | { readonly kind: 'sms-refused'; readonly reason: SmsRefusalReason; readonly supportContact: string }
  | NotResponsible;

export type MobileConfirmation =
  | { readonly kind: 'mobile-saved'; readonly maskedMobile: string; readonly previousNumberNotified: boolean }
  | CodeRefusal
  | { readonly kind: 'proof-expired' }
  | NotResponsible;

// Routine 3: reset the password.

export type ResetStart =
  | {
      readonly kind: 'code-sent';
      readonly maskedMobile: string;
      readonly sentAt: Date;
      /** "Skicka ny kod" is offered from this moment (60 s after sending). */
      readonly resendAt: Date;
      readonly expiresAt: Date;
      readonly providerMessageId: string;
    }
  | { readonly kind: 'no-mobile' }
  | { readonly kind: 'resend-too-early'; readonly resendAt: Date }
  | { readonly kind: 'rate-limited'; readonly retryAt: Date }
  | { readonly kind: 'sms-refused'; readonly reason: SmsRefusalReason; readonly supportContact: string }
  | NotResponsible;

export type ResetCodeVerification =
  | { readonly kind: 'verified'; readonly until: Date }
  | CodeRefusal
  | NotResponsible;

export type PasswordChange =
  | { readonly kind: 'password-changed'; readonly nextChangeDue: Date; readonly supportContact: string }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'policy'; readonly failures: readonly PolicyFailure[] }
  /** Rotera's own history: the same password, or a variant of one (same letters, other digits or specials). */
  | { readonly kind: 'earlier-password'; readonly variant: boolean }
  | { readonly kind: 'directory-refused'; readonly reason: DirectoryPasswordRefusal }
  /** No verified reset session (never verified, or its 10 minutes are over): a new code is needed. */
  | { readonly kind: 'not-verified' }
  | NotResponsible;

// Routine 4: my accounts and delegation.

export type DelegateChange =
  | { readonly kind: 'delegate-added' | 'delegate-removed'; readonly delegate: PersonSummary }
  /** Only the manager adds or removes delegates. */
  | { readonly kind: 'not-manager' }
  | { readonly kind: 'already-delegate' }
  | { readonly kind: 'not-a-delegate' }
  | { readonly kind: 'person-not-found' }
  /** The manager cannot be their own delegate. */
  | { readonly kind: 'is-manager' }
  | NotResponsible;

export interface UseCases {
  /** The directory person behind a Teams user; null when the directory does not know them (they manage nothing). */
  identify(user: TeamsUser): Promise<Actor | null>;
  myAccounts(actor: Actor): Promise<AccountSummary[]>;
  /** The account by name if the actor is responsible for it; null otherwise (uniform, see `NotResponsible`). */
  findMyAccount(actor: Actor, accountName: string): Promise<AccountSummary | null>;

  checkCurrentPassword(actor: Actor, accountName: string, password: string): Promise<CurrentPasswordOutcome>;
  startMobileConfirmation(actor: Actor, accountName: string, rawNumber: string): Promise<MobileConfirmationStart>;
  confirmMobile(actor: Actor, accountName: string, code: string): Promise<MobileConfirmation>;

  /** Sends a code to the mobile on file; called again for "Skicka ny kod". */
  startReset(actor: Actor, accountName: string): Promise<ResetStart>;
  verifyResetCode(actor: Actor, accountName: string, code: string): Promise<ResetCodeVerification>;
  changePassword(actor: Actor, accountName: string, newPassword: string, repeated: string): Promise<PasswordChange>;
  /**
   * The user cancelled a routine for this account: their verified reset session, proven current password
   * and the account's live codes sent to them stop working now. Other users' codes stay.
   */
  abandon(actor: Actor, accountName: string): Promise<void>;

  searchPeople(actor: Actor, query: string): Promise<PersonSummary[]>;
  addDelegate(actor: Actor, accountName: string, personDn: string): Promise<DelegateChange>;
  removeDelegate(actor: Actor, accountName: string, personDn: string): Promise<DelegateChange>;
}
