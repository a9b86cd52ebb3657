import { accountChangeDue } from '../domain/rotation';
import type { Person, Role, SharedAccount } from '../domain/model';
import { maskMobile } from '../domain/phoneNumber';
import type { PeopleDirectory } from '../ports/PeopleDirectory';
import type { AccountSummary, PersonSummary } from './contracts';

export function personSummary(person: Person): PersonSummary {
  return { dn: person.dn, displayName: person.displayName, email: person.email };
}

/** A DN the people directory no longer knows is still shown, by its first RDN value. */
function unknownPerson(dn: string): PersonSummary {
  const first = /^[^=]+=((?:\\.|[^,])*)/.exec(dn)?.[1];
  return { dn, displayName: first ? first.replace(/\\(.)/g, '$1') : dn, email: null };
}

export async function summarizeAccount(
  people: PeopleDirectory,
  account: SharedAccount,
  role: Role,
  now: Date,
  rotationMonths: number,
): Promise<AccountSummary> {
  const lookup = async (dn: string) => {
    const person = await people.personByDn(dn);
    return person ? personSummary(person) : unknownPerson(dn);
  };
  const [manager, delegates] = await Promise.all([
    account.managerDn ? lookup(account.managerDn) : Promise.resolve(null),
    Promise.all(account.delegateDns.map(lookup)),
  ]);
  const due = accountChangeDue(account, now, { months: rotationMonths });
  return {
    name: account.name,
    displayName: account.displayName,
    role,
    managerName: manager?.displayName ?? null,
    delegates,
    maskedMobile: account.recoveryMobile ? maskMobile(account.recoveryMobile) : null,
    passwordLastSet: account.passwordLastSet,
    nextChangeDue: due,
    overdue: now.getTime() >= due.getTime(),
    locked: account.locked,
  };
}
