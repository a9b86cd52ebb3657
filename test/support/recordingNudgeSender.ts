import { normalizeDn } from '../../src/domain/access';
import type { Nudge } from '../../src/domain/rotationNudges';
import type { Clock } from '../../src/ports/Clock';
import type { NudgeDelivery, NudgeSender } from '../../src/ports/NudgeSender';

export interface SentNudge {
  readonly at: Date;
  /** `YYYY-MM-DD` in Stockholm. */
  readonly day: string;
  readonly personDn: string;
  readonly nudge: Nudge;
}

const stockholmDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * A NudgeSender for use-case tests: records what would have reached each person. People can be made
 * unreachable or failing; `yieldEachSend` lets concurrent sweeps interleave as they would over a network.
 */
export class RecordingNudgeSender implements NudgeSender {
  readonly sent: SentNudge[] = [];
  readonly unreachable = new Set<string>();
  /** Sends to these people fail (retryable) while listed. */
  readonly failing = new Set<string>();
  attempts = 0;

  constructor(
    private readonly clock: Clock,
    private readonly yieldEachSend = false,
  ) {}

  async sendNudge(personDn: string, nudge: Nudge): Promise<NudgeDelivery> {
    this.attempts += 1;
    if (this.yieldEachSend) await new Promise((resolve) => setImmediate(resolve));
    const person = normalizeDn(personDn);
    if (this.unreachable.has(person)) return { kind: 'unreachable' };
    if (this.failing.has(person)) return { kind: 'failed', retryable: true, detail: 'Teams answered 503' };
    const at = this.clock.now();
    this.sent.push({ at, day: stockholmDay.format(at), personDn, nudge });
    return { kind: 'delivered' };
  }

  /** "day kind:stage" lines for one person and account, in order. */
  timeline(personDn: string, account: string): string[] {
    return this.sent
      .filter((s) => normalizeDn(s.personDn) === normalizeDn(personDn) && s.nudge.accountName === account)
      .map((s) => `${s.day} ${s.nudge.kind}:${s.nudge.stage}${s.nudge.reminder ? ' (reminder)' : ''}`);
  }
}
