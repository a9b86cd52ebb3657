/**
 * The nudge card's buttons through the real bot (TestAdapter, RoteraBot, MainDialog) and the real use
 * cases over memory adapters: "Påminn mig i morgon", "Jag har redan bytt" and "Byt lösenord nu".
 */
import { TestAdapter, type Activity } from 'botbuilder';
import { DEMO_PASSWORDS, DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { NudgeSnoozes } from '../../src/app/nudgeSnooze';
import { sendRotationNudges } from '../../src/app/sendRotationNudges';
import { defaultNudgeOptions, type Nudge } from '../../src/domain/rotationNudges';
import { defaultPasswordPolicy } from '../../src/domain/passwordPolicy';
import { Verb } from '../../src/teams/cards/verbs';
import { ConversationReferences } from '../../src/teams/proactive/conversationReferences';
import { renderNudge } from '../../src/teams/proactive/nudgeCards';
import { RoteraBot } from '../../src/teams/RoteraBot';
import { captureLogs, checkLogsAfterAll } from '../support/logCapture';
import { RecordingNudgeSender } from '../support/recordingNudgeSender';
import { UseCaseHarness, type DemoPerson } from '../support/useCaseHarness';

// Issues 2 and 5: no password or code this suite used may appear in any line it logged.
checkLogsAfterAll(...Object.values(DEMO_PASSWORDS));

const logger = captureLogs('debug').logger;

function setup() {
  const harness = new UseCaseHarness();
  // 08:30 in Stockholm on Wednesday 25 November 2026.
  harness.clock.set(Date.parse('2026-11-25T07:30:00Z'));
  const references = new ConversationReferences(harness.store);
  const bot = new RoteraBot({
    deps: {
      useCases: harness.useCases,
      store: harness.store,
      clock: harness.clock,
      logger,
      serviceName: 'Treserva',
      policy: { minLength: defaultPasswordPolicy.minLength, maxLength: defaultPasswordPolicy.maxLength, requiredKinds: defaultPasswordPolicy.requiredKinds },
    },
    store: harness.store,
    conversationReferences: references,
    logger,
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));

  /** Presses a card button (Action.Execute) as `who`; returns the card (or text) the invoke answers with. */
  async function press(who: DemoPerson, verb: string, data: Record<string, string>, locale = 'sv-SE'): Promise<string> {
    adapter.activeQueue.splice(0);
    const person = DEMO_PEOPLE[who];
    const activity: Partial<Activity> = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      locale,
      from: { id: `29:${who}`, name: person.displayName, aadObjectId: person.aadObjectId },
      conversation: { id: `chat-${who}`, conversationType: 'personal', isGroup: false, name: '' },
      value: { action: { type: 'Action.Execute', verb, data: { verb, ...data } } },
    };
    await adapter.processActivity(activity);
    const response = adapter.activeQueue.find((a) => a.type === 'invokeResponse');
    expect(response).toBeDefined();
    return JSON.stringify((response?.value as { body?: unknown }).body);
  }

  /** Presses a button on a client that sends Action.Submit (a message whose value carries the verb); returns what the bot sent. */
  async function submit(who: DemoPerson, verb: string, data: Record<string, string>): Promise<string> {
    adapter.activeQueue.splice(0);
    const person = DEMO_PEOPLE[who];
    await adapter.processActivity({
      type: 'message',
      channelId: 'msteams',
      locale: 'sv-SE',
      from: { id: `29:${who}`, name: person.displayName, aadObjectId: person.aadObjectId },
      conversation: { id: `chat-${who}`, conversationType: 'personal', isGroup: false, name: '' },
      replyToId: 'nudge-message',
      value: { verb, ...data },
    });
    return JSON.stringify(adapter.activeQueue);
  }

  return { harness, references, press, submit };
}

describe('nudge card buttons', () => {
  it('"Påminn mig i morgon" snoozes the account until the next working day, and that sweep reminds only that person', async () => {
    const { harness, press } = setup();
    const sweep = (sender: RecordingNudgeSender) =>
      sendRotationNudges({ directory: harness.directory, people: harness.directory, store: harness.store, clock: harness.clock, sender, logger });
    // Wednesday 08:30: the morning's nudges go out; at 10:00 Anna asks to be reminded tomorrow.
    const wednesday = new RecordingNudgeSender(harness.clock);
    await sweep(wednesday);
    expect(wednesday.timeline(DEMO_PEOPLE.anna.dn, 'hemtjanstab')).toEqual(['2026-11-25 rotation:before-14']);
    harness.clock.advance(90 * 60_000);
    const answer = await press('anna', Verb.snoozeNudge, { account: 'hemtjanstab' });
    expect(answer).toContain('Okej, jag påminner dig om hemtjanstab igen torsdag 26 november.');
    expect([...(await new NudgeSnoozes(harness.store, harness.clock, defaultNudgeOptions).all()).values()]).toEqual([
      expect.objectContaining({ account: 'hemtjanstab', personDn: DEMO_PEOPLE.anna.dn }),
    ]);

    // Thursday 08:30: Anna gets the reminder she asked for, Erik nothing new.
    const thursday = new RecordingNudgeSender(harness.clock);
    harness.clock.set(Date.parse('2026-11-26T07:30:00Z'));
    await sweep(thursday);
    expect(thursday.sent.map((s) => [s.personDn, s.nudge.accountName, s.nudge.reminder])).toEqual([[DEMO_PEOPLE.anna.dn, 'hemtjanstab', true]]);
  });

  it('answers in English when the Teams client is English', async () => {
    const { press } = setup();
    expect(await press('anna', Verb.snoozeNudge, { account: 'hemtjanstab' }, 'en-US')).toContain('I will remind you about hemtjanstab again on Thursday 26 November');
  });

  it('"Jag har redan bytt" says what the directory shows: not changed yet, with the way to change it', async () => {
    const { press } = setup();
    const answer = await press('anna', Verb.alreadyChanged, { account: 'hemtjanstab' });
    expect(answer).toContain('Katalogen visar att lösenordet för hemtjanstab senast byttes');
    expect(answer).toContain('Byt lösenord nu');
    expect(answer).toContain(Verb.startReset);
  });

  it('"Jag har redan bytt" thanks the person when the directory shows the change', async () => {
    const { harness, press } = setup();
    harness.directory.update('hemtjanstab', { passwordLastSet: new Date(harness.clock.now().getTime() - 60 * 60_000) });
    const answer = await press('anna', Verb.alreadyChanged, { account: 'hemtjanstab' });
    expect(answer).toContain('Tack! Katalogen visar att lösenordet för hemtjanstab byttes 25 november 2026. Nästa byte ska göras senast 25 februari 2027.');
  });

  it('gives someone not responsible for the account the uniform answer and snoozes nothing', async () => {
    const { harness, press } = setup();
    const answer = await press('karin', Verb.snoozeNudge, { account: 'hemtjanstab' });
    expect(answer).toContain('Jag hittar inget konto med det namnet som du är ansvarig för.');
    expect(await new NudgeSnoozes(harness.store, harness.clock, defaultNudgeOptions).all()).toEqual(new Map());
    expect(await press('karin', Verb.alreadyChanged, { account: 'finnsinte' })).toContain('Jag hittar inget konto med det namnet som du är ansvarig för.');
  });

  it('"Byt lösenord nu" starts the reset routine with the account chosen: the code goes to the number on file', async () => {
    const { harness, press } = setup();
    const nudge: Nudge = {
      kind: 'rotation',
      stage: 'before-14',
      accountName: 'hemtjanstab',
      accountDisplayName: 'Hemtjänst Almby',
      dueAt: new Date('2026-12-05T10:00:00Z'),
      daysLeft: 10,
      hasMobile: true,
      managerName: null,
      reminder: false,
    };
    const card = renderNudge(nudge, 'sv').content as { body: Array<{ type: string; actions?: Array<{ verb: string; data: Record<string, string> }> }> };
    const changeNow = card.body.flatMap((b) => b.actions ?? []).find((a) => a.verb === Verb.startReset);
    expect(changeNow?.data).toEqual({ verb: Verb.startReset, account: 'hemtjanstab' });
    const { verb: _verb, ...data } = changeNow!.data;
    const answer = await press('anna', Verb.startReset, data);
    expect(harness.sms.sent.map((m) => m.to)).toEqual(['+46701234567']);
    expect(answer).toContain('+46 70');
  });

  it('works the same from clients that send Action.Submit', async () => {
    const { harness, submit } = setup();
    expect(await submit('anna', Verb.snoozeNudge, { account: 'hemtjanstab' })).toContain('Okej, jag påminner dig om hemtjanstab igen torsdag 26 november.');
    expect((await new NudgeSnoozes(harness.store, harness.clock, defaultNudgeOptions).all()).size).toBe(1);
  });

  it('refuses button data with an extra field and changes nothing', async () => {
    const { harness, press } = setup();
    const answer = await press('anna', Verb.snoozeNudge, { account: 'hemtjanstab', until: '2030-01-01' });
    expect(answer).not.toContain('påminner dig');
    expect((await new NudgeSnoozes(harness.store, harness.clock, defaultNudgeOptions).all()).size).toBe(0);
  });

  it('remembers where to reach the person who pressed, for the next nudge', async () => {
    const { references, press } = setup();
    await press('erik', Verb.snoozeNudge, { account: 'hemtjanstab' });
    expect((await references.forPerson(DEMO_PEOPLE.erik.dn))?.reference.conversation?.id).toBe('chat-erik');
  });
});
