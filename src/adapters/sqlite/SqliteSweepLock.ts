import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { StoreUnavailable } from '../../domain/errors';
import { systemClock, type Clock } from '../../ports/Clock';
import type { Logger } from '../../ports/Logger';
import type { HeldSweepLock, SweepLock } from '../../ports/SweepLock';

export interface SqliteSweepLockOptions {
  /** Which lock (default `rotation-sweep`). */
  readonly name?: string;
  /** A holder that stops renewing loses the lock this long after its last renewal (default 60 s). */
  readonly ttlMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface LockRow {
  readonly holder: string;
  readonly expires_at: number;
}

/**
 * The sweep lock as a row with an expiry in the SQLite file the store uses (its own connection and
 * table). Taken in an IMMEDIATE transaction, so two processes on the file cannot both see it free; kept
 * alive by a timer while held; a crashed holder's row simply expires.
 */
export class SqliteSweepLock implements SweepLock {
  private readonly db: Db;
  private readonly name: string;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly renewals = new Set<NodeJS.Timeout>();

  constructor(file: string, private readonly options: SqliteSweepLockOptions = {}) {
    this.name = options.name ?? 'rotation-sweep';
    this.ttlMs = options.ttlMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    try {
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec('CREATE TABLE IF NOT EXISTS sweep_locks (name TEXT PRIMARY KEY NOT NULL, holder TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID');
    } catch (error) {
      throw new StoreUnavailable(`cannot open the SQLite sweep lock in ${file}`, { cause: error });
    }
  }

  async tryAcquire(): Promise<HeldSweepLock | null> {
    const holder = randomUUID();
    const take = this.db.transaction((now: number): boolean => {
      const row = this.db.prepare('SELECT holder, expires_at FROM sweep_locks WHERE name = ?').get(this.name) as LockRow | undefined;
      if (row && row.expires_at > now) return false;
      this.db
        .prepare('INSERT INTO sweep_locks (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at')
        .run(this.name, holder, now + this.ttlMs);
      return true;
    });
    const taken = this.guard(() => take.immediate(this.clock.now().getTime()));
    if (!taken) return null;

    const renew = setInterval(() => {
      try {
        const changed = this.db
          .prepare('UPDATE sweep_locks SET expires_at = ? WHERE name = ? AND holder = ?')
          .run(this.clock.now().getTime() + this.ttlMs, this.name, holder).changes;
        if (changed === 0) this.options.logger?.warn({ lock: this.name }, 'sweep lock lost while held');
      } catch {
        this.options.logger?.warn({ lock: this.name }, 'sweep lock could not be renewed');
      }
    }, Math.max(1_000, Math.floor(this.ttlMs / 3)));
    renew.unref();
    this.renewals.add(renew);

    return {
      release: async () => {
        clearInterval(renew);
        this.renewals.delete(renew);
        this.guard(() => this.db.prepare('DELETE FROM sweep_locks WHERE name = ? AND holder = ?').run(this.name, holder));
      },
    };
  }

  /** Closes the connection; a lock still held is no longer renewed and runs out. */
  close(): void {
    for (const timer of this.renewals) clearInterval(timer);
    this.renewals.clear();
    if (this.db.open) this.db.close();
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw new StoreUnavailable('SQLite sweep lock unavailable', { cause: error });
    }
  }
}
