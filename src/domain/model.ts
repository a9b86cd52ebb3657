/** The language a person is answered in. Swedish unless the Teams locale starts with "en". */
export type Locale = 'sv' | 'en';

/** A shared functional account (a unit's shared login) as the directory knows it. */
export interface SharedAccount {
  /** The login name (sAMAccountName / uid), e.g. `hemtjanstab`. Unique, compared case-insensitively. */
  readonly name: string;
  /** The unit's display name, e.g. "Hemtjänst Almby". */
  readonly displayName: string;
  readonly dn: string;
  /** DN of the responsible manager; null when none is set. */
  readonly managerDn: string | null;
  /** DNs of the colleagues the manager delegated the account to. */
  readonly delegateDns: readonly string[];
  /** Recovery mobile in E.164 (`+46701234567`), or null when none is registered. */
  readonly recoveryMobile: string | null;
  /** When the password was last set; null when never set or the directory demands a change at next logon. */
  readonly passwordLastSet: Date | null;
  /**
   * The directory says the password has expired (AD: msDS-UserPasswordExpiryTimeComputed in the past),
   * which can come before our rotation date when the domain's maximum password age is shorter.
   * Undefined when the directory does not say.
   */
  readonly passwordExpired?: boolean;
  readonly locked: boolean;
  readonly disabled: boolean;
}

/** A person in the directory: a manager, a delegate, or someone who could become one. */
export interface Person {
  readonly dn: string;
  readonly displayName: string;
  readonly userPrincipalName: string | null;
  readonly email: string | null;
  /** Entra object id, when the directory knows it (memory and Graph adapters). */
  readonly aadObjectId: string | null;
  /** The person's own work mobile in E.164, offered first as the recovery mobile. */
  readonly workMobile: string | null;
  readonly managerDn: string | null;
}

/** Who is talking to the bot, as Teams says. */
export interface TeamsUser {
  /** Teams' own user id (`29:...`); codes are bound to it. */
  readonly teamsUserId: string;
  readonly aadObjectId: string | null;
  readonly userPrincipalName: string | null;
  readonly name: string | null;
  readonly locale: Locale;
}

/** A Teams user resolved to a directory person: the subject of every use case. */
export interface Actor {
  readonly teamsUserId: string;
  readonly person: Person;
  readonly locale: Locale;
}

/** What someone may do with an account. */
export type Role = 'manager' | 'delegate';

/** Why a code exists; a code for one purpose never works for another. */
export type CodePurpose = 'reset' | 'confirm-mobile';
