import type { Actor } from '../domain/model';
import type { Stored } from '../ports/Store';
import { resolveAccess, notResponsible } from './accessGuard';
import { retryOnConflict } from './concurrency';
import type { ResetCodeVerification } from './contracts';
import type { Core } from './core';
import { storeKeys } from './storeKeys';

/** A verified reset code: this user may set a new password until `until`. */
export interface ResetSession {
  readonly verifiedAt: number;
  readonly until: number;
}

/** Step c of routine 3. A matching code is consumed before the session exists, so it works exactly once. */
export async function verifyResetCode(core: Core, actor: Actor, accountName: string, code: string): Promise<ResetCodeVerification> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'verify-reset-code', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account } = access;
  const binding = { accountName: account.name, teamsUserId: actor.teamsUserId, purpose: 'reset' as const };
  const outcome = await retryOnConflict(async (): Promise<ResetCodeVerification> => {
    const check = await core.codes.check(binding, code);
    if (check.kind !== 'match') return check;
    await core.codes.consume('reset', account.name, check.eTag);
    const now = core.clock.now().getTime();
    const session: ResetSession = { verifiedAt: now, until: now + core.settings.verifiedSessionMs };
    await core.store.put(storeKeys.resetSession(account.name, actor.teamsUserId), session, { ttlMs: core.settings.verifiedSessionMs });
    return { kind: 'verified', until: new Date(session.until) };
  });
  await core.audit.record(actor, 'verify-reset-code', account.name, outcome.kind, outcome.kind === 'wrong-code' ? { attemptsLeft: outcome.attemptsLeft } : undefined);
  return outcome;
}

/** The user's unexpired session with its eTag, so the caller can claim exactly this version of it. */
export async function activeResetSession(core: Core, accountName: string, teamsUserId: string): Promise<Stored<ResetSession> | null> {
  const stored = await core.store.get<ResetSession>(storeKeys.resetSession(accountName, teamsUserId));
  return stored && stored.value.until > core.clock.now().getTime() ? stored : null;
}
