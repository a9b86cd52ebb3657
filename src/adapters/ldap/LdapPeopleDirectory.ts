import type { Entry } from 'ldapts';
import type { Person, TeamsUser } from '../../domain/model';
import { parseMobile } from '../../domain/phoneNumber';
import type { PeopleDirectory } from '../../ports/PeopleDirectory';
import { escapeFilterValue, filter, hasControlCharacters } from './escape';
import { first, normalizeDn } from './entry';
import { isLdapResult, unavailable, type LdapConnection } from './LdapConnection';

export interface LdapPeopleOptions {
  /** Where people are searched (subtree). */
  readonly peopleBaseDn: string;
  /** Which entries are people: `(&(objectCategory=person)(objectClass=user))` on AD, `(objectClass=inetOrgPerson)` on OpenLDAP. */
  readonly personFilter: string;
  /** Attribute compared with the Teams user's principal name: `userPrincipalName` on AD, `mail` on OpenLDAP. */
  readonly matchAttribute: string;
  /** Attribute shown as the person's principal name (`userPrincipalName` or `mail`). */
  readonly principalNameAttribute: string;
  readonly managerAttribute: string;
  /** The person's own work mobile. Default `mobile`. */
  readonly workMobileAttribute: string;
  /** Entries below this DN are never people: the shared accounts' OU, when people are searched from the domain root. */
  readonly excludeBaseDn?: string;
}

/** People (managers and delegates) in the same directory as the shared accounts. */
export class LdapPeopleDirectory implements PeopleDirectory {
  constructor(
    private readonly connection: LdapConnection,
    private readonly options: LdapPeopleOptions,
  ) {}

  async personForTeamsUser(user: TeamsUser): Promise<Person | null> {
    const principal = user.userPrincipalName?.trim();
    if (!principal || hasControlCharacters(principal)) return null;
    const matches = await this.search(`(${this.options.matchAttribute}=${filter`${principal}`})`, 2);
    // Two people with one principal name is a directory mistake; acting for either would be a guess.
    return matches.length === 1 ? (matches[0] ?? null) : null;
  }

  async personByDn(dn: string): Promise<Person | null> {
    if (dn.trim() === '' || hasControlCharacters(dn) || !isBelow(dn, this.options.peopleBaseDn) || this.excluded(dn)) return null;
    try {
      const entries = await this.connection.searchRaw('person read', dn, {
        scope: 'base',
        filter: this.options.personFilter,
        attributes: this.attributes(),
      });
      return entries[0] ? this.toPerson(entries[0]) : null;
    } catch (error) {
      // noSuchObject, invalidDNSyntax: a DN that names nobody.
      if (isLdapResult(error) && (error.code === 32 || error.code === 34)) return null;
      throw unavailable(error, 'person read');
    }
  }

  async searchPeople(query: string, limit: number): Promise<Person[]> {
    const text = query.trim();
    if (text === '' || limit <= 0 || hasControlCharacters(text)) return [];
    const value = escapeFilterValue(text);
    const { principalNameAttribute } = this.options;
    const mailClause = principalNameAttribute.toLowerCase() === 'mail' ? '' : `(mail=${value}*)`;
    const byText = `(|(displayName=*${value}*)(cn=*${value}*)(${principalNameAttribute}=${value}*)${mailClause})`;
    const people = await this.search(byText, limit);
    return people.sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'));
  }

  private async search(inner: string, sizeLimit: number): Promise<Person[]> {
    // With a size limit, ldapts returns the first `sizeLimit` entries instead of failing.
    const entries = await this.connection.search('person search', this.options.peopleBaseDn, {
      scope: 'sub',
      filter: `(&${this.options.personFilter}${inner})`,
      attributes: this.attributes(),
      sizeLimit,
    });
    return entries.filter((entry) => !this.excluded(entry.dn)).map((entry) => this.toPerson(entry));
  }

  private excluded(dn: string): boolean {
    const { excludeBaseDn } = this.options;
    return excludeBaseDn !== undefined && isBelow(dn, excludeBaseDn);
  }

  private attributes(): string[] {
    const { principalNameAttribute, managerAttribute, workMobileAttribute, matchAttribute } = this.options;
    return ['displayName', 'cn', 'mail', principalNameAttribute, managerAttribute, workMobileAttribute, matchAttribute];
  }

  private toPerson(entry: Entry): Person {
    const mobile = first(entry, this.options.workMobileAttribute);
    const parsed = mobile === null ? null : parseMobile(mobile);
    return {
      dn: entry.dn,
      displayName: first(entry, 'displayName') ?? first(entry, 'cn') ?? entry.dn,
      userPrincipalName: first(entry, this.options.principalNameAttribute),
      email: first(entry, 'mail'),
      aadObjectId: null,
      workMobile: parsed?.ok ? parsed.e164 : null,
      managerDn: first(entry, this.options.managerAttribute),
    };
  }
}

/** True when `dn` is `base` or an entry below it. */
function isBelow(dn: string, base: string): boolean {
  const entry = normalizeDn(dn);
  const parent = normalizeDn(base);
  return entry === parent || entry.endsWith(`,${parent}`);
}
