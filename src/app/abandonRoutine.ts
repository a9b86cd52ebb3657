import type { Actor, CodePurpose } from '../domain/model';
import type { CodeRecord } from '../domain/securityCode';
import { retryOnConflict } from './concurrency';
import type { Core } from './core';
import { storeKeys } from './storeKeys';

const PURPOSES: readonly CodePurpose[] = ['reset', 'confirm-mobile'];

/**
 * The user cancelled: what they were granted for this account stops working now, not when it expires
 * (the verified reset session, the proven current password, and the live codes sent to them). A code
 * bound to another user is theirs and stays. Send and wrong-try counts stay too: cancelling must not
 * become a way around the limits. Asks no directory, so cancelling works while it is down.
 */
export async function abandonRoutine(core: Core, actor: Actor, accountName: string): Promise<void> {
  const session = await removeIfPresent(core, storeKeys.resetSession(accountName, actor.teamsUserId));
  const proof = await removeIfPresent(core, storeKeys.proof(accountName, actor.teamsUserId));
  let codes = 0;
  for (const purpose of PURPOSES) if (await removeOwnCode(core, actor, purpose, accountName)) codes += 1;
  // Only a removed record shows the name is an account this user worked on; otherwise it is not kept,
  // as for every unknown name (the text might be a mistyped password).
  const removedAny = session || proof || codes > 0;
  await core.audit.record(actor, 'abandon-routine', removedAny ? accountName.trim().toLowerCase() : null, removedAny ? 'abandoned' : 'nothing-live', {
    session,
    proof,
    codes,
  });
}

async function removeIfPresent(core: Core, key: string): Promise<boolean> {
  if ((await core.store.get<unknown>(key)) === undefined) return false;
  await core.store.delete(key);
  return true;
}

/** Removes the live code of one purpose if it was sent to this user; re-reads if it changes meanwhile. */
async function removeOwnCode(core: Core, actor: Actor, purpose: CodePurpose, accountName: string): Promise<boolean> {
  const key = storeKeys.code(purpose, accountName);
  return retryOnConflict(async () => {
    const stored = await core.store.get<CodeRecord>(key);
    if (stored === undefined || stored.value.binding.teamsUserId !== actor.teamsUserId) return false;
    await core.store.delete(key, { ifMatch: stored.eTag });
    return true;
  });
}
