import { ConversationState, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { ConcurrencyConflict } from '../../src/domain/errors';
import { StoreBotStorage } from '../../src/teams/StoreBotStorage';

describe('StoreBotStorage', () => {
  it('reads back what it wrote, with an eTag, and deletes', async () => {
    const storage = new StoreBotStorage(new MemoryStore(), { prefix: 'bot-state/test' });
    await storage.write({ 'msteams/conversations/a:1/': { step: 'code' } });
    const read = await storage.read(['msteams/conversations/a:1/', 'missing']);
    expect(read['msteams/conversations/a:1/']).toEqual({ step: 'code', eTag: expect.any(String) });
    expect(read.missing).toBeUndefined();
    await storage.delete(['msteams/conversations/a:1/']);
    expect(await storage.read(['msteams/conversations/a:1/'])).toEqual({});
  });

  it('refuses a write whose eTag is stale, and lets "*" overwrite', async () => {
    const storage = new StoreBotStorage(new MemoryStore(), { prefix: 'bot-state/test' });
    await storage.write({ k: { n: 1 } });
    const first = (await storage.read(['k'])).k as { eTag: string };
    await storage.write({ k: { n: 2, eTag: first.eTag } });
    await expect(storage.write({ k: { n: 3, eTag: first.eTag } })).rejects.toBeInstanceOf(ConcurrencyConflict);
    await storage.write({ k: { n: 4, eTag: '*' } });
    expect((await storage.read(['k'])).k).toEqual({ n: 4, eTag: expect.any(String) });
  });

  it('hashes long Bot Framework keys into short Store keys', async () => {
    const store = new MemoryStore();
    const storage = new StoreBotStorage(store, { prefix: 'bot-state/test' });
    await storage.write({ [`msteams/conversations/${'a'.repeat(1000)}/`]: { v: 1 } });
    expect(store.dump().map((e) => e.key)).toEqual([expect.stringMatching(/^bot-state\/test\/[0-9a-f]{64}$/)]);
  });

  it('keeps ConversationState across a new storage over the same store (a restart)', async () => {
    const store = new MemoryStore();
    const adapter = new TestAdapter();
    const activity = { type: 'message', channelId: 'msteams', conversation: { id: 'conv' }, from: { id: 'u' }, recipient: { id: 'b' } } as Partial<Activity>;
    const before = new ConversationState(new StoreBotStorage(store, { prefix: 'bot-state/conversation' }));
    const context = new TurnContext(adapter, activity);
    await before.createProperty<{ step: string }>('routine').set(context, { step: 'new-password' });
    await before.saveChanges(context);

    const after = new ConversationState(new StoreBotStorage(store, { prefix: 'bot-state/conversation' }));
    const later = new TurnContext(adapter, activity);
    expect(await after.createProperty<{ step: string }>('routine').get(later)).toEqual({ step: 'new-password' });
  });
});
