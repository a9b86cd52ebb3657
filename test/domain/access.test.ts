import { mayManageDelegates, roleFor, sameDn } from '../../src/domain/access';
import type { SharedAccount } from '../../src/domain/model';

const anna = 'CN=Anna Berg,OU=Staff,DC=orebro,DC=se';
const bertil = 'CN=Bertil Ek,OU=Staff,DC=orebro,DC=se';
const cecilia = 'CN=Cecilia Holm,OU=Staff,DC=orebro,DC=se';

const account = (managerDn: string | null, delegateDns: string[]): SharedAccount => ({
  name: 'hemtjanstab',
  displayName: 'Hemtjänst Almby',
  dn: 'CN=hemtjanstab,OU=Shared,DC=orebro,DC=se',
  managerDn,
  delegateDns,
  recoveryMobile: null,
  passwordLastSet: null,
  locked: false,
  disabled: false,
});

describe('sameDn', () => {
  it.each([
    ['case', 'cn=anna berg,ou=staff,dc=orebro,dc=se'],
    ['spaces after commas', 'CN=Anna Berg, OU=Staff, DC=orebro, DC=se'],
    ['spaces around =', 'CN = Anna Berg,OU= Staff,DC =orebro,DC=se'],
    ['surrounding whitespace', `  ${anna} `],
  ])('ignores %s', (_name, other) => {
    expect(sameDn(anna, other)).toBe(true);
  });

  it.each([
    ['another person', bertil],
    ['another OU', 'CN=Anna Berg,OU=Former,DC=orebro,DC=se'],
    ['a space inside a value', 'CN=AnnaBerg,OU=Staff,DC=orebro,DC=se'],
    ['a parent entry', 'OU=Staff,DC=orebro,DC=se'],
  ])('tells apart %s', (_name, other) => {
    expect(sameDn(anna, other)).toBe(false);
  });

  it('keeps an escaped comma as part of the value', () => {
    expect(sameDn('CN=Berg\\, Anna,OU=Staff', 'cn=berg\\, anna, ou=staff')).toBe(true);
    expect(sameDn('CN=Berg\\, Anna,OU=Staff', 'CN=Berg,CN=Anna,OU=Staff')).toBe(false);
  });
});

describe('roleFor', () => {
  it.each<[string, string, SharedAccount, 'manager' | 'delegate' | null]>([
    ['the manager', anna, account(anna, [bertil]), 'manager'],
    ['a delegate', bertil, account(anna, [bertil]), 'delegate'],
    ['a delegate written differently', 'cn=bertil ek, ou=staff, dc=orebro, dc=se', account(anna, [bertil]), 'delegate'],
    ['anyone else', cecilia, account(anna, [bertil]), null],
    ['anyone, when the account has no manager and no delegates', anna, account(null, []), null],
    ['the manager also listed as delegate (manager wins)', anna, account(anna, [anna]), 'manager'],
    ['a delegate of an account without manager', bertil, account(null, [bertil]), 'delegate'],
  ])('gives %s the right role', (_name, person, acc, expected) => {
    expect(roleFor(person, acc)).toBe(expected);
  });
});

describe('mayManageDelegates', () => {
  it('lets only a manager delegate', () => {
    expect(mayManageDelegates('manager')).toBe(true);
    expect(mayManageDelegates('delegate')).toBe(false);
    expect(mayManageDelegates(null)).toBe(false);
  });
});
