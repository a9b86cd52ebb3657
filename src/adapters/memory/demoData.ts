import type { Person } from '../../domain/model';
import { systemClock, type Clock } from '../../ports/Clock';
import { MemoryDirectory, type MemoryAccountSeed, type MemoryDataset } from './MemoryDirectory';

const DAY_MS = 86_400_000;
const PEOPLE_OU = 'OU=People,DC=rotera,DC=example';
const ACCOUNTS_OU = 'OU=Shared Accounts,DC=rotera,DC=example';

const personDn = (name: string) => `CN=${name},${PEOPLE_OU}`;
const accountDn = (name: string) => `CN=${name},${ACCOUNTS_OU}`;

/** The demo people, with the ids the Agents Playground's demo user (Anna) is configured with. */
export const DEMO_PEOPLE = {
  anna: {
    dn: personDn('Anna Lindqvist'),
    displayName: 'Anna Lindqvist',
    userPrincipalName: 'anna.lindqvist@rotera.example',
    email: 'anna.lindqvist@rotera.example',
    aadObjectId: '00000000-0000-0000-0000-00000000a001',
    workMobile: '+46701112233',
    managerDn: personDn('Maria Berg'),
  },
  erik: {
    dn: personDn('Erik Johansson'),
    displayName: 'Erik Johansson',
    userPrincipalName: 'erik.johansson@rotera.example',
    email: 'erik.johansson@rotera.example',
    aadObjectId: '00000000-0000-0000-0000-00000000a002',
    workMobile: '+46702223344',
    managerDn: personDn('Anna Lindqvist'),
  },
  maria: {
    dn: personDn('Maria Berg'),
    displayName: 'Maria Berg',
    userPrincipalName: 'maria.berg@rotera.example',
    email: 'maria.berg@rotera.example',
    aadObjectId: '00000000-0000-0000-0000-00000000a003',
    workMobile: '+46703334455',
    managerDn: null,
  },
  karin: {
    dn: personDn('Karin Ek'),
    displayName: 'Karin Ek',
    userPrincipalName: 'karin.ek@rotera.example',
    email: 'karin.ek@rotera.example',
    aadObjectId: '00000000-0000-0000-0000-00000000a004',
    workMobile: null,
    managerDn: personDn('Anna Lindqvist'),
  },
  oskar: {
    dn: personDn('Oskar Nilsson'),
    displayName: 'Oskar Nilsson',
    userPrincipalName: 'oskar.nilsson@rotera.example',
    email: 'oskar.nilsson@rotera.example',
    aadObjectId: '00000000-0000-0000-0000-00000000a005',
    workMobile: '+46705556677',
    managerDn: personDn('Anna Lindqvist'),
  },
} as const satisfies Record<string, Person>;

/** Current passwords of the demo accounts (documented in the README; development only). */
export const DEMO_PASSWORDS = {
  hemtjanstab: 'Hemtjanst-Almby7',
  hemvardsgruppen: 'Hemvard-Vaster7',
} as const;

/**
 * The dataset `npm run dev` starts with: `hemtjanstab` has a mobile and is due soon,
 * `hemvardsgruppen` has none and is overdue; Anna manages both, Erik is a delegate of the first.
 */
export function demoDataset(now: Date): MemoryDataset {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const accounts: MemoryAccountSeed[] = [
    {
      name: 'hemtjanstab',
      displayName: 'Hemtjänst Almby',
      dn: accountDn('hemtjanstab'),
      managerDn: DEMO_PEOPLE.anna.dn,
      delegateDns: [DEMO_PEOPLE.erik.dn],
      recoveryMobile: '+46701234567',
      passwordLastSet: daysAgo(80),
      locked: false,
      disabled: false,
      password: DEMO_PASSWORDS.hemtjanstab,
    },
    {
      name: 'hemvardsgruppen',
      displayName: 'Hemvårdsgruppen Väster',
      dn: accountDn('hemvardsgruppen'),
      managerDn: DEMO_PEOPLE.anna.dn,
      delegateDns: [],
      recoveryMobile: null,
      passwordLastSet: daysAgo(100),
      locked: false,
      disabled: false,
      password: DEMO_PASSWORDS.hemvardsgruppen,
    },
  ];
  return { accounts, people: Object.values(DEMO_PEOPLE) };
}

/** The demo directory, ready to use; `clock` stamps password changes. */
export function demoDirectory(now: Date, clock: Clock = systemClock): MemoryDirectory {
  return new MemoryDirectory(demoDataset(now), { clock });
}

/**
 * A large synthetic directory for benchmarks: `accounts` shared accounts (`konto00001`...), each managed
 * by one of `people` people (`Person 00001`...) with the next person as delegate; every account has
 * a mobile and the password `Generated-Pass7`.
 */
export function generatedDataset(accounts: number, people: number, now: Date): MemoryDataset {
  const count = Math.max(2, people);
  const pad = (n: number) => String(n).padStart(5, '0');
  const persons: Person[] = Array.from({ length: count }, (_, i) => {
    const name = `Person ${pad(i + 1)}`;
    return {
      dn: personDn(name),
      displayName: name,
      userPrincipalName: `person${pad(i + 1)}@rotera.example`,
      email: `person${pad(i + 1)}@rotera.example`,
      aadObjectId: `00000000-0000-0000-0000-${String(i + 1).padStart(12, '0')}`,
      workMobile: `+4670${String(1_000_000 + i).slice(-7)}`,
      managerDn: null,
    };
  });
  const seeds: MemoryAccountSeed[] = Array.from({ length: accounts }, (_, i) => {
    const name = `konto${pad(i + 1)}`;
    const manager = persons[i % count] as Person;
    const delegate = persons[(i + 1) % count] as Person;
    return {
      name,
      displayName: `Enhet ${pad(i + 1)}`,
      dn: accountDn(name),
      managerDn: manager.dn,
      delegateDns: [delegate.dn],
      recoveryMobile: `+4673${String(1_000_000 + i).slice(-7)}`,
      passwordLastSet: new Date(now.getTime() - ((i * 7) % 120) * DAY_MS),
      locked: false,
      disabled: false,
      password: 'Generated-Pass7',
    };
  });
  return { accounts: seeds, people: persons };
}

export function generatedDirectory(accounts: number, people: number, now: Date, clock: Clock = systemClock): MemoryDirectory {
  return new MemoryDirectory(generatedDataset(accounts, people, now), { clock });
}
