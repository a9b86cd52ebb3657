import { randomUUID } from 'crypto';
import { decide, prune, remaining, type WindowDecision, type WindowLimit } from '../domain/slidingWindow';
import type { Store } from '../ports/Store';
import { retryOnConflict } from './concurrency';

/** A timestamped event; the id lets a reservation be taken back without touching a neighbour's. */
interface Event {
  readonly at: number;
  readonly id: string;
}

interface EventList {
  readonly events: readonly Event[];
}

export type Reservation = { readonly reserved: true; readonly id: string } | { readonly reserved: false; readonly retryAt: number };

/**
 * Event timestamps under one store key, for the sliding-window rules (wrong passwords, codes sent,
 * wrong codes). Every write is conditional on the version read, so two users acting at once cannot
 * both take the last allowed event.
 */
export class EventLog {
  private readonly longestPeriodMs: number;

  constructor(
    private readonly store: Store,
    private readonly key: string,
    private readonly limits: readonly WindowLimit[],
  ) {
    this.longestPeriodMs = Math.max(...limits.map((l) => l.periodMs));
  }

  async times(now: number): Promise<number[]> {
    const stored = await this.store.get<EventList>(this.key);
    return prune((stored?.value.events ?? []).map((e) => e.at), now, this.longestPeriodMs);
  }

  async decision(now: number): Promise<WindowDecision> {
    return decide(await this.times(now), now, this.limits);
  }

  async remaining(now: number): Promise<number> {
    const times = await this.times(now);
    return Math.min(...this.limits.map((limit) => remaining(times, now, limit)));
  }

  /** Records an event if every limit allows one more; atomically with respect to other writers. */
  async reserve(now: number): Promise<Reservation> {
    return retryOnConflict(async () => {
      const stored = await this.store.get<EventList>(this.key);
      const events = this.live(stored?.value.events ?? [], now);
      const decision = decide(
        events.map((e) => e.at),
        now,
        this.limits,
      );
      if (!decision.allowed) return { reserved: false, retryAt: decision.retryAt };
      const id = randomUUID();
      await this.write([...events, { at: now, id }], stored?.eTag);
      return { reserved: true, id };
    });
  }

  /** Records an event whatever the limits say (a wrong code happened; it counts). */
  async record(now: number): Promise<void> {
    await retryOnConflict(async () => {
      const stored = await this.store.get<EventList>(this.key);
      await this.write([...this.live(stored?.value.events ?? [], now), { at: now, id: randomUUID() }], stored?.eTag);
    });
  }

  /** Takes a reservation back: the event did not happen after all (right password, SMS not sent). */
  async release(id: string): Promise<void> {
    await retryOnConflict(async () => {
      const stored = await this.store.get<EventList>(this.key);
      if (!stored || !stored.value.events.some((e) => e.id === id)) return;
      const events = stored.value.events.filter((e) => e.id !== id);
      if (events.length === 0) await this.store.delete(this.key, { ifMatch: stored.eTag });
      else await this.store.put<EventList>(this.key, { events }, { ifMatch: stored.eTag, ttlMs: this.longestPeriodMs });
    });
  }

  private live(events: readonly Event[], now: number): Event[] {
    return events.filter((e) => e.at > now - this.longestPeriodMs);
  }

  private async write(events: Event[], eTag: string | undefined): Promise<void> {
    await this.store.put<EventList>(
      this.key,
      { events },
      eTag === undefined ? { ifNoneMatch: true, ttlMs: this.longestPeriodMs } : { ifMatch: eTag, ttlMs: this.longestPeriodMs },
    );
  }
}
