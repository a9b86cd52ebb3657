import { mayManageDelegates, sameDn } from '../domain/access';
import type { Actor } from '../domain/model';
import { resolveAccess, notResponsible } from './accessGuard';
import type { DelegateChange } from './contracts';
import { notifyOthers, type Core } from './core';
import { personSummary } from './summaries';

/** Routine 4: the manager (only) names a colleague as delegate. */
export async function addDelegate(core: Core, actor: Actor, accountName: string, personDn: string): Promise<DelegateChange> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'add-delegate', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account, role } = access;
  const finish = async (outcome: DelegateChange, delegateDn?: string) => {
    await core.audit.record(actor, 'add-delegate', account.name, outcome.kind, delegateDn ? { delegateDn } : undefined);
    return outcome;
  };
  if (!mayManageDelegates(role)) return finish({ kind: 'not-manager' });
  const person = await core.people.personByDn(personDn);
  if (!person) return finish({ kind: 'person-not-found' });
  if (account.managerDn !== null && sameDn(account.managerDn, person.dn)) return finish({ kind: 'is-manager' }, person.dn);
  if (account.delegateDns.some((dn) => sameDn(dn, person.dn))) return finish({ kind: 'already-delegate' }, person.dn);

  await core.directory.setDelegates(account.name, [...account.delegateDns, person.dn]);
  // The new delegate hears it too: the notice tells them what they can now do.
  await notifyOthers(
    core,
    actor,
    account,
    { kind: 'delegate-added', accountName: account.name, accountDisplayName: account.displayName, byName: actor.person.displayName, delegateName: person.displayName, at: core.clock.now() },
    [person.dn],
  );
  return finish({ kind: 'delegate-added', delegate: personSummary(person) }, person.dn);
}

/** Routine 4: the manager (only) takes a delegate off the account. */
export async function removeDelegate(core: Core, actor: Actor, accountName: string, personDn: string): Promise<DelegateChange> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'remove-delegate', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account, role } = access;
  const finish = async (outcome: DelegateChange, delegateDn?: string) => {
    await core.audit.record(actor, 'remove-delegate', account.name, outcome.kind, delegateDn ? { delegateDn } : undefined);
    return outcome;
  };
  if (!mayManageDelegates(role)) return finish({ kind: 'not-manager' });
  const current = account.delegateDns.find((dn) => sameDn(dn, personDn));
  if (current === undefined) return finish({ kind: 'not-a-delegate' });

  // A delegate who has left the people directory can still be removed.
  const person = await core.people.personByDn(current);
  const delegate = person ? personSummary(person) : { dn: current, displayName: current, email: null };
  await core.directory.setDelegates(
    account.name,
    account.delegateDns.filter((dn) => dn !== current),
  );
  // The account as it was, so the removed delegate is told as well.
  await notifyOthers(core, actor, account, {
    kind: 'delegate-removed',
    accountName: account.name,
    accountDisplayName: account.displayName,
    byName: actor.person.displayName,
    delegateName: delegate.displayName,
    at: core.clock.now(),
  });
  return finish({ kind: 'delegate-removed', delegate }, current);
}
