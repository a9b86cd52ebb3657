import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { ConcurrencyConflict } from '../domain/errors';
import type { Store } from '../ports/Store';

export interface StoreBotStorageOptions {
  /** Key prefix in the Store, e.g. `bot-state/conversation`. */
  readonly prefix: string;
  /** Entries disappear this long after their last write (a routine left for days is not resumed). */
  readonly ttlMs?: number;
}

/**
 * botbuilder's Storage over Rotera's Store port, so dialog state survives a restart in whatever store
 * runs (SQLite, Azure, memory). eTags map onto the Store's: a write carrying an eTag only succeeds if the
 * stored version still has it ('*' or none: last writer wins), which is what BotState expects.
 * Bot Framework keys (channel/conversation ids) can be long: they are hashed into the Store key.
 */
export class StoreBotStorage implements Storage {
  constructor(
    private readonly store: Store,
    private readonly options: StoreBotStorageOptions,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const stored = await this.store.get<Record<string, unknown>>(this.storeKey(key));
        if (stored) items[key] = { ...stored.value, eTag: stored.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = (item ?? {}) as Record<string, unknown>;
        const storeKey = this.storeKey(key);
        const ttl = this.options.ttlMs === undefined ? {} : { ttlMs: this.options.ttlMs };
        if (typeof eTag === 'string' && eTag !== '*' && eTag !== '') {
          try {
            await this.store.put(storeKey, value, { ...ttl, ifMatch: eTag });
          } catch (error) {
            // Deleted (or expired) since it was read: like botbuilder's own storages, write it afresh.
            if (!(error instanceof ConcurrencyConflict) || (await this.store.get(storeKey)) !== undefined) throw error;
            await this.store.put(storeKey, value, { ...ttl, ifNoneMatch: true });
          }
        } else {
          await this.store.put(storeKey, value, ttl);
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.store.delete(this.storeKey(key))));
  }

  private storeKey(key: string): string {
    return `${this.options.prefix}/${createHash('sha256').update(key).digest('hex')}`;
  }
}
