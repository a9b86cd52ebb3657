import { DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { Verb } from '../../src/teams/cards/verbs';
import { actionsOf, createHarness, createWorld, ERIK, OUTSIDER } from '../support/teamsHarness';
import { checkLogsAfterAll } from '../support/logCapture';

// Issues 2 and 5: no password or code this suite used may appear in any line it logged.
checkLogsAfterAll();

describe('my accounts and delegation', () => {
  it('shows each account: last change, due date, masked mobile or none, delegates, and routine buttons', async () => {
    const h = createHarness();
    const overview = await h.say('mina konton');
    expect(overview.text).toContain('hemtjanstab – Hemtjänst Almby');
    expect(overview.text).toContain('hemvardsgruppen – Hemvårdsgruppen Väster');
    expect(overview.text).toContain('+46 70•••••67');
    expect(overview.text).toContain('Inget registrerat');
    expect(overview.text).toContain('Erik Johansson');
    expect(overview.text).toContain('Dags att byta lösenord!');
    expect(overview.text).toContain('Du är ansvarig chef');
    const actions = actionsOf(overview.card);
    expect(actions).toContainEqual(expect.objectContaining({ verb: Verb.startReset, data: { verb: Verb.startReset, account: 'hemvardsgruppen' } }));
    expect(actions).toContainEqual(expect.objectContaining({ verb: Verb.startRegisterMobile, data: { verb: Verb.startRegisterMobile, account: 'hemtjanstab' } }));
    expect(actions).toContainEqual(
      expect.objectContaining({ verb: Verb.removeDelegate, data: { verb: Verb.removeDelegate, account: 'hemtjanstab', personDn: DEMO_PEOPLE.erik.dn } }),
    );
    expect((await h.say('status')).text).toContain('Mina konton');
  });

  it('lets the manager find a person by name, add them as delegate, and remove them again', async () => {
    const h = createHarness();
    await h.say('mina konton');
    const searchCard = await h.execute(Verb.searchDelegate, { verb: Verb.searchDelegate, account: 'hemvardsgruppen', query: '' });
    expect(searchCard.text).toContain('Vem ska få sköta hemvardsgruppen?');
    const results = await h.execute(Verb.searchDelegate, { verb: Verb.searchDelegate, account: 'hemvardsgruppen', query: 'karin' });
    const add = actionsOf(results.card).find((a) => a.verb === Verb.addDelegate);
    expect(add?.data).toEqual({ verb: Verb.addDelegate, account: 'hemvardsgruppen', personDn: DEMO_PEOPLE.karin.dn });
    expect(results.text).toContain('karin.ek@rotera.example');

    const added = await h.execute(Verb.addDelegate, add?.data);
    expect(added.text).toContain('Karin Ek kan nu sköta hemvardsgruppen.');
    expect((await h.world.directory.findSharedAccount('hemvardsgruppen'))?.delegateDns).toEqual([DEMO_PEOPLE.karin.dn]);

    const removed = await h.execute(Verb.removeDelegate, { verb: Verb.removeDelegate, account: 'hemvardsgruppen', personDn: DEMO_PEOPLE.karin.dn });
    expect(removed.text).toContain('Karin Ek kan inte längre sköta hemvardsgruppen.');
    expect((await h.world.directory.findSharedAccount('hemvardsgruppen'))?.delegateDns).toEqual([]);
    expect(h.world.notifier.noticesFor(DEMO_PEOPLE.karin.dn).map((n) => n.kind)).toEqual(expect.arrayContaining(['delegate-added']));
  });

  it('says when nobody matches a search', async () => {
    const h = createHarness();
    const none = await h.execute(Verb.searchDelegate, { verb: Verb.searchDelegate, account: 'hemtjanstab', query: 'zzzz' });
    expect(none.text).toContain('Ingen träff på "zzzz"');
  });

  it('a delegate sees the account but cannot change its delegates', async () => {
    const world = createWorld();
    const erik = createHarness({ world, user: ERIK });
    const overview = await erik.say('my accounts');
    expect(overview.text).toContain('Delegerat till dig av Anna Lindqvist');
    expect(actionsOf(overview.card).filter((a) => a.verb === Verb.removeDelegate || a.verb === Verb.searchDelegate)).toEqual([]);
    const refused = await erik.execute(Verb.addDelegate, { verb: Verb.addDelegate, account: 'hemtjanstab', personDn: DEMO_PEOPLE.oskar.dn });
    expect(refused.text).toContain('Bara kontots ansvariga chef kan lägga till eller ta bort delegater.');
    const search = await erik.execute(Verb.searchDelegate, { verb: Verb.searchDelegate, account: 'hemtjanstab', query: 'oskar' });
    expect(search.text).toContain('Bara kontots ansvariga chef');
    expect((await world.directory.findSharedAccount('hemtjanstab'))?.delegateDns).toEqual([DEMO_PEOPLE.erik.dn]);
  });

  it('someone responsible for nothing is told so, and gets the uniform answer for a named account', async () => {
    const h = createHarness({ user: OUTSIDER });
    const welcome = await h.say('hej');
    expect(welcome.text).toContain('Du står inte som ansvarig för något delat konto ännu.');
    const overview = await h.say('mina konton');
    expect(overview.text).toContain('Du står inte som ansvarig chef eller delegat för något delat konto.');
    const named = await h.execute(Verb.startReset, { verb: Verb.startReset, account: 'hemtjanstab' });
    expect(named.text).toMatch(/Jag hittar inget konto med det namnet som du är ansvarig för\.|Du står inte som ansvarig/);
    const remove = await h.execute(Verb.removeDelegate, { verb: Verb.removeDelegate, account: 'hemtjanstab', personDn: DEMO_PEOPLE.erik.dn });
    expect(remove.text).toMatch(/Jag hittar inget konto|Du står inte som ansvarig/);
    expect((await h.world.directory.findSharedAccount('hemtjanstab'))?.delegateDns).toEqual([DEMO_PEOPLE.erik.dn]);
    expect(h.world.sms.sent).toHaveLength(0);
  });
});
