/**
 * The nudge arrives: the real server (startRotera) learns Anna's chat from a message she posts to
 * /api/messages, then its rotation sweep sends the demo nudges into that chat through the Bot Connector
 * fake, and her press on "Påminn mig i morgon" comes back through /api/messages.
 */
import { loadConfig } from '../../src/config';
import { startRotera, type RunningRotera } from '../../src/index';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { DEMO_PASSWORDS, DEMO_PEOPLE, demoDirectory } from '../../src/adapters/memory/demoData';
import { Verb } from '../../src/teams/cards/verbs';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { captureLogs, checkLogsAfterAll, type CapturedLogs } from '../support/logCapture';

// Issues 2 and 5: no password in the directory the sweep reads may appear in any line the suite logged.
checkLogsAfterAll(...Object.values(DEMO_PASSWORDS));

describe('rotation nudges through the running server', () => {
  let fake: BotConnectorFake;
  let rotera: RunningRotera;
  let logs: CapturedLogs;
  let counter = 0;
  // Wednesday 25 November 2026, 08:30 in Stockholm.
  const clock = new ManualClock(Date.parse('2026-11-25T07:30:00Z'));

  beforeAll(async () => {
    fake = await startBotConnectorFake();
    logs = captureLogs();
    rotera = await startRotera(loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'debug' }), {
      logger: logs.logger,
      clock,
      store: new MemoryStore(clock),
      directory: demoDirectory(clock.now(), clock),
      sms: new RecordingSmsSender(),
      secrets: { codeKey: 'integration-code-key-0123456789-0123', historyPepper: 'integration-pepper-0123456789-012345' },
    });
  });

  afterAll(async () => {
    await rotera?.stop();
    await fake?.close();
  });

  async function post(activity: Record<string, unknown>): Promise<unknown> {
    counter += 1;
    const response = await fetch(rotera.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `incoming-${counter}`,
        channelId: 'msteams',
        serviceUrl: fake.serviceUrl,
        locale: 'sv-SE',
        from: { id: '29:anna', name: 'Anna Lindqvist', aadObjectId: DEMO_PEOPLE.anna.aadObjectId },
        recipient: { id: '28:rotera', name: 'Rotera' },
        conversation: { id: 'a:anna-rotera', conversationType: 'personal', tenantId: 'tenant-1' },
        channelData: { tenant: { id: 'tenant-1' } },
        ...activity,
      }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    return text === '' ? null : (JSON.parse(text) as unknown);
  }

  it('sends the demo nudges into the chat the bot learnt, once, and takes the snooze button', async () => {
    await post({ type: 'message', text: 'hej' });
    const before = fake.activities().length;

    const summary = await rotera.rotationSweep.runOnce();
    expect(summary.delivered).toBe(2);
    // Erik, the delegate, never wrote to the bot and no Graph install is configured.
    expect(summary.unreachable.map((u) => u.displayName)).toEqual(['Erik Johansson']);
    const nudges = fake.cards({ conversationId: 'a:anna-rotera' }).slice(before).map((card) => JSON.stringify(card));
    expect(nudges).toHaveLength(2);
    expect(nudges[0]).toContain('Dags att byta lösenord för hemtjanstab');
    expect(nudges[1]).toContain('Dags att byta lösenord för hemvardsgruppen');
    expect(nudges[1]).toContain('Kontot har inget mobilnummer');

    expect((await rotera.rotationSweep.runOnce()).delivered).toBe(0);

    const answer = await post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: 'nudge-1',
      value: { action: { type: 'Action.Execute', verb: Verb.snoozeNudge, data: { verb: Verb.snoozeNudge, account: 'hemtjanstab' } }, trigger: 'manual' },
    });
    expect(JSON.stringify(answer)).toContain('Okej, jag påminner dig om hemtjanstab igen torsdag 26 november.');
  });
});
