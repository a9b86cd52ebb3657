import type { CodePurpose } from '../domain/model';

/**
 * Every Store key the core writes, in one place. Account names are lower-cased (they compare
 * case-insensitively); Teams ids are URI-encoded so a `/` in one can never split a key.
 */
const account = (name: string) => encodeURIComponent(name.trim().toLowerCase());
const user = (teamsUserId: string) => encodeURIComponent(teamsUserId);

export const storeKeys = {
  /** Wrong current-password tries per account, across all users. */
  passwordChecks: (accountName: string) => `pwcheck/${account(accountName)}`,
  /** The current password was proven by this user, a short while ago. */
  proof: (accountName: string, teamsUserId: string) => `proof/${account(accountName)}/${user(teamsUserId)}`,
  /** The one live code per account and purpose. */
  code: (purpose: CodePurpose, accountName: string) => `code/${purpose}/${account(accountName)}`,
  // One send log per account, whatever the purpose: the limits are "codes per account".
  codeSends: (accountName: string) => `code-sends/${account(accountName)}`,
  codeFailures: (purpose: CodePurpose, accountName: string) => `code-failures/${purpose}/${account(accountName)}`,
  /** A reset code was verified: this user may set a new password for a while. */
  resetSession: (accountName: string, teamsUserId: string) => `reset-session/${account(accountName)}/${user(teamsUserId)}`,
  passwordHistory: (accountName: string) => `pwhistory/${account(accountName)}`,
  audit: (at: Date, unique: string) => `audit/${at.toISOString()}/${unique}`,
  auditPrefix: 'audit/',
} as const;
