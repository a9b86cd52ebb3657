/**
 * The test domain's content: people, shared accounts (one per kind of test, so suites do not depend on
 * each other's order), a least-rights service account, and accounts for the paging test.
 */
import { Attribute, Change, Client } from 'ldapts';
import { escapeDnValue } from '../../src/adapters/ldap/escape';

export const DOMAIN = {
  realm: 'TEST.LOCAL',
  netbios: 'TEST',
  baseDn: 'DC=test,DC=local',
  servername: 'DC1.test.local',
  adminUpn: 'Administrator@test.local',
  adminPassword: 'Adm1n!Passw0rd-Rotera',
} as const;

export const OU = {
  people: `OU=People,${DOMAIN.baseDn}`,
  shared: `OU=Shared Accounts,${DOMAIN.baseDn}`,
  paging: `OU=Paging,OU=Shared Accounts,${DOMAIN.baseDn}`,
  service: `OU=Service Accounts,${DOMAIN.baseDn}`,
} as const;

export const SERVICE = {
  dn: `CN=svc-rotera,${OU.service}`,
  sam: 'svc-rotera',
  password: 'Svc!Rotera-Least-2026',
} as const;

export interface SeedPerson {
  readonly sam: string;
  readonly displayName: string;
  readonly dn: string;
  readonly upn: string;
  readonly mobile: string | null;
  readonly managerSam: string | null;
}

const person = (sam: string, displayName: string, mobile: string | null, managerSam: string | null): SeedPerson => ({
  sam,
  displayName,
  dn: `CN=${escapeDnValue(displayName)},${OU.people}`,
  upn: `${sam}@test.local`,
  mobile,
  managerSam,
});

export const PEOPLE = {
  chef: person('cecilia.chef', 'Cecilia Chef', '+46703333333', null),
  anna: person('anna.andersson', 'Anna Andersson', '+46701111111', 'cecilia.chef'),
  bertil: person('bertil.berg', 'Bertil Berg', '+46702222222', 'anna.andersson'),
  david: person('david.dahl', 'David Dahl', null, 'anna.andersson'),
  // A name full of DN specials: the adapter must handle what it reads back.
  eva: person('eva.ek', 'Ek, Eva "E+" <test>;', '+46704444444', 'cecilia.chef'),
} as const;

export interface SeedAccount {
  readonly sam: string;
  readonly displayName: string;
  readonly dn: string;
  readonly password: string;
  readonly mobile: string | null;
  readonly state?: 'must-change' | 'disabled';
}

const account = (sam: string, displayName: string, password: string, mobile: string | null, state?: SeedAccount['state']): SeedAccount => ({
  sam,
  displayName,
  dn: `CN=${escapeDnValue(sam)},${OU.shared}`,
  password,
  mobile,
  ...(state ? { state } : {}),
});

/** Every shared account has Anna as manager and Bertil as delegate, unless a test changes it. */
export const ACCOUNTS = {
  hemtjanst: account('hemtjanstab', 'Hemtjänst Almby', 'Almby!Start-2026', '+46701234567'),
  wrong: account('wrongab', 'Fel lösen', 'Wrong!Start-2026', null),
  locked: account('lockedab', 'Låst konto', 'Locked!Start-2026', null),
  guard: account('guardab', 'Spärrvakt', 'Guard!Start-2026', null),
  mustChange: account('mustchangeab', 'Måste byta', 'Must!Change-2026', null, 'must-change'),
  disabled: account('disabledab', 'Avstängt', 'Disabled!Start-2026', null, 'disabled'),
  reset: account('resetab', 'Återställ', 'Reset!Start-2026', '+46705555555'),
  unlock: account('unlockab', 'Lås upp', 'Unlock!Start-2026', null),
  complexity: account('complexab', 'Komplexitet', 'Complex!Start-2026', null),
  mobile: account('mobileab', 'Mobil', 'Mobile!Start-2026', null),
  killed: account('killedab', 'Avbruten', 'Killed!Start-2026', '+46706666666'),
  history: account('historyab', 'Historik', 'Sommar2025!Almby', '+46707777777'),
} as const;

/** Every seeded person's own password (they are enabled users). */
export const PERSON_PASSWORD = 'Person!Start-2026';

export const PAGING_ACCOUNTS = 2000;

export function pagingName(index: number): string {
  return `page${String(index).padStart(5, '0')}`;
}

export function utf16Password(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/** ldapts' record form takes no Buffer values; unicodePwd is one. */
export function attributes(record: Record<string, string | readonly string[] | Buffer>): Attribute[] {
  return Object.entries(record).map(([type, value]) =>
    Buffer.isBuffer(value)
      ? new Attribute({ type, values: [value] })
      : new Attribute({ type, values: typeof value === 'string' ? [value] : [...value] }),
  );
}

async function addOu(client: Client, dn: string): Promise<void> {
  await client.add(dn, { objectClass: ['top', 'organizationalUnit'] });
}

/** Runs `work` over `items` with at most `width` in flight (one LDAP connection pipelines them). */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Adds `count` accounts (no password, so disabled, as AD creates them) for paging tests and benchmarks. */
export async function addPagingAccounts(client: Client, from: number, count: number): Promise<void> {
  const indexes = Array.from({ length: count }, (_, i) => from + i);
  await inParallel(indexes, 16, async (index) => {
    const sam = pagingName(index);
    await client.add(`CN=${sam},${OU.paging}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: sam,
      displayName: `Enhet ${index}`,
      manager: PEOPLE.anna.dn,
    });
  });
}

/** The seed, through an administrator's connection. Returns nothing: tests use the constants above. */
export async function seedDomain(client: Client): Promise<void> {
  for (const dn of [OU.people, OU.shared, OU.paging, OU.service]) await addOu(client, dn);
  const bySam = new Map<string, SeedPerson>(Object.values(PEOPLE).map((p) => [p.sam, p]));
  // Managers first, so that `manager` points at an existing entry.
  const ordered = [PEOPLE.chef, PEOPLE.anna, PEOPLE.bertil, PEOPLE.david, PEOPLE.eva];
  for (const p of ordered) {
    const manager = p.managerSam ? bySam.get(p.managerSam) : undefined;
    // With a password, so the account is enabled like real colleagues' (disabled users are nobody's delegate).
    await client.add(
      p.dn,
      attributes({
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: p.sam,
        userPrincipalName: p.upn,
        displayName: p.displayName,
        mail: p.upn,
        ...(p.mobile ? { mobile: p.mobile } : {}),
        ...(manager ? { manager: manager.dn } : {}),
        unicodePwd: utf16Password(PERSON_PASSWORD),
        userAccountControl: '512',
      }),
    );
  }
  for (const a of Object.values(ACCOUNTS) as SeedAccount[]) {
    await client.add(a.dn, attributes({
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: a.sam,
      userPrincipalName: `${a.sam}@test.local`,
      displayName: a.displayName,
      manager: PEOPLE.anna.dn,
      secretary: PEOPLE.bertil.dn,
      ...(a.mobile ? { mobile: a.mobile } : {}),
      unicodePwd: utf16Password(a.password),
      userAccountControl: a.state === 'disabled' ? '514' : '512',
    }));
    if (a.state === 'must-change') {
      await client.modify(a.dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'pwdLastSet', values: ['0'] }) }));
    }
  }
  await client.add(SERVICE.dn, attributes({
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: SERVICE.sam,
    userPrincipalName: `${SERVICE.sam}@test.local`,
    displayName: 'Rotera service',
    unicodePwd: utf16Password(SERVICE.password),
    userAccountControl: '66048', // normal account, password never expires
  }));
  await addPagingAccounts(client, 1, PAGING_ACCOUNTS);
}
