import { PasswordRejectedByDirectory } from '../domain/errors';
import type { Actor } from '../domain/model';
import { checkNewPassword, defaultPasswordPolicy } from '../domain/passwordPolicy';
import { nextChangeDue } from '../domain/rotation';
import { resolveAccess, notResponsible } from './accessGuard';
import type { PasswordChange } from './contracts';
import { notifyOthers, type Core } from './core';
import { storeKeys } from './storeKeys';
import { activeResetSession } from './verifyResetCode';

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
  if ((await activeResetSession(core, account.name, actor.teamsUserId)) === null) return finish({ kind: 'not-verified' });
  if (newPassword !== repeated) return finish({ kind: 'mismatch' });

  const failures = checkNewPassword(
    newPassword,
    { accountName: account.name, displayName: account.displayName },
    { ...defaultPasswordPolicy, municipalityNames: core.settings.municipalityNames },
  );
  if (failures.length > 0) return finish({ kind: 'policy', failures }, { rules: failures.map((f) => f.kind).join(',') });

  const checkExact = !(await core.directoryRefusesEarlierPasswords());
  const earlier = await core.history.match(account.name, newPassword, checkExact);
  if (earlier !== null) return finish({ kind: 'earlier-password', variant: earlier.variant });

  try {
    await core.directory.resetPassword(account.name, newPassword);
  } catch (error) {
    if (error instanceof PasswordRejectedByDirectory) return finish({ kind: 'directory-refused', reason: error.reason });
    throw error;
  }

  const now = core.clock.now();
  await core.store.delete(storeKeys.resetSession(account.name, actor.teamsUserId));
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
