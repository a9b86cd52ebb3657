import { ContainerClient, ContainerSASPermissions } from '@azure/storage-blob';
import { AzureBlobStore, blobNameFor, keyForBlobName } from '../../src/adapters/azure/AzureBlobStore';
import { ConcurrencyConflict, StoreUnavailable } from '../../src/domain/errors';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import type { Clock } from '../../src/ports/Clock';
import type { Store } from '../../src/ports/Store';
import { describeStoreContract } from '../adapters/storeContract';
import { StoreBotStorage } from '../../src/teams/StoreBotStorage';
import { startAzurite, type AzuriteServer } from '../servers/azurite';

let azurite: AzuriteServer;
let containers = 0;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

function freshStore(clock?: Clock): AzureBlobStore {
  containers += 1;
  return new AzureBlobStore({ containerClient: azurite.containerClient(`rotera-test-${containers}`), ...(clock ? { clock } : {}) });
}

describeStoreContract('AzureBlobStore on Azurite', async () => {
  const clock = new ManualClock();
  containers += 1;
  const containerClient = azurite.containerClient(`rotera-contract-${containers}`);
  return {
    store: new AzureBlobStore({ containerClient, clock }),
    clock,
    reopen: async () => AzureBlobStore.fromConnectionString(azurite.connectionString, containerClient.containerName, clock),
    cleanup: async () => {
      await containerClient.deleteIfExists();
    },
  };
});

async function keysOf(store: Store, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of store.list(prefix)) keys.push(entry.key);
  return keys;
}

describe('AzureBlobStore on Azurite', () => {
  it('round-trips JSON values under keys with Teams ids, dots and non-ASCII letters', async () => {
    const store = freshStore();
    const key = 'msteams/conversations/19:abc@thread.v2;messageid=1/Hemvård.';
    await store.put(key, { a: 1, text: 'Åsa' });
    const stored = await store.get<{ a: number; text: string }>(key);
    expect(stored?.value).toEqual({ a: 1, text: 'Åsa' });
    expect(await keysOf(store, 'msteams/conversations/19:abc@thread.v2')).toEqual([key]);
  });

  it('maps keys to blob names that keep prefixes and decode back', () => {
    for (const key of ['a/b.c', 'x~y', 'å/ä/ö', 'audit/2026-11-25T13:00:00.000Z/x', '\\odd\\']) {
      expect(keyForBlobName(blobNameFor(key))).toBe(key);
      expect(blobNameFor(`${key}/tail`).startsWith(blobNameFor(key))).toBe(true);
    }
    expect(blobNameFor('a.b')).not.toContain('.');
  });

  it('lists by prefix in key order even where escaping would reorder the names', async () => {
    const store = freshStore();
    // '.' sorts before '0' as a key, but its escape '~2E' sorts after 'Z' as a blob name.
    for (const key of ['p/a0', 'p/a.', 'p/aZ', 'q/a', 'p/A']) await store.put(key, key);
    expect(await keysOf(store, 'p/')).toEqual(['p/A', 'p/a.', 'p/a0', 'p/aZ']);
  });

  it('lets exactly one of two racing ifMatch writers win; the loser retries and nothing is lost', async () => {
    const store = freshStore();
    await store.put('counter', { n: 0, by: [] as string[] });
    const add = async (who: string): Promise<number> => {
      let conflicts = 0;
      for (;;) {
        const current = await store.get<{ n: number; by: string[] }>('counter');
        if (!current) throw new Error('counter vanished');
        try {
          await store.put('counter', { n: current.value.n + 1, by: [...current.value.by, who] }, { ifMatch: current.eTag });
          return conflicts;
        } catch (error) {
          if (!(error instanceof ConcurrencyConflict)) throw error;
          conflicts += 1;
        }
      }
    };
    const writers = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(writers.map((who) => add(who)));
    const final = await store.get<{ n: number; by: string[] }>('counter');
    expect(final?.value.n).toBe(writers.length);
    expect([...(final?.value.by ?? [])].sort()).toEqual(writers);
  });

  it('lets only one of many concurrent ifNoneMatch claims succeed', async () => {
    const store = freshStore();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put('claim', i, { ifNoneMatch: true })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyConflict);
  });

  it('hides expired entries from get and list, and lets ifNoneMatch claim an expired key', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'));
    const store = freshStore(clock);
    await store.put('code/reset/x', 'short', { ttlMs: 60_000 });
    await store.put('code/reset/y', 'long', { ttlMs: 600_000 });
    clock.advance(61_000);
    expect(await store.get('code/reset/x')).toBeUndefined();
    expect(await keysOf(store, 'code/')).toEqual(['code/reset/y']);
    await store.put('code/reset/y2', 'other');
    const stale = await store.get<string>('code/reset/y');
    clock.advance(600_000);
    await store.put('code/reset/y', 'fresh', { ifNoneMatch: true });
    expect((await store.get<string>('code/reset/y'))?.value).toBe('fresh');
    await expect(store.put('code/reset/y', 'again', { ifNoneMatch: true })).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(store.put('code/reset/y', 'late', { ifMatch: stale?.eTag ?? '' })).rejects.toBeInstanceOf(ConcurrencyConflict);
  });

  it('refuses an ifMatch write or delete on a version that expired meanwhile', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'));
    const store = freshStore(clock);
    const eTag = await store.put('session', 1, { ttlMs: 1000 });
    clock.advance(2000);
    await expect(store.put('session', 2, { ifMatch: eTag })).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(store.delete('session', { ifMatch: eTag })).rejects.toBeInstanceOf(ConcurrencyConflict);
  });

  it('deletes only the version named by ifMatch', async () => {
    const store = freshStore();
    const first = await store.put('k', 1);
    const second = await store.put('k', 2);
    await expect(store.delete('k', { ifMatch: first })).rejects.toBeInstanceOf(ConcurrencyConflict);
    await store.delete('k', { ifMatch: second });
    expect(await store.get('k')).toBeUndefined();
    await store.delete('k');
  });

  it('works with a SAS scoped to one existing container', async () => {
    containers += 1;
    const owner = azurite.containerClient(`rotera-sas-${containers}`);
    await owner.create();
    const sasUrl = await owner.generateSasUrl({ permissions: ContainerSASPermissions.parse('racwdl'), expiresOn: new Date(Date.now() + 3600_000) });
    const store = new AzureBlobStore({ containerClient: new ContainerClient(sasUrl) });
    const eTag = await store.put('k/1', { ok: true });
    expect(await store.get('k/1')).toEqual({ value: { ok: true }, eTag });
    expect(await keysOf(store, 'k/')).toEqual(['k/1']);
  });

  it('answers ping when reachable and throws StoreUnavailable when the account is down', async () => {
    const store = freshStore();
    await store.ping();
    const dead = AzureBlobStore.fromConnectionString(
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=' +
        'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;',
      'gone',
    );
    await expect(dead.ping()).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(dead.get('x')).rejects.toBeInstanceOf(StoreUnavailable);
  });
});

describe('botbuilder state on Azure Blob storage', () => {
  it('keeps dialog state across a restart and refuses a write over a stale eTag', async () => {
    containers += 1;
    const containerName = `rotera-state-${containers}`;
    const storage = new StoreBotStorage(new AzureBlobStore({ containerClient: azurite.containerClient(containerName) }), { prefix: 'bot-state/conversation' });
    const key = 'msteams/conversations/a:1xyz-personal-chat';
    await storage.write({ [key]: { dialogStack: [{ id: 'resetPassword', state: { step: 2 } }], eTag: '*' } });
    const afterRestart = new StoreBotStorage(AzureBlobStore.fromConnectionString(azurite.connectionString, containerName), { prefix: 'bot-state/conversation' });
    const read = await afterRestart.read([key]);
    expect(read[key]).toMatchObject({ dialogStack: [{ id: 'resetPassword', state: { step: 2 } }] });
    const eTag = String(read[key]?.eTag);
    await afterRestart.write({ [key]: { dialogStack: [], eTag } });
    await expect(storage.write({ [key]: { dialogStack: [{ id: 'late' }], eTag } })).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect((await storage.read([key]))[key]).toMatchObject({ dialogStack: [] });
  });
});

