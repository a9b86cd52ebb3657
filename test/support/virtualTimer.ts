import type { Timer } from '../../src/teams/proactive/rateLimiter';

/**
 * Time that only moves when everyone waits: each `sleep` is parked, and once the event loop has
 * nothing else to do (setImmediate), time jumps to the earliest wake-up. Lets rate-limit tests cover
 * hours of traffic in milliseconds, and check windows on exact timestamps instead of wall-clock timing.
 */
export class VirtualTimer implements Timer {
  private current: number;
  private readonly sleepers: Array<{ at: number; wake: () => void }> = [];
  private scheduled = false;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers.push({ at: this.current + Math.max(0, ms), wake: resolve });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.sleepers.length === 0) return;
      const earliest = Math.min(...this.sleepers.map((s) => s.at));
      this.current = Math.max(this.current, earliest);
      const due = this.sleepers.filter((s) => s.at <= this.current);
      for (const s of due) this.sleepers.splice(this.sleepers.indexOf(s), 1);
      for (const s of due) s.wake();
      if (this.sleepers.length > 0) this.schedule();
    });
  }
}
