import type { Person, TeamsUser } from '../domain/model';

/** People (managers, delegates, their managers): from the directory itself or from Microsoft Graph. */
export interface PeopleDirectory {
  /** The directory person behind a Teams user, matched by Entra object id or user principal name. */
  personForTeamsUser(user: TeamsUser): Promise<Person | null>;
  personByDn(dn: string): Promise<Person | null>;
  /** People whose name or e-mail starts with or contains `query`; at most `limit`. */
  searchPeople(query: string, limit: number): Promise<Person[]>;
}
