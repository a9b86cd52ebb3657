import { ConcurrencyConflict } from '../../src/domain/errors';
import type { Store } from '../../src/ports/Store';

/** A store to test, with what the adapter can offer the suite. */
export interface StoreUnderTest {
  readonly store: Store;
  /** A clock the store reads for expiry; without one, expiry is tested by waiting out a short ttl. */
  readonly clock?: { advance(ms: number): void };
  /** Opens the same data again (a restart); stores that keep nothing across restarts leave it out. */
  readonly reopen?: () => Promise<Store>;
  cleanup(): Promise<void>;
}

async function keysOf(store: Store, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of store.list(prefix)) keys.push(entry.key);
  return keys;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every Store adapter must have; run it from each adapter's own test file:
 * `describeStoreContract('SqliteStore', async () => ({ store, cleanup }))`.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} (Store contract)`, () => {
    let subject: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    it('answers undefined for a key never written', async () => {
      expect(await store.get('nothing/here')).toBeUndefined();
    });

    it('round-trips plain JSON values under keys with Teams ids and Swedish letters', async () => {
      const value = { text: 'Hemvårdsgruppen Väster', n: 3, list: [1, 'två', null], nested: { ok: true } };
      const key = 'conv/29:1AbC-xyz_é/hemvårdsgruppen';
      const eTag = await store.put(key, value);
      const stored = await store.get<typeof value>(key);
      expect(stored).toEqual({ value, eTag });
    });

    it('gives every write a new eTag', async () => {
      const first = await store.put('k', 1);
      const second = await store.put('k', 2);
      expect(second).not.toBe(first);
      expect((await store.get('k'))?.eTag).toBe(second);
    });

    it('writes with ifMatch only over the version that was read', async () => {
      const eTag = await store.put('k', 'one');
      const next = await store.put('k', 'two', { ifMatch: eTag });
      await expect(store.put('k', 'stale', { ifMatch: eTag })).rejects.toBeInstanceOf(ConcurrencyConflict);
      expect(await store.get('k')).toEqual({ value: 'two', eTag: next });
    });

    it('refuses ifMatch on a key that does not exist', async () => {
      const eTag = await store.put('other', 1);
      await expect(store.put('missing', 1, { ifMatch: eTag })).rejects.toBeInstanceOf(ConcurrencyConflict);
      expect(await store.get('missing')).toBeUndefined();
    });

    it('writes with ifNoneMatch only when nothing is stored', async () => {
      await store.put('k', 'first', { ifNoneMatch: true });
      await expect(store.put('k', 'second', { ifNoneMatch: true })).rejects.toBeInstanceOf(ConcurrencyConflict);
      expect((await store.get('k'))?.value).toBe('first');
    });

    it('deletes, ignores deleting what is not there, and honours ifMatch on delete', async () => {
      const eTag = await store.put('k', 1);
      const newer = await store.put('k', 2);
      await expect(store.delete('k', { ifMatch: eTag })).rejects.toBeInstanceOf(ConcurrencyConflict);
      expect((await store.get('k'))?.value).toBe(2);
      await store.delete('k', { ifMatch: newer });
      expect(await store.get('k')).toBeUndefined();
      await store.delete('k');
      expect(await store.get('k')).toBeUndefined();
    });

    it('lists by prefix in key order, and nothing outside the prefix', async () => {
      for (const key of ['p/b', 'p/a/2', 'p/a/10', 'q/a', 'p', 'pa/x', 'p/A']) await store.put(key, key);
      expect(await keysOf(store, 'p/')).toEqual(['p/A', 'p/a/10', 'p/a/2', 'p/b']);
      expect(await keysOf(store, 'p/a/')).toEqual(['p/a/10', 'p/a/2']);
      expect(await keysOf(store, 'none/')).toEqual([]);
      const listed: unknown[] = [];
      for await (const entry of store.list<string>('q/')) listed.push(entry.value);
      expect(listed).toEqual(['q/a']);
    });

    it('lets two racing writers both land: one wins with ifMatch, the other gets a conflict, retries, nothing is lost', async () => {
      await store.put('counter', { n: 0, by: [] as string[] });
      const a = await store.get<{ n: number; by: string[] }>('counter');
      const b = await store.get<{ n: number; by: string[] }>('counter');
      if (!a || !b) throw new Error('counter missing');
      await store.put('counter', { n: a.value.n + 1, by: [...a.value.by, 'a'] }, { ifMatch: a.eTag });
      await expect(store.put('counter', { n: b.value.n + 1, by: [...b.value.by, 'b'] }, { ifMatch: b.eTag })).rejects.toBeInstanceOf(ConcurrencyConflict);
      const again = await store.get<{ n: number; by: string[] }>('counter');
      if (!again) throw new Error('counter missing');
      await store.put('counter', { n: again.value.n + 1, by: [...again.value.by, 'b'] }, { ifMatch: again.eTag });
      expect((await store.get('counter'))?.value).toEqual({ n: 2, by: ['a', 'b'] });
    });

    it('loses no increment when several writers race with retries', async () => {
      await store.put('tally', 0);
      const increment = async () => {
        for (;;) {
          const current = await store.get<number>('tally');
          if (!current) throw new Error('tally missing');
          try {
            await store.put('tally', current.value + 1, { ifMatch: current.eTag });
            return;
          } catch (error) {
            if (!(error instanceof ConcurrencyConflict)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, increment));
      expect((await store.get('tally'))?.value).toBe(8);
    });

    it('hides an entry once its ttl is over, from get and from list, and frees the key', async () => {
      const ttlMs = subject.clock ? 10 * 60_000 : 1_000;
      const old = await store.put('ttl/a', 'short', { ttlMs });
      await store.put('ttl/b', 'forever');
      expect((await store.get('ttl/a'))?.value).toBe('short');
      if (subject.clock) subject.clock.advance(ttlMs + 1);
      else await sleep(ttlMs + 500);
      expect(await store.get('ttl/a')).toBeUndefined();
      expect(await keysOf(store, 'ttl/')).toEqual(['ttl/b']);
      await expect(store.put('ttl/a', 'stale', { ifMatch: old })).rejects.toBeInstanceOf(ConcurrencyConflict);
      await store.put('ttl/a', 'again', { ifNoneMatch: true });
      expect((await store.get('ttl/a'))?.value).toBe('again');
    });

    it('keeps an entry without ttl when it is overwritten without ttl', async () => {
      await store.put('k', 1, { ttlMs: 60_000 });
      await store.put('k', 2);
      if (subject.clock) subject.clock.advance(120_000);
      expect((await store.get('k'))?.value).toBe(2);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('keeps data and eTags across a reopen (restart), when the adapter persists', async () => {
      if (!subject.reopen) {
        // Nothing to persist: the contract for memory stores is only that a fresh store is empty.
        expect(await keysOf(store, '')).toEqual([]);
        return;
      }
      const eTag = await store.put('survives/1', { step: 'code-sent' });
      const reopened = await subject.reopen();
      expect(await reopened.get('survives/1')).toEqual({ value: { step: 'code-sent' }, eTag });
      expect(await keysOf(reopened, 'survives/')).toEqual(['survives/1']);
    });
  });
}
