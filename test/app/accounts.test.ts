import { DEMO_PASSWORDS, DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import type { UseCases } from '../../src/app/contracts';
import type { Actor } from '../../src/domain/model';
import { DirectoryUnavailable } from '../../src/domain/errors';
import { UseCaseHarness } from '../support/useCaseHarness';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

describe('identify, myAccounts, findMyAccount', () => {
  let h: UseCaseHarness;
  beforeEach(() => {
    h = new UseCaseHarness();
  });

  it('finds the directory person by Entra object id, else by user principal name', async () => {
    const byId = await h.useCases.identify({ teamsUserId: '29:x', aadObjectId: DEMO_PEOPLE.anna.aadObjectId, userPrincipalName: null, name: null, locale: 'en' });
    expect(byId).toEqual({ teamsUserId: '29:x', person: expect.objectContaining({ dn: DEMO_PEOPLE.anna.dn }), locale: 'en' });
    const byUpn = await h.useCases.identify({ teamsUserId: '29:y', aadObjectId: 'unknown', userPrincipalName: 'ERIK.Johansson@rotera.example', name: null, locale: 'sv' });
    expect(byUpn?.person.dn).toBe(DEMO_PEOPLE.erik.dn);
    expect(await h.useCases.identify({ teamsUserId: '29:z', aadObjectId: null, userPrincipalName: 'someone@else.example', name: null, locale: 'sv' })).toBeNull();
  });

  it('lists the accounts a person manages or is delegate for, with rotation status', async () => {
    const accounts = await h.useCases.myAccounts(h.actor('anna'));
    expect(accounts).toEqual([
      {
        name: 'hemtjanstab',
        displayName: 'Hemtjänst Almby',
        role: 'manager',
        managerName: 'Anna Lindqvist',
        delegates: [{ dn: DEMO_PEOPLE.erik.dn, displayName: 'Erik Johansson', email: 'erik.johansson@rotera.example' }],
        maskedMobile: '+46 70•••••67',
        passwordLastSet: new Date(T0 - 80 * 86_400_000),
        nextChangeDue: new Date(Date.UTC(2026, 11, 6, 9, 0, 0)),
        overdue: false,
        locked: false,
      },
      expect.objectContaining({ name: 'hemvardsgruppen', role: 'manager', maskedMobile: null, overdue: true, delegates: [] }),
    ]);
    expect((await h.useCases.myAccounts(h.actor('erik'))).map((a) => [a.name, a.role])).toEqual([['hemtjanstab', 'delegate']]);
    expect(await h.useCases.myAccounts(h.actor('maria'))).toEqual([]);
  });

  it('finds an account by name, case-insensitively, only for its responsible people', async () => {
    expect(await h.useCases.findMyAccount(h.actor('erik'), ' HemtjanstAB ')).toMatchObject({ name: 'hemtjanstab', role: 'delegate' });
    expect(await h.useCases.findMyAccount(h.actor('erik'), 'hemvardsgruppen')).toBeNull();
    expect(await h.useCases.findMyAccount(h.actor('erik'), 'finns-inte')).toBeNull();
  });

  it('treats a password the directory reports as expired as due now, and as due on its date again once changed', async () => {
    const anna = h.actor('anna');
    const before = await h.useCases.findMyAccount(anna, 'hemtjanstab');
    expect(before).toMatchObject({ overdue: false });
    expect(before!.nextChangeDue.getTime()).toBeGreaterThan(T0);
    h.directory.update('hemtjanstab', { passwordExpired: true });
    expect(await h.useCases.findMyAccount(anna, 'hemtjanstab')).toMatchObject({ passwordLastSet: before!.passwordLastSet, nextChangeDue: new Date(T0), overdue: true });
    h.directory.update('hemtjanstab', { passwordExpired: false });
    expect(await h.useCases.findMyAccount(anna, 'hemtjanstab')).toMatchObject({ nextChangeDue: before!.nextChangeDue, overdue: false });
  });

  it('treats a never-set password as due now', async () => {
    h.directory.update('hemtjanstab', { mustChange: true });
    expect(await h.useCases.findMyAccount(h.actor('anna'), 'hemtjanstab')).toMatchObject({ passwordLastSet: null, nextChangeDue: new Date(T0), overdue: true });
  });
});

describe('not responsible: the same answer for an account that does not exist and one that is not yours', () => {
  type Call = (u: UseCases, actor: Actor, account: string) => Promise<unknown>;
  const calls: Array<[string, Call]> = [
    ['checkCurrentPassword', (u, a, n) => u.checkCurrentPassword(a, n, DEMO_PASSWORDS.hemtjanstab)],
    ['startMobileConfirmation', (u, a, n) => u.startMobileConfirmation(a, n, '0701112233')],
    ['confirmMobile', (u, a, n) => u.confirmMobile(a, n, '123456')],
    ['startReset', (u, a, n) => u.startReset(a, n)],
    ['verifyResetCode', (u, a, n) => u.verifyResetCode(a, n, '123456')],
    ['changePassword', (u, a, n) => u.changePassword(a, n, 'Kaffe-Kopp-Tag9', 'Kaffe-Kopp-Tag9')],
    ['addDelegate', (u, a, n) => u.addDelegate(a, n, DEMO_PEOPLE.karin.dn)],
    ['removeDelegate', (u, a, n) => u.removeDelegate(a, n, DEMO_PEOPLE.erik.dn)],
    ['findMyAccount', (u, a, n) => u.findMyAccount(a, n)],
  ];

  it.each(calls)('%s answers alike, after the same directory calls, and touches nothing', async (_name, call) => {
    const run = async (account: string) => {
      const h = new UseCaseHarness();
      const outcome = await call(h.useCases, h.actor('maria'), account);
      return { outcome, calls: [...h.directory.calls.entries()].sort(), sms: h.sms.sent.length, keys: h.storedKeys().filter((k) => !k.startsWith('audit/')) };
    };
    const someoneElses = await run('hemtjanstab');
    const missing = await run('finns-inte');
    expect(someoneElses).toEqual(missing);
    expect(someoneElses.outcome === null || (someoneElses.outcome as { kind: string }).kind === 'not-responsible').toBe(true);
    expect(someoneElses.calls).toEqual([['findSharedAccount', 1]]);
    expect(someoneElses.sms).toBe(0);
    expect(someoneElses.keys).toEqual([]);
  });
});

describe('an unavailable directory leaves nothing half-done', () => {
  it('issues no code and sends nothing when the account cannot be read', async () => {
    const h = new UseCaseHarness();
    h.directory.setUnavailable(true);
    await expect(h.useCases.startReset(h.actor('anna'), 'hemtjanstab')).rejects.toBeInstanceOf(DirectoryUnavailable);
    await expect(h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab)).rejects.toBeInstanceOf(DirectoryUnavailable);
    await expect(h.useCases.addDelegate(h.actor('anna'), 'hemtjanstab', DEMO_PEOPLE.karin.dn)).rejects.toBeInstanceOf(DirectoryUnavailable);
    expect(h.sms.sent).toHaveLength(0);
    expect(h.storedKeys()).toEqual([]);
    h.directory.setUnavailable(false);
    expect((await h.useCases.startReset(h.actor('anna'), 'hemtjanstab')).kind).toBe('code-sent');
  });

  it('adds no delegate when the directory fails to write, and tells nobody', async () => {
    const h = new UseCaseHarness();
    h.directory.failNextCall('setDelegates');
    await expect(h.useCases.addDelegate(h.actor('anna'), 'hemtjanstab', DEMO_PEOPLE.karin.dn)).rejects.toBeInstanceOf(DirectoryUnavailable);
    expect((await h.directory.findSharedAccount('hemtjanstab'))?.delegateDns).toEqual([DEMO_PEOPLE.erik.dn]);
    expect(h.notifier.sent).toHaveLength(0);
  });
});
