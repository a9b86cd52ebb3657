import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { StoreUnavailable } from '../../src/domain/errors';
import type { Logger } from '../../src/ports/Logger';
import type { Store } from '../../src/ports/Store';
import { DUPLICATE_KEY_PREFIX, DuplicateActivityGuard } from '../../src/teams/duplicateActivityGuard';

const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, child: () => quietLogger };

function activity(id: string | undefined, overrides: Partial<Activity> = {}): Partial<Activity> {
  return { type: ActivityTypes.Message, text: 'skicka kod', channelId: 'msteams', conversation: { id: 'a:conv-1', isGroup: false, name: '' } as Activity['conversation'], ...(id ? { id } : {}), ...overrides };
}

/** A TestAdapter whose bot counts turns per text, like a dialog step that sends one SMS per "skicka kod". */
function harness(store: Store, options: { ttlMs?: number; invokeWaitMs?: number; turn?: (context: TurnContext) => Promise<void> } = {}) {
  const runs: string[] = [];
  /** The invoke answer of each turn, in the order the turns ended (what CloudAdapter would put in the HTTP reply). */
  const answers: unknown[] = [];
  const adapter = new TestAdapter(async (context) => {
    runs.push(context.activity.id ?? '(no id)');
    await options.turn?.(context);
  });
  adapter.use({
    onTurn: async (context, next) => {
      let answer: unknown;
      context.onSendActivities(async (_context, sent, sendNext) => {
        for (const a of sent) if (a.type === ActivityTypes.InvokeResponse) answer = a.value;
        return sendNext();
      });
      await next();
      answers.push(answer);
    },
  });
  adapter.use(new DuplicateActivityGuard({ store, logger: quietLogger, pollMs: 5, ...options }));
  return { adapter, runs, answers };
}

describe('DuplicateActivityGuard', () => {
  it('runs a repeated message (same conversation and activity id) only once', async () => {
    const { adapter, runs } = harness(new MemoryStore());
    await adapter.processActivity(activity('1700000000001'));
    await adapter.processActivity(activity('1700000000001'));
    await adapter.processActivity(activity('1700000000002'));
    expect(runs).toEqual(['1700000000001', '1700000000002']);
  });

  it('lets exactly one of two concurrent deliveries through', async () => {
    const store = new MemoryStore();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { adapter, runs } = harness(store, { turn: () => gate });
    const first = adapter.processActivity(activity('dup-1'));
    const second = adapter.processActivity(activity('dup-1'));
    await second;
    release();
    await first;
    expect(runs).toEqual(['dup-1']);
  });

  it('keeps apart the same activity id in another conversation, and activities without an id', async () => {
    const { adapter, runs } = harness(new MemoryStore());
    await adapter.processActivity(activity('7'));
    await adapter.processActivity(activity('7', { conversation: { id: 'a:conv-2', isGroup: false, name: '' } as Activity['conversation'] }));
    const noId = { type: ActivityTypes.ConversationUpdate, channelId: 'msteams', conversation: { id: 'a:conv-1' } } as Partial<Activity>;
    expect(DuplicateActivityGuard.keyFor(noId)).toBeNull();
    expect(runs).toEqual(['7', '7']);
  });

  it('answers a repeated card action with the first delivery’s card', async () => {
    const card = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [] } };
    const { adapter, runs, answers } = harness(new MemoryStore(), {
      turn: async (context) => {
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: card } });
      },
    });
    const invoke = (): Partial<Activity> => activity('inv-1', { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'sendCode', data: {} } } });
    await adapter.processActivity(invoke());
    await adapter.processActivity(invoke());
    expect(runs).toEqual(['inv-1']);
    expect(answers).toEqual([
      { status: 200, body: card },
      { status: 200, body: card },
    ]);
  });

  it('tells a repeated card action to wait when the first is still running, in the user’s language', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { adapter, runs, answers } = harness(new MemoryStore(), { invokeWaitMs: 20, turn: () => gate });
    const invoke = (): Partial<Activity> => activity('inv-2', { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', locale: 'en-GB', value: {} });
    const first = adapter.processActivity(invoke());
    await adapter.processActivity(invoke());
    release();
    await first;
    expect(runs).toEqual(['inv-2']);
    expect(answers[0]).toMatchObject({ status: 200, body: { type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/already working/) } });
  });

  it('claims nothing for proactive turns (continuation events)', async () => {
    const store = new MemoryStore();
    const { adapter, runs } = harness(store);
    await adapter.processActivity(activity('c-1', { type: ActivityTypes.Event, name: 'ContinueConversation' }));
    await adapter.processActivity(activity('c-1', { type: ActivityTypes.Event, name: 'ContinueConversation' }));
    expect(runs).toEqual(['c-1', 'c-1']);
    const claims: string[] = [];
    for await (const entry of store.list(DUPLICATE_KEY_PREFIX)) claims.push(entry.key);
    expect(claims).toEqual([]);
  });

  it('forgets an activity id after its ttl', async () => {
    const clock = new ManualClock();
    const { adapter, runs } = harness(new MemoryStore(clock), { ttlMs: 60_000 });
    await adapter.processActivity(activity('9'));
    clock.advance(61_000);
    await adapter.processActivity(activity('9'));
    expect(runs).toEqual(['9', '9']);
  });

  it('stores nothing but a hashed key and the state', async () => {
    const store = new MemoryStore();
    const { adapter } = harness(store);
    await adapter.processActivity(activity('secret-looking-id', { text: 'Hemligt-Lösen1' }));
    const entries: { key: string; value: unknown }[] = [];
    for await (const entry of store.list(DUPLICATE_KEY_PREFIX)) entries.push(entry);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.key).toMatch(/^dedupe\/[0-9a-f]{64}$/);
    expect(JSON.stringify(entries[0]?.value)).toBe('{"state":"handling"}');
  });

  it('does not run the turn when the store cannot record the claim', async () => {
    const failing: Store = Object.assign(new MemoryStore(), {
      put: () => Promise.reject(new StoreUnavailable('down')),
    });
    const { adapter, runs } = harness(failing);
    await expect(adapter.processActivity(activity('10'))).rejects.toBeInstanceOf(StoreUnavailable);
    expect(runs).toEqual([]);
  });
});
