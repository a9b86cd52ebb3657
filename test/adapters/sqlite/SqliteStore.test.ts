import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/adapters/memory/ManualClock';
import { SqliteStore } from '../../../src/adapters/sqlite/SqliteStore';
import { StoreUnavailable } from '../../../src/domain/errors';
import { describeStoreContract } from '../storeContract';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rotera-sqlite-'));
}

describeStoreContract('SqliteStore', async () => {
  const dir = tempDir();
  const file = join(dir, 'nested', 'rotera.sqlite');
  const clock = new ManualClock();
  const opened: SqliteStore[] = [new SqliteStore(file, { clock })];
  return {
    store: opened[0] as SqliteStore,
    clock,
    reopen: async () => {
      opened[opened.length - 1]?.close();
      const next = new SqliteStore(file, { clock });
      opened.push(next);
      return next;
    },
    cleanup: async () => {
      for (const store of opened) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder of its file and writes in WAL mode', async () => {
    const file = join(dir, 'a', 'b', 'store.sqlite');
    const store = new SqliteStore(file);
    await store.put('k', 1);
    expect(statSync(file).isFile()).toBe(true);
    expect(statSync(`${file}-wal`).isFile()).toBe(true);
    store.close();
  });

  it('lists across pages without skipping or repeating a key', async () => {
    const store = new SqliteStore(join(dir, 's.sqlite'), { pageSize: 3 });
    const keys = Array.from({ length: 10 }, (_, i) => `audit/${String(i).padStart(2, '0')}`);
    for (const key of [...keys].reverse()) await store.put(key, key);
    await store.put('audiu', 'outside');
    const listed: string[] = [];
    for await (const entry of store.list('audit/')) listed.push(entry.key);
    expect(listed).toEqual(keys);
    store.close();
  });

  it('sees the writes of another connection to the same file, and its eTag conditions', async () => {
    const file = join(dir, 'shared.sqlite');
    const one = new SqliteStore(file);
    const two = new SqliteStore(file);
    const eTag = await one.put('k', 'from one');
    expect(await two.get('k')).toEqual({ value: 'from one', eTag });
    await two.put('k', 'from two', { ifMatch: eTag });
    await expect(one.put('k', 'stale', { ifMatch: eTag })).rejects.toThrow('concurrent write');
    one.close();
    two.close();
  });

  it('purges expired rows from the file', async () => {
    const clock = new ManualClock();
    const store = new SqliteStore(join(dir, 'p.sqlite'), { clock });
    await store.put('a', 1, { ttlMs: 1000 });
    await store.put('b', 1);
    clock.advance(1001);
    expect(store.purgeExpired()).toBe(1);
    store.close();
  });

  it('reports a closed database as StoreUnavailable', async () => {
    const store = new SqliteStore(join(dir, 'c.sqlite'));
    store.close();
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
  });
});
