import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as Db, type Statement } from 'better-sqlite3';
import { ConcurrencyConflict, StoreUnavailable } from '../../domain/errors';
import { systemClock, type Clock } from '../../ports/Clock';
import type { PutOptions, Store, Stored } from '../../ports/Store';

interface PageQuery {
  readonly cursor: string;
  readonly prefix: string;
  readonly upper: string;
  readonly now: number;
  readonly limit: number;
}

interface Row {
  readonly key: string;
  readonly value: string;
  readonly etag: string;
  readonly expires_at: number | null;
}

export interface SqliteStoreOptions {
  readonly clock?: Clock;
  /** Rows listed per query; a listing never holds the connection between pages. */
  readonly pageSize?: number;
}

/**
 * The embedded default Store: one SQLite file (WAL), one table. better-sqlite3 is synchronous, and
 * every read-check-write runs inside one transaction, so the eTag conditions hold even with several
 * processes on the same file.
 */
export class SqliteStore implements Store {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly pageSize: number;
  private readonly statements: {
    readonly get: Statement<[string, number], Row>;
    readonly upsert: Statement<[string, string, string, number | null]>;
    readonly remove: Statement<[string]>;
    readonly page: Statement<[PageQuery], Row>;
    readonly purge: Statement<[number]>;
  };
  private readonly putTx: Database.Transaction<(key: string, json: string, options: PutOptions) => string>;
  private readonly deleteTx: Database.Transaction<(key: string, ifMatch: string | undefined) => void>;
  private writes = 0;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.pageSize = options.pageSize ?? 500;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    try {
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, etag TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID',
      );
    } catch (error) {
      throw new StoreUnavailable(`cannot open SQLite store ${file}`, { cause: error });
    }
    this.statements = {
      get: this.db.prepare('SELECT key, value, etag, expires_at FROM entries WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)'),
      upsert: this.db.prepare(
        'INSERT INTO entries (key, value, etag, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at',
      ),
      remove: this.db.prepare('DELETE FROM entries WHERE key = ?'),
      // The range bounds let SQLite walk the primary key; the substr test is exact where the bound is not.
      page: this.db.prepare(
        `SELECT key, value, etag, expires_at FROM entries
         WHERE key > @cursor AND key >= @prefix AND key < @upper AND substr(key, 1, length(@prefix)) = @prefix
           AND (expires_at IS NULL OR expires_at > @now)
         ORDER BY key LIMIT @limit`,
      ),
      purge: this.db.prepare('DELETE FROM entries WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    };
    this.putTx = this.db.transaction((key: string, json: string, opts: PutOptions) => {
      const now = this.now();
      const current = this.statements.get.get(key, now);
      if (opts.ifNoneMatch && current) throw new ConcurrencyConflict(key);
      if (opts.ifMatch !== undefined && current?.etag !== opts.ifMatch) throw new ConcurrencyConflict(key);
      const etag = randomUUID();
      this.statements.upsert.run(key, json, etag, opts.ttlMs === undefined ? null : now + opts.ttlMs);
      return etag;
    });
    this.deleteTx = this.db.transaction((key: string, ifMatch: string | undefined) => {
      if (ifMatch !== undefined && this.statements.get.get(key, this.now())?.etag !== ifMatch) throw new ConcurrencyConflict(key);
      this.statements.remove.run(key);
    });
  }

  async get<T>(key: string): Promise<Stored<T> | undefined> {
    const row = this.run(() => this.statements.get.get(key, this.now()));
    return row ? { value: JSON.parse(row.value) as T, eTag: row.etag } : undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    const json = JSON.stringify(value);
    const eTag = this.run(() => this.putTx.immediate(key, json, options));
    this.writes += 1;
    // Expired rows are invisible already; deleting them now and then keeps the file small.
    if (this.writes % 1000 === 0) this.purgeExpired();
    return eTag;
  }

  async delete(key: string, options: { readonly ifMatch?: string } = {}): Promise<void> {
    this.run(() => this.deleteTx.immediate(key, options.ifMatch));
  }

  async *list<T>(prefix: string): AsyncIterable<{ readonly key: string } & Stored<T>> {
    // '' sorts before every key, so the first page starts at the beginning of the prefix.
    let cursor = '';
    const upper = upperBound(prefix);
    for (;;) {
      const query: PageQuery = { cursor, prefix, upper, now: this.now(), limit: this.pageSize };
      const rows = this.run(() => this.statements.page.all(query));
      for (const row of rows) yield { key: row.key, value: JSON.parse(row.value) as T, eTag: row.etag };
      const last = rows[rows.length - 1];
      if (!last || rows.length < this.pageSize) return;
      cursor = last.key;
    }
  }

  async ping(): Promise<void> {
    this.run(() => this.db.prepare('SELECT 1').get());
  }

  /** Deletes expired rows; returns how many. */
  purgeExpired(): number {
    return this.run(() => this.statements.purge.run(this.now()).changes);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** SQLite errors (busy, I/O, closed database) become StoreUnavailable; our own conflicts pass through. */
  private run<R>(operation: () => R): R {
    try {
      return operation();
    } catch (error) {
      if (error instanceof ConcurrencyConflict) throw error;
      throw new StoreUnavailable('SQLite store failed', { cause: error });
    }
  }
}

/** The smallest string above every string that starts with `prefix` (UTF-8 order follows code points). */
function upperBound(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop();
  if (last === undefined) return '\u{10FFFF}';
  return chars.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
}
