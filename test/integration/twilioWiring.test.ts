/**
 * SMS_PROVIDER=twilio as `startRotera` builds it from settings alone: the real sender, the daily cap and
 * the delivery-report route, against the Twilio fake and the Bot Connector fake.
 */
import net from 'node:net';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { DEMO_PASSWORDS, DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { loadConfig } from '../../src/config';
import { startRotera, type RunningRotera } from '../../src/index';
import { Verb } from '../../src/teams/cards/verbs';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { startTwilioFake, type TwilioFake } from '../servers/twilioFake';
import { captureLogs, checkLogsAfterAll, codesIn, secretsSeen } from '../support/logCapture';

// Issues 2 and 5: no password or code this suite used may appear in any line it logged.
checkLogsAfterAll(...Object.values(DEMO_PASSWORDS));

/** PUBLIC_BASE_URL must be known before start: take a free port for the bot first. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('SMS_PROVIDER=twilio, wired by startRotera', () => {
  let twilio: TwilioFake;
  let connector: BotConnectorFake;
  let rotera: RunningRotera;
  const lines: string[] = [];
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));

  beforeAll(async () => {
    twilio = await startTwilioFake();
    secretsSeen.add(twilio.authToken);
    secretsSeen.from(() => codesIn(twilio.messages.map((m) => m.body)));
    connector = await startBotConnectorFake();
    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      STORAGE: 'memory',
      MicrosoftAppType: 'MultiTenant',
      SWEEP_ENABLED: 'false',
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: 'Rotera',
      TWILIO_API_BASE_URL: twilio.baseUrl,
      SMS_DAILY_CAP: '1',
    });
    rotera = await startRotera(config, {
      logger: captureLogs('debug', lines).logger,
      clock,
      secrets: { codeKey: 'k'.repeat(40), historyPepper: 'p'.repeat(40) },
    });
  });
  afterAll(async () => {
    await rotera?.stop();
    await connector.close();
    await twilio.stop();
  });

  async function post(conversationId: string, fields: Record<string, unknown>): Promise<number> {
    const response = await fetch(rotera.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: '29:anna', name: DEMO_PEOPLE.anna.displayName, aadObjectId: DEMO_PEOPLE.anna.aadObjectId },
        recipient: { id: '28:rotera', name: 'Rotera' },
        conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
        channelData: { tenant: { id: 'tenant-1' } },
        locale: 'sv-SE',
        id: `activity-${Math.random().toString(16).slice(2)}`,
        timestamp: new Date().toISOString(),
        ...fields,
      }),
    });
    await response.text();
    return response.status;
  }

  /** "byt lösenord", then hemtjanstab on the choose-account card; resolves with that card's message id. */
  async function resetHemtjanstab(conversationId: string, account: string): Promise<string> {
    await post(conversationId, { type: 'message', text: 'byt lösenord' });
    const card = connector.activities({ conversationId }).find((a) => JSON.stringify(a.attachments ?? []).includes(Verb.chooseAccount));
    if (!card?.assignedId) throw new Error('no choose-account card');
    const status = await post(conversationId, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: card.assignedId,
      value: { action: { type: 'Action.Execute', verb: Verb.chooseAccount, data: { verb: Verb.chooseAccount, account } } },
    });
    expect(status).toBe(200);
    return card.assignedId;
  }

  it('sends through Twilio with the callback at PUBLIC_BASE_URL, and a delivery report updates the code card', async () => {
    const cardId = await resetHemtjanstab('a:wiring-1', 'hemtjanstab');
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({ to: '+46701234567', from: 'Rotera', statusCallback: `${rotera.url}/api/sms/status` });

    connector.clear();
    expect((await twilio.report(twilio.messages[0]!.sid, 'delivered')).status).toBe(204);
    await connector.waitFor((requests) => requests.some((r) => r.operation === 'update'));
    const update = connector.activities({ operation: 'update' });
    expect(update.map((u) => u.id)).toEqual([cardId]);
    expect(JSON.stringify(update[0]?.attachments)).toContain('Levererat');
  });

  it('refuses a report that Twilio did not sign', async () => {
    const forged = await twilio.postForm(`${rotera.url}/api/sms/status`, { MessageSid: twilio.messages[0]!.sid, MessageStatus: 'undelivered', ErrorCode: '30003' }, 'Zm9yZ2Vk');
    expect(forged.status).toBe(403);
  });

  it('stops at SMS_DAILY_CAP and tells the user to try tomorrow or call support', async () => {
    connector.clear();
    clock.advance(5 * 60_000); // past "one code a minute": only the cap stands in the way
    await resetHemtjanstab('a:wiring-2', 'hemtjanstab');
    expect(twilio.messages).toHaveLength(1);
    const said = JSON.stringify(connector.activities({ conversationId: 'a:wiring-2' }));
    expect(said).toContain('Dagens gräns för sms är nådd');
    expect(lines.filter((line) => line.includes('"alert":"sms-daily-cap-reached"'))).toHaveLength(1);
  });
});
