/**
 * The whole SMS path on the real server: Teams-shaped activities to POST /api/messages (replies at the
 * Bot Connector fake), the real twilio SDK sending through the Twilio fake, and that fake posting signed
 * delivery reports back to POST /api/sms/status, whose effect shows up in the chat.
 */
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { DEMO_PASSWORDS, DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { TwilioSmsSender } from '../../src/adapters/twilio/TwilioSmsSender';
import { smsStatusCallbackUrl } from '../../src/adapters/twilio/twilioSettings';
import { twilioSignatureCheck } from '../../src/adapters/twilio/twilioSignature';
import { DailyCapSmsSender } from '../../src/app/DailyCapSmsSender';
import { loadConfig } from '../../src/config';
import { startRotera, type RunningRotera } from '../../src/index';
import { formatTime } from '../../src/i18n/catalogue';
import { Verb } from '../../src/teams/cards/verbs';
import { smsStatusRoute, type SmsStatusRoute } from '../../src/teams/smsStatusRoute';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { startTwilioFake, type TwilioFake } from '../servers/twilioFake';
import { captureLogs, checkLogsAfterAll, codesIn, secretsSeen } from '../support/logCapture';

// Issues 2 and 5: no password or code this suite used may appear in any line it logged.
checkLogsAfterAll(...Object.values(DEMO_PASSWORDS));

describe('SMS delivery status in the chat, end to end', () => {
  let twilio: TwilioFake;
  let connector: BotConnectorFake;
  let rotera: RunningRotera;
  let route: SmsStatusRoute;
  let clock: ManualClock;
  const lines: string[] = [];
  let conversationCounter = 0;

  beforeAll(async () => {
    twilio = await startTwilioFake();
    secretsSeen.add(twilio.authToken);
    secretsSeen.from(() => codesIn(twilio.messages.map((m) => m.body)));
    connector = await startBotConnectorFake();
    clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    const store = new MemoryStore(clock);
    const logger = captureLogs('debug', lines).logger;
    let callbackUrl = '';
    const sms = new DailyCapSmsSender(
      new TwilioSmsSender({
        accountSid: twilio.accountSid,
        credentials: { kind: 'auth-token', authToken: twilio.authToken },
        sender: { kind: 'from', from: 'Rotera' },
        // Read at send time: the port is only known once the server listens.
        get statusCallbackUrl() {
          return callbackUrl;
        },
        logger,
        apiBaseUrl: twilio.baseUrl,
        retryDelayMs: 1,
      }),
      store,
      clock,
      logger,
      { cap: 50 },
    );
    route = smsStatusRoute({
      verifySignature: (signature, params) => twilioSignatureCheck(twilio.authToken, callbackUrl)(signature, params),
      store,
      clock,
      logger,
      // The adapter is built inside startRotera; reach it once it exists.
      adapter: { continueConversationAsync: (appId, reference, logic) => rotera.adapter.continueConversationAsync(appId, reference, logic) },
      appId: '',
      linkGraceMs: 50,
    });
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', STORAGE: 'memory', MicrosoftAppType: 'MultiTenant', LOG_LEVEL: 'debug' });
    rotera = await startRotera(config, {
      logger,
      clock,
      store,
      sms,
      secrets: { codeKey: 'k'.repeat(40), historyPepper: 'p'.repeat(40) },
      routes: [route],
    });
    callbackUrl = smsStatusCallbackUrl(rotera.url);
  });
  afterAll(async () => {
    await rotera.stop();
    await connector.close();
    await twilio.stop();
  });

  const anna = { id: '29:anna', name: DEMO_PEOPLE.anna.displayName, aadObjectId: DEMO_PEOPLE.anna.aadObjectId };

  function activity(conversationId: string, fields: Record<string, unknown>) {
    return {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: anna,
      recipient: { id: '28:rotera', name: 'Rotera' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      locale: 'sv-SE',
      timestamp: new Date().toISOString(),
      id: `activity-${Math.random().toString(16).slice(2)}`,
      ...fields,
    };
  }

  async function post(body: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(rotera.messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  const execute = (conversationId: string, cardId: string, verb: string, data: Record<string, string> = {}) =>
    post(activity(conversationId, { type: 'invoke', name: 'adaptiveCard/action', replyToId: cardId, value: { action: { type: 'Action.Execute', verb, data: { verb, ...data } } } }));

  /** Starts the reset routine for hemtjanstab; resolves with the id of the message showing the code card. */
  async function startReset(): Promise<{ conversationId: string; cardId: string; sid: string }> {
    conversationCounter += 1;
    // Each routine a while after the last: one code per 60 s and three per 15 minutes for the account.
    clock.advance(8 * 60_000);
    const conversationId = `a:anna-e2e-${conversationCounter}`;
    const sentBefore = twilio.messages.length;
    const first = await post(activity(conversationId, { type: 'message', text: 'byt lösenord' }));
    expect(first.status).toBeLessThan(300);
    // Anna manages two accounts: the bot asks which one; she picks hemtjanstab on that card.
    const chooseCard = connector.activities({ conversationId }).find((a) => JSON.stringify(a.attachments ?? []).includes(Verb.chooseAccount));
    if (!chooseCard?.assignedId) throw new Error(`no choose-account card: ${JSON.stringify(connector.activities({ conversationId }))}`);
    const chosen = await execute(conversationId, chooseCard.assignedId, Verb.chooseAccount, { account: 'hemtjanstab' });
    expect(chosen.status).toBe(200);
    expect(twilio.messages).toHaveLength(sentBefore + 1);
    return { conversationId, cardId: chooseCard.assignedId, sid: twilio.messages.at(-1)!.sid };
  }

  async function report(sid: string, status: Parameters<TwilioFake['report']>[1], errorCode?: number) {
    const answer = await twilio.report(sid, status, errorCode);
    await route.settled();
    return answer;
  }

  it('asks Twilio to report to the configured URL', async () => {
    await startReset();
    expect(twilio.messages.at(-1)?.statusCallback).toBe(`${rotera.url}/api/sms/status`);
  });

  it('shows "Levererat HH:MM" on the code card when the SMS is delivered', async () => {
    const { conversationId, cardId, sid } = await startReset();
    connector.clear();

    expect((await report(sid, 'delivered')).status).toBe(204);
    const updates = connector.activities({ conversationId, operation: 'update' });
    expect(updates.map((u) => u.id)).toEqual([cardId]);
    const card = JSON.stringify(updates[0]?.attachments);
    expect(card).toContain(`Levererat ${formatTime(clock.now(), 'sv')}`);
    // Still the code card: the input and the buttons are there.
    expect(card).toContain(Verb.submitResetCode);
    expect(card).toContain('"id":"code"');
  });

  it('tells the user why the SMS did not arrive, and "Skicka igen" sends a new code', async () => {
    const { conversationId, sid } = await startReset();
    connector.clear();

    expect((await report(sid, 'undelivered', 30003)).status).toBe(204);
    const failure = connector
      .activities({ conversationId })
      .find((a) => a.operation !== 'update' && JSON.stringify(a.attachments ?? []).includes('Skicka igen'));
    expect(failure).toBeDefined();
    const text = JSON.stringify(failure?.attachments);
    expect(text).toContain('gick inte att nå');
    expect(text).toContain('Byt mobilnummer');

    clock.advance(61_000);
    const sentBefore = twilio.messages.length;
    const resent = await execute(conversationId, failure!.assignedId!, Verb.resendResetCode);
    expect(resent.status).toBe(200);
    expect(twilio.messages).toHaveLength(sentBefore + 1);
    expect(twilio.messages.at(-1)?.to).toBe('+46701234567');
  });

  it('refuses a forged report and a replay changes nothing', async () => {
    const { sid } = await startReset();
    connector.clear();
    const params = { AccountSid: twilio.accountSid, MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30005', To: '+46701234567', From: 'Rotera', ApiVersion: '2010-04-01' };

    const forged = await twilio.postForm(`${rotera.url}/api/sms/status`, params, 'Zm9yZ2Vk');
    await route.settled();
    expect(forged.status).toBe(403);
    expect(connector.requests).toHaveLength(0);

    expect((await twilio.postForm(`${rotera.url}/api/sms/status`, params)).status).toBe(204);
    await route.settled();
    const afterFirst = connector.requests.length;
    expect(afterFirst).toBeGreaterThan(0);
    expect((await twilio.postForm(`${rotera.url}/api/sms/status`, params)).status).toBe(204);
    await route.settled();
    expect(connector.requests).toHaveLength(afterFirst);
  });

  it('logs neither a code nor an SMS body', () => {
    const log = lines.join('\n');
    for (const message of twilio.messages) {
      const code = /\b(\d{6})\b/.exec(message.body)?.[1];
      expect(code).toBeDefined();
      expect(log).not.toContain(code);
    }
  });
});
