import { createHash } from 'crypto';
import { normalizeDn } from '../domain/access';
import { ConcurrencyConflict } from '../domain/errors';
import type { Clock } from '../ports/Clock';
import type { Store } from '../ports/Store';

/** One nudge to one person: the unit the ledger sends at most once. */
export interface NudgeKey {
  readonly account: string;
  readonly cycle: string;
  readonly stage: string;
  readonly recipientDn: string;
}

export type LedgerState = 'claimed' | 'delivered' | 'failed' | 'unreachable';

export interface LedgerEntry extends NudgeKey {
  readonly state: LedgerState;
  /** The sweeping instance that holds or last held the claim. */
  readonly by: string;
  readonly claimedAt: number;
  readonly attempts: number;
  readonly updatedAt: number;
  /** Why it failed (status, never message text from Teams). */
  readonly detail?: string;
}

export type Claim =
  | { readonly claimed: true; readonly eTag: string; readonly attempts: number }
  /** `since`: when the current holder claimed it (null when it lost the race and did not look). */
  | { readonly claimed: false; readonly reason: 'delivered' | 'in-progress' | 'lost-race'; readonly since: number | null };

export interface NudgeLedgerOptions {
  readonly instanceId: string;
  /** A claim older than this belongs to an instance that died mid-send: it may be taken over (default 15 min). */
  readonly claimTtlMs?: number;
  /** How long an entry is kept: longer than a rotation period, so a cycle's stages stay known (default 400 days). */
  readonly keepMs?: number;
}

export const LEDGER_PREFIX = 'nudge-ledger/';

/**
 * Which nudges went to whom, in the Store. A nudge is claimed before it is sent, with a conditional
 * write (ifNoneMatch for a new one, ifMatch to retry a failed one), so a second sweep, a restart or a
 * second instance finds it taken and does not send it again. Failed and unreachable entries stay
 * claimable: the next sweep tries them again, nothing is dropped silently.
 *
 * The one window left: an instance that dies after Teams accepted a message but before it wrote
 * "delivered" leaves a claim that another sweep takes over after `claimTtlMs`, and that one nudge may
 * then arrive twice. Sending nothing in that case would risk a nudge never arriving; we prefer twice.
 */
export class NudgeLedger {
  private readonly claimTtlMs: number;
  private readonly keepMs: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: NudgeLedgerOptions,
  ) {
    this.claimTtlMs = options.claimTtlMs ?? 15 * 60_000;
    this.keepMs = options.keepMs ?? 400 * 86_400_000;
  }

  static key(nudge: NudgeKey): string {
    const identity = JSON.stringify([nudge.account.toLowerCase(), nudge.cycle, nudge.stage, normalizeDn(nudge.recipientDn)]);
    return LEDGER_PREFIX + createHash('sha256').update(identity, 'utf8').digest('hex');
  }

  async claim(nudge: NudgeKey): Promise<Claim> {
    const key = NudgeLedger.key(nudge);
    const now = this.clock.now().getTime();
    const existing = await this.store.get<LedgerEntry>(key);
    if (existing?.value.state === 'delivered') return { claimed: false, reason: 'delivered', since: existing.value.claimedAt };
    if (existing?.value.state === 'claimed' && existing.value.claimedAt + this.claimTtlMs > now) {
      return { claimed: false, reason: 'in-progress', since: existing.value.claimedAt };
    }
    const attempts = (existing?.value.attempts ?? 0) + 1;
    const entry: LedgerEntry = {
      account: nudge.account,
      cycle: nudge.cycle,
      stage: nudge.stage,
      recipientDn: nudge.recipientDn,
      state: 'claimed',
      by: this.options.instanceId,
      claimedAt: now,
      attempts,
      updatedAt: now,
    };
    try {
      const eTag = await this.store.put(key, entry, {
        ...(existing ? { ifMatch: existing.eTag } : { ifNoneMatch: true as const }),
        ttlMs: this.keepMs,
      });
      return { claimed: true, eTag, attempts };
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return { claimed: false, reason: 'lost-race', since: now };
      throw error;
    }
  }

  /** Records how the send ended. Only the claim holder writes (ifMatch). */
  async settle(
    nudge: NudgeKey,
    claim: Extract<Claim, { claimed: true }>,
    state: Exclude<LedgerState, 'claimed'>,
    detail?: string,
  ): Promise<void> {
    const now = this.clock.now().getTime();
    const entry: LedgerEntry = {
      account: nudge.account,
      cycle: nudge.cycle,
      stage: nudge.stage,
      recipientDn: nudge.recipientDn,
      state,
      by: this.options.instanceId,
      claimedAt: now,
      attempts: claim.attempts,
      updatedAt: now,
      ...(detail === undefined ? {} : { detail }),
    };
    await this.store.put(NudgeLedger.key(nudge), entry, { ifMatch: claim.eTag, ttlMs: this.keepMs });
  }

  /** Every entry (for reports and tests). */
  async *entries(): AsyncIterable<LedgerEntry> {
    for await (const { value } of this.store.list<LedgerEntry>(LEDGER_PREFIX)) yield value;
  }
}
