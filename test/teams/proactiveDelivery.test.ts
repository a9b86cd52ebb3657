import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { ConversationReferences } from '../../src/teams/proactive/conversationReferences';
import { ProactiveSender, describeFailure, parseRetryAfter } from '../../src/teams/proactive/ProactiveSender';
import { ProactiveRateLimiter, TEAMS_CONVERSATION_LIMITS, type Grant, type RateLimit } from '../../src/teams/proactive/rateLimiter';
import { TeamsNotifier } from '../../src/teams/proactive/TeamsNotifier';
import type { Nudge } from '../../src/domain/rotationNudges';
import { ConnectorStub } from '../support/connectorStub';
import { VirtualTimer } from '../support/virtualTimer';

const logger = createPinoLogger({ level: 'silent' });
const ANNA = 'CN=Anna Lindqvist,OU=Staff,DC=rotera,DC=example';

function reference(serviceUrl: string, conversationId: string, userId = '29:anna'): Partial<ConversationReference> {
  return {
    activityId: 'last-message',
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', isGroup: false, name: '', tenantId: 'tenant' },
    bot: { id: '28:rotera', name: 'Rotera' },
    user: { id: userId, name: 'Anna', aadObjectId: 'aad-anna' },
  };
}

function adapter(): CloudAdapter {
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' }));
}

describe('ConversationReferences', () => {
  it('finds a person by DN whatever its case and spacing, in the locale they last used', async () => {
    const refs = new ConversationReferences(new MemoryStore());
    await refs.remember({ personDn: ANNA, teamsUserId: '29:anna', aadObjectId: 'aad-anna', reference: reference('http://x/', 'a:1'), locale: 'en' });
    const found = await refs.forPerson('cn=anna lindqvist, ou=staff, dc=rotera, dc=example');
    expect(found?.locale).toBe('en');
    expect(found?.reference.conversation?.id).toBe('a:1');
  });

  it('drops the last activity id so a nudge is a new message, not a reply', async () => {
    const refs = new ConversationReferences(new MemoryStore());
    await refs.remember({ personDn: ANNA, teamsUserId: '29:anna', aadObjectId: null, reference: reference('http://x/', 'a:1'), locale: 'sv' });
    expect((await refs.forPerson(ANNA))?.reference.activityId).toBeUndefined();
  });

  it('keeps DNs and Teams ids out of the store keys', async () => {
    const store = new MemoryStore();
    const refs = new ConversationReferences(store);
    await refs.remember({ personDn: ANNA, teamsUserId: '29:anna', aadObjectId: null, reference: reference('http://x/', 'a:1'), locale: 'sv' });
    const keys = store.dump().map((e) => e.key);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).not.toMatch(/anna/i);
      expect(key).toMatch(/^conversation-ref\/(user|person)\/[0-9a-f]{64}$/);
    }
  });

  it('forgets a person who uninstalled the app', async () => {
    const store = new MemoryStore();
    const refs = new ConversationReferences(store);
    await refs.remember({ personDn: ANNA, teamsUserId: '29:anna', aadObjectId: null, reference: reference('http://x/', 'a:1'), locale: 'sv' });
    await refs.forget('29:anna');
    expect(await refs.forPerson(ANNA)).toBeUndefined();
    expect(store.dump()).toEqual([]);
  });

  it('follows the newest chat when the same person comes back with another conversation', async () => {
    const refs = new ConversationReferences(new MemoryStore());
    await refs.remember({ personDn: ANNA, teamsUserId: '29:anna', aadObjectId: null, reference: reference('http://x/', 'a:1'), locale: 'sv' });
    await refs.remember({ personDn: ANNA, teamsUserId: '29:anna', aadObjectId: null, reference: reference('http://x/', 'a:2'), locale: 'en' });
    expect(await refs.forPerson(ANNA)).toMatchObject({ locale: 'en', reference: { conversation: { id: 'a:2' } } });
  });

  it('knows nobody it was not told about', async () => {
    const refs = new ConversationReferences(new MemoryStore());
    await refs.remember({ personDn: null, teamsUserId: '29:stranger', aadObjectId: null, reference: reference('http://x/', 'a:9'), locale: 'sv' });
    expect(await refs.forPerson(ANNA)).toBeUndefined();
  });
});

describe('ProactiveRateLimiter', () => {
  interface Flight {
    readonly conversation: string;
    readonly granted: number;
    readonly answered: number;
  }

  /**
   * Teams receives a request somewhere between the moment it was let through and its answer. Every window
   * of every limit must hold, wherever in that span each request arrived: counted here, for each window
   * [start, start + period) that starts at an answer, are all requests whose span touches it.
   */
  function assertWithin(flights: readonly Flight[], limits: readonly RateLimit[]): void {
    for (const limit of limits) {
      for (const start of flights.map((f) => f.answered)) {
        const touching = flights.filter((f) => f.granted < start + limit.periodMs && f.answered >= start).length;
        expect(touching).toBeLessThanOrEqual(limit.max);
      }
    }
  }

  /** Sends `work` (conversation ids) at once; each request takes a latency from `latency(i)` (virtual ms). */
  async function run(work: readonly string[], latency: (i: number) => number, timer = new VirtualTimer()): Promise<Flight[]> {
    const limiter = new ProactiveRateLimiter(timer);
    const flights: Flight[] = [];
    await Promise.all(
      work.map(async (conversation, i) => {
        const grant = await limiter.acquire(conversation);
        await timer.sleep(latency(i));
        grant.done();
        flights.push({ conversation, granted: grant.at, answered: timer.now() });
      }),
    );
    return flights;
  }

  /** Latencies from 0 to 400 ms, deterministic. */
  const jitter = (i: number) => (i * 7919) % 401;

  it('keeps 600 requests over 40 conversations inside the app and conversation windows, whatever the latency', async () => {
    const flights = await run(Array.from({ length: 600 }, (_, i) => `conv-${i % 40}`), jitter);
    expect(flights).toHaveLength(600);
    assertWithin(flights, [{ max: 50, periodMs: 1000 }]);
    for (let c = 0; c < 40; c += 1) assertWithin(flights.filter((f) => f.conversation === `conv-${c}`), TEAMS_CONVERSATION_LIMITS);
    expect(Math.max(...flights.map((f) => f.granted))).toBeGreaterThanOrEqual(11_000);
  });

  it('does not let a slow batch and the next one reach Teams within the same second', async () => {
    // The first 50 take 900 ms to arrive; the next 50 would otherwise go out at 1000 ms and arrive at once.
    const flights = await run(Array.from({ length: 100 }, (_, i) => `conv-${i}`), (i) => (i < 50 ? 900 : 0));
    assertWithin(flights, [{ max: 50, periodMs: 1000 }]);
    expect(Math.min(...flights.slice(50).map((f) => f.granted))).toBeGreaterThanOrEqual(1_900);
  });

  it('holds one busy conversation to 7 per second, 8 per 2 seconds and 60 per 30 seconds', async () => {
    const flights = await run(Array.from({ length: 130 }, () => 'one'), jitter);
    assertWithin(flights, TEAMS_CONVERSATION_LIMITS);
    expect(flights.filter((f) => f.answered < 30_000).length).toBeLessThanOrEqual(60);
  });

  it('pauses a conversation for as long as Retry-After says', async () => {
    const timer = new VirtualTimer(1_000);
    const limiter = new ProactiveRateLimiter(timer);
    limiter.pause('c', 5_000);
    const grant = await limiter.acquire('c');
    expect(grant.at).toBe(6_000);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Wed, 25 Nov 2026 13:00:10 GMT', 10_000],
    ['', undefined],
    ['soon', undefined],
  ])('reads %p', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 25 Nov 2026 13:00:00 GMT'))).toBe(expected);
  });
});

describe('ProactiveSender against a Bot Connector stub', () => {
  const stub = new ConnectorStub();
  let serviceUrl = '';
  beforeAll(async () => {
    serviceUrl = await stub.start();
  });
  afterAll(async () => {
    await stub.stop();
  });
  beforeEach(() => stub.reset());

  const sender = (maxAttempts = 4) =>
    new ProactiveSender({ adapter: adapter(), appId: '', logger, baseDelayMs: 5, maxDelayMs: 2_000, maxAttempts, random: () => 0.5 });

  it('delivers a message into the stored conversation', async () => {
    const outcome = await sender().send(reference(serviceUrl, 'a:1'), { type: 'message', text: 'hej' });
    expect(outcome).toEqual({ kind: 'delivered', activityId: 'activity-0', attempts: 1 });
    expect(stub.delivered('a:1')).toEqual([expect.objectContaining({ text: 'hej', type: 'message' })]);
  });

  it('retries a 412 with backoff and delivers once', async () => {
    stub.respond = ({ index }) => (index < 2 ? { status: 412 } : undefined);
    const outcome = await sender().send(reference(serviceUrl, 'a:2'), { type: 'message', text: 'x' });
    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 3 });
    expect(stub.requests.map((r) => r.status)).toEqual([412, 412, 200]);
  });

  it("meters every HTTP attempt against Teams' limits, botbuilder's own retries included", async () => {
    class CountingLimiter extends ProactiveRateLimiter {
      count = 0;
      override async acquire(conversationId: string): Promise<Grant> {
        this.count += 1;
        return super.acquire(conversationId);
      }
    }
    const limiter = new CountingLimiter();
    stub.respond = ({ index }) => (index < 2 ? { status: 429, headers: { 'Retry-After': '0' } } : undefined);
    const outcome = await new ProactiveSender({ adapter: adapter(), appId: '', logger, limiter }).send(reference(serviceUrl, 'a:8'), { type: 'message', text: 'x' });
    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 1 });
    expect(stub.requests).toHaveLength(3);
    expect(limiter.count).toBe(3);
  });

  it('retries a 429 that gives no Retry-After', async () => {
    stub.respond = ({ index }) => (index === 0 ? { status: 429 } : undefined);
    const outcome = await sender().send(reference(serviceUrl, 'a:3'), { type: 'message', text: 'x' });
    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 2 });
  });

  it('waits out a 429 with Retry-After and delivers', async () => {
    stub.respond = ({ index }) => (index === 0 ? { status: 429, headers: { 'Retry-After': '0' } } : undefined);
    const outcome = await sender().send(reference(serviceUrl, 'a:4'), { type: 'message', text: 'x' });
    expect(outcome.kind).toBe('delivered');
    expect(stub.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('gives up after a bounded number of tries and says a later try may work', async () => {
    stub.respond = () => ({ status: 412 });
    const outcome = await sender(3).send(reference(serviceUrl, 'a:5'), { type: 'message', text: 'x' });
    expect(outcome).toEqual({ kind: 'failed', retryable: true, status: 412, attempts: 3 });
    expect(stub.requests).toHaveLength(3);
  });

  it('does not retry a refusal (403: the user blocked the bot)', async () => {
    stub.respond = () => ({ status: 403 });
    const outcome = await sender().send(reference(serviceUrl, 'a:6'), { type: 'message', text: 'x' });
    expect(outcome).toEqual({ kind: 'failed', retryable: false, status: 403, attempts: 1 });
    expect(stub.requests).toHaveLength(1);
  });

  it('counts a connection that fails without an HTTP answer as retryable', () => {
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toEqual({ status: null, retryable: true });
  });
});

describe('TeamsNotifier', () => {
  const stub = new ConnectorStub();
  let serviceUrl = '';
  beforeAll(async () => {
    serviceUrl = await stub.start();
  });
  afterAll(async () => {
    await stub.stop();
  });

  const nudge: Nudge = {
    kind: 'rotation',
    stage: 'before-7',
    accountName: 'hemtjanstab',
    accountDisplayName: 'Hemtjänst Almby',
    dueAt: new Date('2026-12-02T09:00:00Z'),
    daysLeft: 7,
    hasMobile: true,
    managerName: null,
    reminder: false,
  };

  async function notifier() {
    const refs = new ConversationReferences(new MemoryStore());
    await refs.remember({ personDn: ANNA, teamsUserId: '29:anna', aadObjectId: 'aad-anna', reference: reference(serviceUrl, 'anna-chat'), locale: 'sv' });
    const sender = new ProactiveSender({ adapter: adapter(), appId: '', logger, baseDelayMs: 5 });
    return new TeamsNotifier({ references: refs, sender, logger });
  }

  it('sends a notice to a person who talked to the bot', async () => {
    const n = await notifier();
    const delivery = await n.notify(ANNA, { kind: 'password-changed', accountName: 'hemtjanstab', accountDisplayName: 'Hemtjänst Almby', byName: 'Erik Johansson', at: new Date('2026-11-25T09:32:00Z') });
    expect(delivery).toBe('delivered');
    const [sent] = stub.delivered('anna-chat').slice(-1);
    expect(JSON.stringify(sent)).toContain('Erik Johansson');
  });

  it('sends the nudge card in Swedish with the three buttons', async () => {
    const n = await notifier();
    expect(await n.sendNudge(ANNA, nudge)).toEqual({ kind: 'delivered' });
    const [sent] = stub.delivered('anna-chat').slice(-1);
    const card = JSON.stringify(sent);
    for (const text of ['Byt lösenord nu', 'Påminn mig i morgon', 'Jag har redan bytt', 'hemtjanstab', '7 dagar kvar', '2 december 2026']) {
      expect(card).toContain(text);
    }
  });

  it('calls a person who never opened the bot unreachable, without sending anything', async () => {
    const n = await notifier();
    const before = stub.requests.length;
    expect(await n.notify('CN=Nobody,DC=x', { kind: 'password-changed', accountName: 'a', accountDisplayName: 'A', byName: 'B', at: new Date() })).toBe('unreachable');
    expect(await n.sendNudge('CN=Nobody,DC=x', nudge)).toEqual({ kind: 'unreachable' });
    expect(stub.requests.length).toBe(before);
  });
});
