import { ManualClock } from '../../../src/adapters/memory/ManualClock';
import { MemoryDirectory } from '../../../src/adapters/memory/MemoryDirectory';
import { DEMO_PASSWORDS, DEMO_PEOPLE, demoDataset, demoDirectory, generatedDirectory } from '../../../src/adapters/memory/demoData';
import { DirectoryUnavailable, PasswordRejectedByDirectory } from '../../../src/domain/errors';
import { isOverdue } from '../../../src/domain/rotation';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

describe('MemoryDirectory', () => {
  let clock: ManualClock;
  let directory: MemoryDirectory;
  beforeEach(() => {
    clock = new ManualClock(T0);
    directory = new MemoryDirectory(demoDataset(clock.now()), { clock });
  });

  it('checks passwords like AD: a right one clears the bad count, wrong ones lock at the threshold', async () => {
    expect(await directory.checkPassword('hemtjanstab', DEMO_PASSWORDS.hemtjanstab)).toEqual({ kind: 'valid' });
    for (let i = 0; i < 3; i += 1) expect(await directory.checkPassword('hemtjanstab', 'nope')).toEqual({ kind: 'wrong' });
    expect(await directory.checkPassword('hemtjanstab', DEMO_PASSWORDS.hemtjanstab)).toEqual({ kind: 'valid' });
    for (let i = 0; i < 4; i += 1) await directory.checkPassword('hemtjanstab', 'nope');
    // One more wrong try would lock: the check is not made at all.
    expect(await directory.checkPassword('hemtjanstab', DEMO_PASSWORDS.hemtjanstab)).toEqual({ kind: 'lockout-risk' });
    directory.failLogons('hemtjanstab', 1);
    expect((await directory.findSharedAccount('hemtjanstab'))?.locked).toBe(true);
    expect(await directory.checkPassword('hemtjanstab', DEMO_PASSWORDS.hemtjanstab)).toEqual({ kind: 'locked' });
  });

  it('resets a password: clears the lock and the must-change flag and stamps the time', async () => {
    directory.failLogons('hemtjanstab', 5);
    directory.update('hemtjanstab', { mustChange: true });
    clock.advance(1000);
    await directory.resetPassword('HemtjanstAB', 'Kaffe-Kopp-Tag9');
    const account = await directory.findSharedAccount('hemtjanstab');
    expect(account).toMatchObject({ locked: false, passwordLastSet: new Date(T0 + 1000) });
    expect(await directory.checkPassword('hemtjanstab', 'Kaffe-Kopp-Tag9')).toEqual({ kind: 'valid' });
    expect(await directory.refusesEarlierPasswordsOnReset()).toBe(false);
  });

  it('reports must-change (as never set) and disabled', async () => {
    directory.update('hemvardsgruppen', { mustChange: true });
    expect((await directory.findSharedAccount('hemvardsgruppen'))?.passwordLastSet).toBeNull();
    expect(await directory.checkPassword('hemvardsgruppen', DEMO_PASSWORDS.hemvardsgruppen)).toEqual({ kind: 'valid-must-change' });
    directory.update('hemvardsgruppen', { disabled: true });
    expect(await directory.checkPassword('hemvardsgruppen', DEMO_PASSWORDS.hemvardsgruppen)).toEqual({ kind: 'disabled' });
  });

  it('refuses a reset when told to, and changes nothing', async () => {
    directory.refuseNextReset('in-history');
    await expect(directory.resetPassword('hemtjanstab', 'Kaffe-Kopp-Tag9')).rejects.toEqual(new PasswordRejectedByDirectory('in-history'));
    expect(directory.currentPassword('hemtjanstab')).toBe(DEMO_PASSWORDS.hemtjanstab);
  });

  it('throws DirectoryUnavailable while down', async () => {
    directory.setUnavailable(true);
    await expect(directory.findSharedAccount('hemtjanstab')).rejects.toBeInstanceOf(DirectoryUnavailable);
    await expect(directory.ping()).rejects.toBeInstanceOf(DirectoryUnavailable);
    directory.setUnavailable(false);
    await expect(directory.ping()).resolves.toBeUndefined();
  });

  it('hands out copies: changing a returned account changes nothing stored', async () => {
    const account = await directory.findSharedAccount('hemtjanstab');
    (account?.delegateDns as string[]).push('CN=Intruder');
    expect((await directory.findSharedAccount('hemtjanstab'))?.delegateDns).toEqual([DEMO_PEOPLE.erik.dn]);
  });

  it('finds accounts by manager or delegate, DNs compared loosely', async () => {
    expect((await directory.sharedAccountsFor(DEMO_PEOPLE.anna.dn.toUpperCase().replace(/,/g, ', '))).map((a) => a.name).sort()).toEqual(['hemtjanstab', 'hemvardsgruppen']);
    expect((await directory.sharedAccountsFor(DEMO_PEOPLE.erik.dn)).map((a) => a.name)).toEqual(['hemtjanstab']);
    expect(await directory.sharedAccountsFor(DEMO_PEOPLE.maria.dn)).toEqual([]);
    const all: string[] = [];
    for await (const account of directory.listSharedAccounts()) all.push(account.name);
    expect(all.sort()).toEqual(['hemtjanstab', 'hemvardsgruppen']);
  });

  it('matches a Teams user by Entra object id first, then by UPN ignoring case', async () => {
    const base = { teamsUserId: '29:1', name: null, locale: 'sv' as const };
    expect((await directory.personForTeamsUser({ ...base, aadObjectId: DEMO_PEOPLE.maria.aadObjectId, userPrincipalName: DEMO_PEOPLE.anna.userPrincipalName }))?.dn).toBe(DEMO_PEOPLE.maria.dn);
    expect((await directory.personForTeamsUser({ ...base, aadObjectId: null, userPrincipalName: 'OSKAR.NILSSON@rotera.example' }))?.dn).toBe(DEMO_PEOPLE.oskar.dn);
    expect(await directory.personForTeamsUser({ ...base, aadObjectId: null, userPrincipalName: null })).toBeNull();
  });

  it('searches people by part of the name or e-mail, without diacritics, up to the limit', async () => {
    expect((await directory.searchPeople('ek', 10)).map((p) => p.displayName)).toEqual(['Karin Ek']);
    expect((await directory.searchPeople('ROTERA.example', 2)).map((p) => p.displayName)).toEqual(['Anna Lindqvist', 'Erik Johansson']);
    expect(await directory.searchPeople('   ', 10)).toEqual([]);
    expect((await directory.personByDn(DEMO_PEOPLE.karin.dn.toLowerCase()))?.displayName).toBe('Karin Ek');
  });
});

describe('demo data', () => {
  it('has one account due soon with a mobile and one overdue without', async () => {
    const now = new Date(T0);
    const directory = demoDirectory(now);
    const almby = await directory.findSharedAccount('hemtjanstab');
    const vaster = await directory.findSharedAccount('hemvardsgruppen');
    expect(almby).toMatchObject({ displayName: 'Hemtjänst Almby', recoveryMobile: '+46701234567', managerDn: DEMO_PEOPLE.anna.dn, delegateDns: [DEMO_PEOPLE.erik.dn] });
    expect(vaster).toMatchObject({ displayName: 'Hemvårdsgruppen Väster', recoveryMobile: null, managerDn: DEMO_PEOPLE.anna.dn });
    expect(isOverdue(almby?.passwordLastSet ?? null, now)).toBe(false);
    expect(isOverdue(vaster?.passwordLastSet ?? null, now)).toBe(true);
    expect((await directory.personByDn(DEMO_PEOPLE.anna.managerDn))?.displayName).toBe('Maria Berg');
  });

  it('generates large directories for benchmarks', async () => {
    const directory = generatedDirectory(1000, 300, new Date(T0));
    const accounts: string[] = [];
    for await (const account of directory.listSharedAccounts()) accounts.push(account.name);
    expect(accounts).toHaveLength(1000);
    expect(new Set(accounts).size).toBe(1000);
    expect(await directory.checkPassword('konto00042', 'Generated-Pass7')).toEqual({ kind: 'valid' });
    expect((await directory.sharedAccountsFor('CN=Person 00001,OU=People,DC=rotera,DC=example')).length).toBeGreaterThan(0);
  });
});
