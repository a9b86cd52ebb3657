import { DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { UseCaseHarness } from '../support/useCaseHarness';

describe('addDelegate and removeDelegate', () => {
  let h: UseCaseHarness;
  beforeEach(() => {
    h = new UseCaseHarness();
  });

  const delegatesOf = async (account: string) => (await h.directory.findSharedAccount(account))?.delegateDns;

  it('lets the manager add a delegate, found by DN, and tells the others and the new delegate', async () => {
    const outcome = await h.useCases.addDelegate(h.actor('anna'), 'hemtjanstab', DEMO_PEOPLE.karin.dn.toLowerCase());
    expect(outcome).toEqual({ kind: 'delegate-added', delegate: { dn: DEMO_PEOPLE.karin.dn, displayName: 'Karin Ek', email: 'karin.ek@rotera.example' } });
    expect(await delegatesOf('hemtjanstab')).toEqual([DEMO_PEOPLE.erik.dn, DEMO_PEOPLE.karin.dn]);
    expect(h.notifier.noticesFor(DEMO_PEOPLE.erik.dn)).toEqual([expect.objectContaining({ kind: 'delegate-added', delegateName: 'Karin Ek', byName: 'Anna Lindqvist' })]);
    expect(h.notifier.noticesFor(DEMO_PEOPLE.karin.dn)).toHaveLength(1);
    expect(h.notifier.noticesFor(DEMO_PEOPLE.anna.dn)).toEqual([]);
  });

  it('lets the new delegate act on the account', async () => {
    expect(await h.useCases.findMyAccount(h.actor('karin'), 'hemtjanstab')).toBeNull();
    await h.useCases.addDelegate(h.actor('anna'), 'hemtjanstab', DEMO_PEOPLE.karin.dn);
    expect(await h.useCases.findMyAccount(h.actor('karin'), 'hemtjanstab')).toMatchObject({ name: 'hemtjanstab', role: 'delegate' });
  });

  it('does not let a delegate add or remove delegates', async () => {
    expect(await h.useCases.addDelegate(h.actor('erik'), 'hemtjanstab', DEMO_PEOPLE.karin.dn)).toEqual({ kind: 'not-manager' });
    expect(await h.useCases.removeDelegate(h.actor('erik'), 'hemtjanstab', DEMO_PEOPLE.erik.dn)).toEqual({ kind: 'not-manager' });
    expect(h.directory.callCount('setDelegates')).toBe(0);
  });

  it('refuses someone outside the account as not responsible', async () => {
    expect(await h.useCases.addDelegate(h.actor('maria'), 'hemtjanstab', DEMO_PEOPLE.maria.dn)).toEqual({ kind: 'not-responsible' });
  });

  it('refuses an unknown person, the manager, and an existing delegate', async () => {
    const anna = h.actor('anna');
    expect(await h.useCases.addDelegate(anna, 'hemtjanstab', 'CN=Nobody,OU=People,DC=rotera,DC=example')).toEqual({ kind: 'person-not-found' });
    expect(await h.useCases.addDelegate(anna, 'hemtjanstab', DEMO_PEOPLE.anna.dn)).toEqual({ kind: 'is-manager' });
    expect(await h.useCases.addDelegate(anna, 'hemtjanstab', DEMO_PEOPLE.erik.dn)).toEqual({ kind: 'already-delegate' });
    expect(h.directory.callCount('setDelegates')).toBe(0);
  });

  it('removes a delegate and tells them and the others', async () => {
    const outcome = await h.useCases.removeDelegate(h.actor('anna'), 'hemtjanstab', DEMO_PEOPLE.erik.dn);
    expect(outcome).toEqual({ kind: 'delegate-removed', delegate: { dn: DEMO_PEOPLE.erik.dn, displayName: 'Erik Johansson', email: 'erik.johansson@rotera.example' } });
    expect(await delegatesOf('hemtjanstab')).toEqual([]);
    expect(h.notifier.noticesFor(DEMO_PEOPLE.erik.dn)).toEqual([expect.objectContaining({ kind: 'delegate-removed', delegateName: 'Erik Johansson' })]);
    expect(await h.useCases.findMyAccount(h.actor('erik'), 'hemtjanstab')).toBeNull();
  });

  it('refuses to remove someone who is not a delegate', async () => {
    expect(await h.useCases.removeDelegate(h.actor('anna'), 'hemtjanstab', DEMO_PEOPLE.oskar.dn)).toEqual({ kind: 'not-a-delegate' });
  });

  it('searches people by name or e-mail for managers only', async () => {
    expect((await h.useCases.searchPeople(h.actor('anna'), 'nilsson')).map((p) => p.displayName)).toEqual(['Oskar Nilsson']);
    expect((await h.useCases.searchPeople(h.actor('anna'), 'karin.ek@')).map((p) => p.displayName)).toEqual(['Karin Ek']);
    expect(await h.useCases.searchPeople(h.actor('anna'), 'k')).toEqual([]);
    expect(await h.useCases.searchPeople(h.actor('erik'), 'nilsson')).toEqual([]);
    expect(await h.useCases.searchPeople(h.actor('maria'), 'nilsson')).toEqual([]);
  });
});
