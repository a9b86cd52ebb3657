import { ConcurrencyConflict, PasswordRejectedByDirectory } from '../domain/errors';
import type { Actor } from '../domain/model';
import { checkNewPassword, defaultPasswordPolicy } from '../domain/passwordPolicy';
import { nextChangeDue } from '../domain/rotation';
import { resolveAccess, notResponsible } from './accessGuard';
import type { PasswordChange } from './contracts';
import { notifyOthers, type Core } from './core';
import { storeKeys } from './storeKeys';
import { errorName } from './auditTrail';
import { activeResetSession, type ResetSession } from './verifyResetCode';

/**
 * Steps d-f of routine 3. The verified session survives every refusal (mismatch, policy, history,
 * directory), so the user can try another password without a new code while it lasts.
 */
export async function changePassword(core: Core, actor: Actor, accountName: string, newPassword: string, repeated: string): Promise<PasswordChange> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'change-password', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account } = access;
  const finish = async (outcome: PasswordChange, detail?: Record<string, string | number | boolean>) => {
    await core.audit.record(actor, 'change-password', account.name, outcome.kind, detail);
    return outcome;
  };
  const sessionKey = storeKeys.resetSession(account.name, actor.teamsUserId);
  const session = await activeResetSession(core, account.name, actor.teamsUserId);
  if (session === null) return finish({ kind: 'not-verified' });
  if (newPassword !== repeated) return finish({ kind: 'mismatch' });

  const failures = checkNewPassword(
    newPassword,
    { accountName: account.name, displayName: account.displayName },
    { ...defaultPasswordPolicy, municipalityNames: core.settings.municipalityNames },
  );
  if (failures.length > 0) return finish({ kind: 'policy', failures }, { rules: failures.map((f) => f.kind).join(',') });

  // Claim the session before anything reaches the directory: of two submits racing on one verified code,
  // only the one whose conditional delete lands may reset. The other hears "not verified".
  try {
    await core.store.delete(sessionKey, { ifMatch: session.eTag });
  } catch (error) {
    if (error instanceof ConcurrencyConflict) return finish({ kind: 'not-verified' });
    throw error;
  }
  // Until the directory has taken the password, every way out gives the session back, so another
  // password needs no new code.
  const giveBack = () => giveBackSession(core, sessionKey, session.value);
  try {
    const checkExact = !(await core.directoryRefusesEarlierPasswords());
    const earlier = await core.history.match(account.name, newPassword, checkExact);
    if (earlier !== null) {
      await giveBack();
      return finish({ kind: 'earlier-password', variant: earlier.variant });
    }
    await core.directory.resetPassword(account.name, newPassword);
  } catch (error) {
    await giveBack();
    if (error instanceof PasswordRejectedByDirectory) return finish({ kind: 'directory-refused', reason: error.reason });
    throw error;
  }

  const now = core.clock.now();
  await core.history.remember(account.name, newPassword, now);
  await notifyOthers(core, actor, account, {
    kind: 'password-changed',
    accountName: account.name,
    accountDisplayName: account.displayName,
    byName: actor.person.displayName,
    at: now,
  });
  return finish({
    kind: 'password-changed',
    nextChangeDue: nextChangeDue(now, now, { months: core.settings.rotationMonths }),
    supportContact: core.settings.supportContact,
  });
}

/**
 * Puts a claimed session back with the expiry it had. Only where nothing is stored: a session verified
 * meanwhile (a new code) is newer and stays. A failed give-back is logged, never allowed to hide why the
 * change did not happen; the user then needs a new code.
 */
async function giveBackSession(core: Core, key: string, session: ResetSession): Promise<void> {
  const ttlMs = session.until - core.clock.now().getTime();
  if (ttlMs <= 0) return;
  try {
    await core.store.put(key, session, { ifNoneMatch: true, ttlMs });
  } catch (error) {
    if (error instanceof ConcurrencyConflict) return;
    core.logger.warn({ err: errorName(error) }, 'verified reset session could not be given back');
  }
}
