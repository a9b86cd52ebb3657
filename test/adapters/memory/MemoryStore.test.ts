import { ManualClock } from '../../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../../src/adapters/memory/MemoryStore';
import { describeStoreContract } from '../storeContract';

describeStoreContract('MemoryStore', async () => {
  const clock = new ManualClock();
  return { store: new MemoryStore(clock), clock, cleanup: async () => undefined };
});

describe('MemoryStore', () => {
  it('dumps live entries as stored text, so tests can search them for secrets', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    await store.put('a', { x: 'y' });
    await store.put('b', 1, { ttlMs: 10 });
    clock.advance(11);
    expect(store.dump()).toEqual([{ key: 'a', json: '{"x":"y"}' }]);
  });

  it('hands out copies: changing a value read does not change what is stored', async () => {
    const store = new MemoryStore();
    await store.put('a', { list: [1] });
    const read = await store.get<{ list: number[] }>('a');
    read?.value.list.push(2);
    expect((await store.get('a'))?.value).toEqual({ list: [1] });
  });
});
