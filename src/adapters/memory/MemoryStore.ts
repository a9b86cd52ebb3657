import { randomUUID } from 'node:crypto';
import { ConcurrencyConflict } from '../../domain/errors';
import { systemClock, type Clock } from '../../ports/Clock';
import type { PutOptions, Store, Stored } from '../../ports/Store';

interface Entry {
  /** Kept as JSON text, like every persistent store, so a caller can never mutate what is stored. */
  readonly json: string;
  readonly eTag: string;
  readonly expiresAt: number | null;
}

/** The Store in memory: for tests and for a bot that may forget everything on restart. */
export class MemoryStore implements Store {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock = systemClock) {}

  async get<T>(key: string): Promise<Stored<T> | undefined> {
    const entry = this.live(key);
    return entry ? { value: JSON.parse(entry.json) as T, eTag: entry.eTag } : undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    const current = this.live(key);
    if (options.ifNoneMatch && current) throw new ConcurrencyConflict(key);
    if (options.ifMatch !== undefined && current?.eTag !== options.ifMatch) throw new ConcurrencyConflict(key);
    const eTag = randomUUID();
    const expiresAt = options.ttlMs === undefined ? null : this.clock.now().getTime() + options.ttlMs;
    this.entries.set(key, { json: JSON.stringify(value), eTag, expiresAt });
    return eTag;
  }

  async delete(key: string, options: { readonly ifMatch?: string } = {}): Promise<void> {
    const current = this.live(key);
    if (options.ifMatch !== undefined && current?.eTag !== options.ifMatch) throw new ConcurrencyConflict(key);
    this.entries.delete(key);
  }

  async *list<T>(prefix: string): AsyncIterable<{ readonly key: string } & Stored<T>> {
    const keys = [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys);
    for (const key of keys) {
      const entry = this.live(key);
      if (entry) yield { key, value: JSON.parse(entry.json) as T, eTag: entry.eTag };
    }
  }

  async ping(): Promise<void> {}

  /** Every live entry as stored text: tests search it for secrets that must never be there. */
  dump(): Array<{ key: string; json: string }> {
    return [...this.entries.keys()]
      .sort(compareKeys)
      .flatMap((key) => {
        const entry = this.live(key);
        return entry ? [{ key, json: entry.json }] : [];
      });
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** Code-unit order matches SQLite's BINARY collation for the ASCII keys Rotera uses. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
