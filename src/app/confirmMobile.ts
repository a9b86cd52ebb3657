import { SmsRefused, SmsUnavailable } from '../domain/errors';
import type { Actor } from '../domain/model';
import { maskMobile } from '../domain/phoneNumber';
import { smsTexts } from '../i18n/sms';
import { resolveAccess, notResponsible } from './accessGuard';
import { errorName } from './auditTrail';
import { hasFreshProof } from './checkCurrentPassword';
import type { MobileConfirmation } from './contracts';
import { notifyOthers, type Core } from './core';
import { storeKeys } from './storeKeys';

/**
 * Step e-f of routine 2. The number saved is the one the code was sent to (from the stored record).
 * The directory is written before the code is consumed: if the directory is down, the same code still
 * works on the next try and nothing was half-done.
 */
export async function confirmMobile(core: Core, actor: Actor, accountName: string, code: string): Promise<MobileConfirmation> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'confirm-mobile', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account } = access;
  const finish = async (outcome: MobileConfirmation, detail?: Record<string, string | boolean | number>) => {
    await core.audit.record(actor, 'confirm-mobile', account.name, outcome.kind, detail);
    return outcome;
  };
  if (!(await hasFreshProof(core, account.name, actor.teamsUserId))) return finish({ kind: 'proof-expired' });

  const binding = { accountName: account.name, teamsUserId: actor.teamsUserId, purpose: 'confirm-mobile' as const };
  const check = await core.codes.check(binding, code);
  if (check.kind !== 'match') return finish(check);

  const newMobile = check.record.destination;
  const previous = account.recoveryMobile;
  await core.directory.setRecoveryMobile(account.name, newMobile);
  await core.codes.consume('confirm-mobile', account.name, check.eTag).catch(() => undefined);
  await core.store.delete(storeKeys.proof(account.name, actor.teamsUserId));

  const masked = maskMobile(newMobile);
  let previousNumberNotified = false;
  if (previous !== null && previous !== newMobile) {
    try {
      // Swedish: the old number belongs to the unit, whose language we do not know; the unit works in Swedish.
      await core.sms.send({ to: previous, body: smsTexts.sv.numberReplaced({ accountName: account.name, serviceName: core.settings.serviceName }) });
      previousNumberNotified = true;
    } catch (error) {
      if (!(error instanceof SmsRefused) && !(error instanceof SmsUnavailable)) throw error;
      core.logger.warn({ account: account.name, to: maskMobile(previous), err: errorName(error) }, 'the replaced number could not be told');
    }
  }
  await notifyOthers(core, actor, account, {
    kind: 'mobile-changed',
    accountName: account.name,
    accountDisplayName: account.displayName,
    byName: actor.person.displayName,
    at: core.clock.now(),
    maskedMobile: masked,
  });
  return finish(
    { kind: 'mobile-saved', maskedMobile: masked, previousNumberNotified },
    { to: masked, previous: previous === null ? 'none' : maskMobile(previous) },
  );
}
