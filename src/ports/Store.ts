/** A stored value with the tag that identifies this version of it. */
export interface Stored<T> {
  readonly value: T;
  readonly eTag: string;
}

export interface PutOptions {
  /** Write only if the stored version still has this eTag; otherwise throw `ConcurrencyConflict`. */
  readonly ifMatch?: string;
  /** Write only if nothing (unexpired) is stored under the key; otherwise throw `ConcurrencyConflict`. */
  readonly ifNoneMatch?: true;
  /** The entry disappears this many milliseconds after the write. */
  readonly ttlMs?: number;
}

/**
 * Small key-value store for everything Rotera must remember across restarts: codes (as keyed hashes),
 * counters, dialog state, conversation references, ledgers, audit trail. Values are plain JSON.
 * Expired entries are invisible to `get` and `list`. Keys are `/`-separated, at most 512 characters.
 */
export interface Store {
  get<T>(key: string): Promise<Stored<T> | undefined>;
  /** Returns the new eTag. */
  put<T>(key: string, value: T, options?: PutOptions): Promise<string>;
  delete(key: string, options?: { readonly ifMatch?: string }): Promise<void>;
  /** Entries whose key starts with `prefix`, in key order. */
  list<T>(prefix: string): AsyncIterable<{ readonly key: string } & Stored<T>>;
  /** Throws `StoreUnavailable` when the store does not answer (readiness probe). */
  ping(): Promise<void>;
}
