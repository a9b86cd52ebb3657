import type { HeldSweepLock, SweepLock } from '../../ports/SweepLock';

/** The sweep lock for a single process (memory storage): nothing else can share its store anyway. */
export class MemorySweepLock implements SweepLock {
  private held = false;

  async tryAcquire(): Promise<HeldSweepLock | null> {
    if (this.held) return null;
    this.held = true;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        this.held = false;
      },
    };
  }
}
