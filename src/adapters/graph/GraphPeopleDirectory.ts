import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { DirectoryUnavailable } from '../../domain/errors';
import type { Person, TeamsUser } from '../../domain/model';
import { parseMobile } from '../../domain/phoneNumber';
import { systemClock, type Clock } from '../../ports/Clock';
import type { Logger } from '../../ports/Logger';
import type { PeopleDirectory } from '../../ports/PeopleDirectory';

/** onPremises* properties come back only when `$select`ed; they are what ties an Entra user to the AD DN. */
const USER_FIELDS = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'mobilePhone',
  'businessPhones',
  'preferredLanguage',
  'onPremisesDistinguishedName',
  'onPremisesSamAccountName',
].join(',');

interface GraphUser {
  readonly id: string;
  readonly displayName?: string | null;
  readonly userPrincipalName?: string | null;
  readonly mail?: string | null;
  readonly mobilePhone?: string | null;
  readonly businessPhones?: readonly string[] | null;
  readonly preferredLanguage?: string | null;
  readonly onPremisesDistinguishedName?: string | null;
  readonly onPremisesSamAccountName?: string | null;
  readonly manager?: { readonly onPremisesDistinguishedName?: string | null } | null;
}

interface GraphList<T> {
  readonly value: readonly T[];
}

export interface GraphPeopleDirectoryOptions {
  readonly client: Client;
  readonly logger: Logger;
  /** How long a looked-up person is reused; 0 turns the cache off. Default 5 minutes. */
  readonly cacheTtlMs?: number;
  readonly clock?: Clock;
}

/** OData string literal: single quotes are doubled, the whole value quoted. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A `$search` term: the phrase sits in double quotes, so quotes and backslashes in it are dropped. */
function searchTerm(query: string): string {
  return query.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim();
}

function statusOf(error: unknown): number | undefined {
  return error instanceof GraphError ? error.statusCode : undefined;
}

/**
 * People from Microsoft Graph (application permission User.Read.All), for hybrid tenants where AD is synced to
 * Entra ID: a Teams user's Entra object id leads to their on-premises DN, which is what AD's `manager` and the
 * delegates attribute of a shared account hold. Users that are not synced from AD have no DN and are not people
 * here (they cannot be a shared account's manager or delegate).
 */
export class GraphPeopleDirectory implements PeopleDirectory {
  private readonly client: Client;
  private readonly logger: Logger;
  private readonly cacheTtlMs: number;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { person: Person | null; until: number }>();

  constructor(options: GraphPeopleDirectoryOptions) {
    this.client = options.client;
    this.logger = options.logger;
    this.cacheTtlMs = options.cacheTtlMs ?? 5 * 60_000;
    this.clock = options.clock ?? systemClock;
  }

  async personForTeamsUser(user: TeamsUser): Promise<Person | null> {
    const ids = [user.aadObjectId, user.userPrincipalName].filter((id): id is string => typeof id === 'string' && id.trim() !== '');
    for (const id of ids) {
      const person = await this.cached(`user:${id.toLowerCase()}`, () => this.userById(id));
      if (person) return person;
    }
    return null;
  }

  async personByDn(dn: string): Promise<Person | null> {
    return this.cached(`dn:${dn.toLowerCase()}`, async () => {
      // Filtering on on-premises properties is an "advanced query": it needs $count and ConsistencyLevel: eventual.
      const found = await this.call<GraphList<GraphUser>>('personByDn', () =>
        this.client
          .api('/users')
          .header('ConsistencyLevel', 'eventual')
          .query({ $count: 'true' })
          .filter(`onPremisesDistinguishedName eq ${odataString(dn)}`)
          .select(USER_FIELDS)
          .top(2)
          .get(),
      );
      const user = found?.value[0];
      if (!user) return null;
      // $expand is not allowed in an advanced query, so the manager is a second request.
      return this.toPerson({ ...user, manager: await this.managerOf(user.id) });
    });
  }

  async searchPeople(query: string, limit: number): Promise<Person[]> {
    const term = searchTerm(query);
    if (term === '' || limit <= 0) return [];
    const found = await this.call<GraphList<GraphUser>>('searchPeople', () =>
      this.client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true', $search: `"displayName:${term}" OR "mail:${term}"` })
        .filter('onPremisesSyncEnabled eq true')
        .select(USER_FIELDS)
        .orderby('displayName')
        .top(Math.min(limit, 50))
        .get(),
    );
    const people: Person[] = [];
    for (const user of found?.value ?? []) {
      // Manager DNs are not needed to pick a delegate; fetching them would cost one request per hit.
      const person = this.toPerson({ ...user, manager: null });
      if (person) people.push(person);
      if (people.length >= limit) break;
    }
    return people;
  }

  private async userById(id: string): Promise<Person | null> {
    const user = await this.call<GraphUser>('personForTeamsUser', () =>
      this.client
        .api(`/users/${encodeURIComponent(id)}`)
        .select(USER_FIELDS)
        .expand('manager($select=id,onPremisesDistinguishedName)')
        .get(),
    );
    return user ? this.toPerson(user) : null;
  }

  private async managerOf(id: string): Promise<GraphUser['manager']> {
    return this.call<NonNullable<GraphUser['manager']>>('manager', () =>
      this.client.api(`/users/${encodeURIComponent(id)}/manager`).select('id,onPremisesDistinguishedName').get(),
    );
  }

  private toPerson(user: GraphUser): Person | null {
    const dn = user.onPremisesDistinguishedName;
    if (!dn) return null;
    const mobile = [user.mobilePhone, ...(user.businessPhones ?? [])]
      .filter((n): n is string => typeof n === 'string' && n.trim() !== '')
      .map((n) => parseMobile(n))
      .find((parsed) => parsed.ok);
    return {
      dn,
      displayName: user.displayName ?? user.userPrincipalName ?? dn,
      userPrincipalName: user.userPrincipalName ?? null,
      email: user.mail ?? null,
      aadObjectId: user.id,
      workMobile: mobile?.ok ? mobile.e164 : null,
      managerDn: user.manager?.onPremisesDistinguishedName ?? null,
    };
  }

  /** 404 means "no such person" (null); anything else unexpected means Graph is not usable now. */
  private async call<T>(operation: string, request: () => Promise<unknown>): Promise<T | null> {
    try {
      return (await request()) as T;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return null;
      const code = error instanceof GraphError ? error.code : undefined;
      // 401/403 mean the app registration lacks User.Read.All (or admin consent): say so to whoever reads the log.
      this.logger.error(
        { operation, status, code, hint: status === 401 || status === 403 ? 'check User.Read.All and admin consent' : undefined },
        'graph request failed',
      );
      throw new DirectoryUnavailable(`graph ${operation} failed${status ? ` (${status})` : ''}`, { cause: error });
    }
  }

  private async cached(key: string, load: () => Promise<Person | null>): Promise<Person | null> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.person ? { ...hit.person } : null;
    const person = await load();
    if (this.cacheTtlMs > 0) {
      if (this.cache.size >= 5000) this.cache.clear();
      this.cache.set(key, { person, until: now + this.cacheTtlMs });
    }
    return person;
  }
}
