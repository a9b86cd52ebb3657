import type { Actor, TeamsUser } from '../domain/model';
import { roleFor } from '../domain/access';
import { resolveAccess } from './accessGuard';
import type { AccountSummary, PersonSummary } from './contracts';
import type { Core } from './core';
import { personSummary, summarizeAccount } from './summaries';

/** Search results shown at most; enough to pick a colleague, too few to page through the directory. */
export const PEOPLE_SEARCH_LIMIT = 10;
const MIN_QUERY_LENGTH = 2;

export async function identify(core: Core, user: TeamsUser): Promise<Actor | null> {
  const person = await core.people.personForTeamsUser(user);
  return person ? { teamsUserId: user.teamsUserId, person, locale: user.locale } : null;
}

export async function myAccounts(core: Core, actor: Actor): Promise<AccountSummary[]> {
  const accounts = await core.directory.sharedAccountsFor(actor.person.dn);
  const now = core.clock.now();
  const summaries = await Promise.all(
    accounts.map((account) => {
      const role = roleFor(actor.person.dn, account);
      return role ? summarizeAccount(core.people, account, role, now, core.settings.rotationMonths) : Promise.resolve(null);
    }),
  );
  return summaries.filter((s): s is AccountSummary => s !== null).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}

export async function findMyAccount(core: Core, actor: Actor, accountName: string): Promise<AccountSummary | null> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) return null;
  return summarizeAccount(core.people, access.account, access.role, core.clock.now(), core.settings.rotationMonths);
}

/**
 * People to pick as a delegate. Only someone who manages an account gets answers, so the bot is not a
 * way for anyone in the tenant to walk the directory.
 */
export async function searchPeople(core: Core, actor: Actor, query: string): Promise<PersonSummary[]> {
  const trimmed = query.trim();
  if (trimmed.length < MIN_QUERY_LENGTH) return [];
  const accounts = await core.directory.sharedAccountsFor(actor.person.dn);
  if (!accounts.some((account) => roleFor(actor.person.dn, account) === 'manager')) return [];
  const found = await core.people.searchPeople(trimmed, PEOPLE_SEARCH_LIMIT);
  return found.map(personSummary);
}
