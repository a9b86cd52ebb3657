import { DirectoryUnavailable } from '../domain/errors';
import type { Actor } from '../domain/model';
import { resolveAccess, notResponsible } from './accessGuard';
import type { CurrentPasswordOutcome } from './contracts';
import type { Core } from './core';
import { EventLog } from './eventLog';
import { storeKeys } from './storeKeys';
import { summarizeAccount } from './summaries';

/** What a proven password leaves behind: this user knew it, at this time. Nothing about the password itself. */
export interface PasswordProof {
  readonly provenAt: number;
}

/**
 * Step b of routine 2. Wrong tries are counted per account across all users and reserved in the store
 * BEFORE the directory is asked, so parallel tries cannot exceed the limit and lock the unit's account.
 */
export async function checkCurrentPassword(core: Core, actor: Actor, accountName: string, password: string): Promise<CurrentPasswordOutcome> {
  // An empty password must never reach an LDAP bind: that is an unauthenticated bind, which may "succeed".
  if (password.length === 0) return { kind: 'empty-password' };

  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'check-current-password', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account, role } = access;
  const finish = async (outcome: CurrentPasswordOutcome, detail?: Record<string, number>) => {
    await core.audit.record(actor, 'check-current-password', account.name, outcome.kind, detail);
    return outcome;
  };
  const support = core.settings.supportContact;
  if (account.disabled) return finish({ kind: 'account-disabled', supportContact: support });
  if (account.locked) return finish({ kind: 'account-locked', supportContact: support });

  const limit = { max: core.settings.passwordCheckMaxFailures, periodMs: core.settings.passwordCheckWindowMs };
  const failures = new EventLog(core.store, storeKeys.passwordChecks(account.name), [limit]);
  const now = core.clock.now().getTime();
  const reservation = await failures.reserve(now);
  if (!reservation.reserved) return finish({ kind: 'attempts-exhausted', retryAt: new Date(reservation.retryAt) });

  let check;
  try {
    check = await core.directory.checkPassword(account.name, password);
  } catch (error) {
    await failures.release(reservation.id);
    if (error instanceof DirectoryUnavailable) await core.audit.record(actor, 'check-current-password', account.name, 'directory-unavailable');
    throw error;
  }

  if (check.kind === 'wrong') {
    return finish({ kind: 'wrong-password', attemptsLeft: await failures.remaining(now) });
  }
  // Only a wrong password is a failed try; everything else gives the reserved try back.
  await failures.release(reservation.id);
  switch (check.kind) {
    case 'locked':
      return finish({ kind: 'account-locked', supportContact: support });
    case 'disabled':
      return finish({ kind: 'account-disabled', supportContact: support });
    case 'lockout-risk':
      return finish({ kind: 'lockout-risk' });
    case 'valid':
    case 'valid-must-change': {
      await core.store.put<PasswordProof>(storeKeys.proof(account.name, actor.teamsUserId), { provenAt: now }, { ttlMs: core.settings.proofMs });
      const summary = await summarizeAccount(core.people, account, role, core.clock.now(), core.settings.rotationMonths);
      return finish({
        kind: 'proven',
        account: summary,
        suggestedMobile: actor.person.workMobile,
        mustChange: check.kind === 'valid-must-change',
      });
    }
  }
}

/** Whether this user proved the account's current password within the last `proofMs`. */
export async function hasFreshProof(core: Core, accountName: string, teamsUserId: string): Promise<boolean> {
  const proof = await core.store.get<PasswordProof>(storeKeys.proof(accountName, teamsUserId));
  return proof !== undefined && proof.value.provenAt + core.settings.proofMs > core.clock.now().getTime();
}
