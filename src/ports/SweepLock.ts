/** Held while one instance sweeps; released when it is done (or lapses if the instance dies). */
export interface HeldSweepLock {
  release(): Promise<void>;
}

/**
 * One sweep at a time across every instance sharing the store. The ledger already keeps a nudge from
 * going out twice; the lock keeps instances from doing the same work (and Teams' limits from being
 * shared between two senders that do not know of each other).
 */
export interface SweepLock {
  /** The lock, or null when another instance holds it. Implementations keep it alive until released. */
  tryAcquire(): Promise<HeldSweepLock | null>;
}
