import { createHash, randomUUID } from 'crypto';
import { normalizeDn } from '../domain/access';
import { ConcurrencyConflict } from '../domain/errors';
import type { Person, SharedAccount } from '../domain/model';
import {
  calendarDay,
  currentNeed,
  defaultNudgeOptions,
  isNudgeTime,
  isoDay,
  planNudges,
  responsiblePeople,
  type DayNumber,
  type Nudge,
  type NudgeOptions,
  type PlannedNudge,
} from '../domain/rotationNudges';
import type { Clock } from '../ports/Clock';
import type { Directory } from '../ports/Directory';
import type { Logger } from '../ports/Logger';
import type { NudgeDelivery, NudgeSender } from '../ports/NudgeSender';
import type { PeopleDirectory } from '../ports/PeopleDirectory';
import type { Store } from '../ports/Store';
import type { SweepLock } from '../ports/SweepLock';
import { NudgeLedger, type Claim, type NudgeKey } from './nudgeLedger';
import { NudgeSnoozes, type Snooze } from './nudgeSnooze';

export interface RotationNudgeDependencies {
  readonly directory: Directory;
  readonly people: PeopleDirectory;
  readonly store: Store;
  readonly clock: Clock;
  readonly sender: NudgeSender;
  readonly logger: Logger;
}

export interface RotationNudgeSettings {
  readonly nudges: NudgeOptions;
  /** Names this process in the ledger (default: a random id per process). */
  readonly instanceId: string;
  /** Nudges in flight at once; the sender keeps Teams' rate limits whatever this is. */
  readonly concurrency: number;
  /** For `npm run sweep -- --anytime`: send even on a weekend or at night. */
  readonly ignoreQuietHours: boolean;
}

export const defaultRotationNudgeSettings: RotationNudgeSettings = Object.freeze({
  nudges: defaultNudgeOptions,
  instanceId: randomUUID(),
  concurrency: 16,
  ignoreQuietHours: false,
});

/** What one sweep did: logged, stored for `npm run sweep -- --report`, returned to the caller. */
export interface SweepSummary {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Weekend or night: nothing was decided or sent. */
  readonly quiet: boolean;
  /** Another instance was sweeping: this one did nothing. */
  readonly skippedLocked: boolean;
  readonly accounts: number;
  readonly delivered: number;
  /** Already sent by an earlier sweep (or being sent by another instance right now). */
  readonly alreadySent: number;
  readonly snoozed: number;
  readonly failed: ReadonlyArray<{ readonly account: string; readonly stage: string; readonly recipientDn: string; readonly detail: string }>;
  /** People who should have been nudged but cannot be reached in Teams (never opened the bot, no install). */
  readonly unreachable: ReadonlyArray<{ readonly personDn: string; readonly displayName: string | null; readonly accounts: readonly string[] }>;
  /** Accounts with something to nudge about but nobody to tell (no manager, or no manager's manager for an escalation). */
  readonly withoutRecipient: readonly string[];
}

export const SWEEP_SUMMARY_KEY = 'sweep/summary/latest';

interface Task {
  readonly account: SharedAccount;
  /** For a password never set: the day Rotera first saw it so. */
  readonly unsetSince: DayNumber | undefined;
  readonly recipientDn: string;
  readonly planned: readonly PlannedNudge[];
  /** Escalations name the responsible manager. */
  readonly managerName: string | null;
}

/**
 * The rotation sweep: reads every shared account, decides from the rules which nudges are due today
 * and sends each (account, cycle, stage, person) at most once, recording it in the ledger. Failed and
 * unreachable sends stay open in the ledger and are tried again by the next sweep while their stage
 * lasts. Does nothing on weekends and at night.
 */
export async function sendRotationNudges(
  deps: RotationNudgeDependencies,
  settings: RotationNudgeSettings = defaultRotationNudgeSettings,
): Promise<SweepSummary> {
  const startedAt = deps.clock.now();
  const log = deps.logger.child({ component: 'sweep', instance: settings.instanceId });
  const options = settings.nudges;
  const counts = { accounts: 0, delivered: 0, alreadySent: 0, snoozed: 0 };
  const failed: Array<SweepSummary['failed'][number]> = [];
  const unreachable = new Map<string, { personDn: string; accounts: Set<string> }>();
  const withoutRecipient = new Set<string>();

  if (!settings.ignoreQuietHours && !isNudgeTime(startedAt, options)) {
    log.info({}, 'no reminders on weekends and at night: sweep skipped');
    return emptySummary(startedAt, deps.clock.now(), { quiet: true });
  }

  const ledger = new NudgeLedger(deps.store, deps.clock, { instanceId: settings.instanceId });
  const snoozes = new NudgeSnoozes(deps.store, deps.clock, options);
  const liveSnoozes = await snoozes.all();
  const today = calendarDay(startedAt, options.timeZone);
  const managers = new Map<string, Promise<Person | null>>();
  const managerOf = (dn: string) => {
    const key = normalizeDn(dn);
    let found = managers.get(key);
    if (!found) {
      found = deps.people.personByDn(dn);
      managers.set(key, found);
    }
    return found;
  };

  /** 'sent-today': another sweep of today (another instance, an earlier run) has it. */
  const deliverOnce = async (key: NudgeKey, nudge: Nudge): Promise<'delivered' | 'sent-today' | 'skipped' | 'open'> => {
    const claim = await ledger.claim(key);
    if (!claim.claimed) {
      counts.alreadySent += 1;
      const since = claim.since === null ? null : calendarDay(new Date(claim.since), options.timeZone);
      return since === today ? 'sent-today' : 'skipped';
    }
    const delivery = await sendSafely(deps.sender, key.recipientDn, nudge, log);
    await settle(ledger, key, claim, delivery, log);
    switch (delivery.kind) {
      case 'delivered':
        counts.delivered += 1;
        return 'delivered';
      case 'unreachable': {
        const entry = unreachable.get(normalizeDn(key.recipientDn)) ?? { personDn: key.recipientDn, accounts: new Set<string>() };
        entry.accounts.add(key.account);
        unreachable.set(normalizeDn(key.recipientDn), entry);
        return 'open';
      }
      case 'failed':
        failed.push({ account: key.account, stage: key.stage, recipientDn: key.recipientDn, detail: delivery.detail });
        return 'open';
    }
  };

  const recordMerged = async (key: NudgeKey): Promise<void> => {
    const claim = await ledger.claim(key);
    if (claim.claimed) await settle(ledger, key, claim, { kind: 'delivered' }, log, 'merged into the rotation nudge');
  };

  const runTask = async (task: Task): Promise<void> => {
    const { account, recipientDn } = task;
    const snoozeKey = NudgeSnoozes.key(account.name, recipientDn);
    const snooze: Snooze | undefined = task.planned.some((p) => p.audience === 'managers-manager') ? undefined : liveSnoozes.get(snoozeKey);
    if (snooze && today < snooze.untilDay) {
      counts.snoozed += task.planned.length;
      return;
    }
    /** The person got a card about this account today (from this sweep or another instance's). */
    let cardToday = false;
    let rotationCard = false;
    for (const planned of task.planned) {
      const key = keyOf(account, planned, recipientDn);
      if (planned.kind === 'register-mobile' && rotationCard) {
        // The rotation card just sent already asks for a mobile (with the button): one card, not two.
        await recordMerged(key);
        continue;
      }
      const outcome = await deliverOnce(key, nudgeOf(account, planned, task.managerName, false));
      // 'sent-today' too: when two instances race, what each decides must not depend on which one won.
      const sentToday = outcome === 'delivered' || outcome === 'sent-today';
      cardToday ||= sentToday;
      rotationCard ||= planned.kind === 'rotation' && sentToday;
    }
    if (!snooze) return;
    // The reminder the person asked for: unless a card went out today already, send what the account needs now.
    const need = cardToday ? null : currentNeed(account, startedAt, options, task.unsetSince);
    if (need) {
      const reminder = { ...need, stage: `reminder-${isoDay(snooze.untilDay)}` };
      const outcome = await deliverOnce(keyOf(account, reminder, recipientDn), nudgeOf(account, reminder, null, true));
      if (outcome === 'open') return; // keep the snooze so the next sweep tries again
    }
    await snoozes.clear(account.name, recipientDn);
  };

  const pool = new TaskPool(settings.concurrency);
  try {
    for await (const account of deps.directory.listSharedAccounts()) {
      counts.accounts += 1;
      const unsetSince = account.passwordLastSet === null && !account.disabled ? await firstSeenUnset(deps.store, account.name, today) : undefined;
      const plan = planNudges(account, startedAt, options, unsetSince);
      const responsible = responsiblePeople(account);
      const forResponsible = plan.filter((p) => p.audience === 'responsible');
      const snoozedHere = responsible.filter((dn) => liveSnoozes.has(NudgeSnoozes.key(account.name, dn)));
      if (forResponsible.length > 0 || snoozedHere.length > 0) {
        if (responsible.length === 0) withoutRecipient.add(account.name);
        for (const dn of responsible) await pool.add(() => runTask({ account, unsetSince, recipientDn: dn, planned: forResponsible, managerName: null }));
      }
      const escalation = plan.filter((p) => p.audience === 'managers-manager');
      if (escalation.length > 0) {
        // Looked up inside the pool: a directory round trip per manager must not hold up reading the accounts.
        await pool.add(async () => {
          const manager = account.managerDn === null ? null : await managerOf(account.managerDn);
          if (!manager?.managerDn) withoutRecipient.add(account.name);
          else await runTask({ account, unsetSince, recipientDn: manager.managerDn, planned: escalation, managerName: manager.displayName });
        });
      }
    }
  } finally {
    await pool.drain();
  }

  const people = await Promise.all(
    [...unreachable.values()].map(async (u) => ({
      personDn: u.personDn,
      displayName: (await deps.people.personByDn(u.personDn).catch(() => null))?.displayName ?? null,
      accounts: [...u.accounts].sort(),
    })),
  );
  const summary: SweepSummary = {
    startedAt: startedAt.toISOString(),
    finishedAt: deps.clock.now().toISOString(),
    quiet: false,
    skippedLocked: false,
    ...counts,
    failed,
    unreachable: people.sort((a, b) => a.personDn.localeCompare(b.personDn)),
    withoutRecipient: [...withoutRecipient].sort(),
  };
  await deps.store.put(SWEEP_SUMMARY_KEY, summary);
  log.info(
    {
      accounts: summary.accounts,
      delivered: summary.delivered,
      alreadySent: summary.alreadySent,
      snoozed: summary.snoozed,
      failed: summary.failed.length,
      unreachable: summary.unreachable.map((u) => u.personDn),
      withoutRecipient: summary.withoutRecipient,
    },
    'rotation sweep done',
  );
  return summary;
}

/** The sweep, run only by the instance that holds the lock. */
export async function sweepExclusively(
  lock: SweepLock,
  deps: RotationNudgeDependencies,
  settings: RotationNudgeSettings = defaultRotationNudgeSettings,
): Promise<SweepSummary> {
  const held = await lock.tryAcquire();
  if (!held) {
    deps.logger.info({ component: 'sweep' }, 'another instance is sweeping: this one waits for the next schedule');
    const now = deps.clock.now();
    return emptySummary(now, now, { skippedLocked: true });
  }
  try {
    return await sendRotationNudges(deps, settings);
  } finally {
    await held.release();
  }
}

/** The summary the last sweep stored, for the admin report. */
export async function lastSweepSummary(store: Store): Promise<SweepSummary | undefined> {
  return (await store.get<SweepSummary>(SWEEP_SUMMARY_KEY))?.value;
}

export const UNSET_PREFIX = 'nudge-unset/';
/** Longer without a sweep seeing the account unset (holidays, or the password was set meanwhile): count afresh. */
const UNSET_GAP_DAYS = 14;

interface UnsetRecord {
  readonly account: string;
  readonly since: DayNumber;
  readonly lastSeen: DayNumber;
}

/**
 * The day Rotera first saw an account's password as never set (or to be changed at next logon): the due day
 * its reminders count from. Shared by every instance through the store; the first writer's day wins.
 */
async function firstSeenUnset(store: Store, accountName: string, today: DayNumber): Promise<DayNumber> {
  const key = UNSET_PREFIX + createHash('sha256').update(accountName.toLowerCase(), 'utf8').digest('hex');
  const existing = await store.get<UnsetRecord>(key);
  const since = existing && today - existing.value.lastSeen <= UNSET_GAP_DAYS ? existing.value.since : today;
  if (existing?.value.lastSeen === today && existing.value.since === since) return since;
  try {
    await store.put<UnsetRecord>(key, { account: accountName, since, lastSeen: today }, {
      ...(existing ? { ifMatch: existing.eTag } : { ifNoneMatch: true as const }),
      ttlMs: 2 * UNSET_GAP_DAYS * 86_400_000,
    });
    return since;
  } catch (error) {
    if (!(error instanceof ConcurrencyConflict)) throw error;
    return (await store.get<UnsetRecord>(key))?.value.since ?? since;
  }
}

function keyOf(account: SharedAccount, planned: PlannedNudge, recipientDn: string): NudgeKey {
  return { account: account.name, cycle: planned.cycle, stage: planned.stage, recipientDn };
}

function nudgeOf(account: SharedAccount, planned: PlannedNudge, managerName: string | null, reminder: boolean): Nudge {
  return {
    kind: planned.kind,
    stage: planned.stage,
    accountName: account.name,
    accountDisplayName: account.displayName,
    dueAt: planned.dueAt,
    daysLeft: planned.daysLeft,
    hasMobile: account.recoveryMobile !== null,
    managerName,
    reminder,
  };
}

async function sendSafely(sender: NudgeSender, personDn: string, nudge: Nudge, log: Logger): Promise<NudgeDelivery> {
  try {
    return await sender.sendNudge(personDn, nudge);
  } catch (error) {
    // Store or directory trouble while resolving the person: recorded as failed, tried again next sweep.
    const name = error instanceof Error ? error.name : 'unknown';
    log.warn({ err: { name }, account: nudge.accountName, stage: nudge.stage }, 'nudge could not be sent');
    return { kind: 'failed', retryable: true, detail: name };
  }
}

async function settle(
  ledger: NudgeLedger,
  key: NudgeKey,
  claim: Extract<Claim, { claimed: true }>,
  delivery: NudgeDelivery,
  log: Logger,
  note?: string,
): Promise<void> {
  try {
    await ledger.settle(key, claim, delivery.kind, delivery.kind === 'failed' ? delivery.detail : note);
  } catch (error) {
    // Another instance took the claim over (ours had lapsed): its record wins.
    log.warn({ err: { name: error instanceof Error ? error.name : 'unknown' }, account: key.account, stage: key.stage }, 'ledger entry not updated');
  }
}

function emptySummary(startedAt: Date, finishedAt: Date, flags: Partial<Pick<SweepSummary, 'quiet' | 'skippedLocked'>>): SweepSummary {
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    quiet: flags.quiet ?? false,
    skippedLocked: flags.skippedLocked ?? false,
    accounts: 0,
    delivered: 0,
    alreadySent: 0,
    snoozed: 0,
    failed: [],
    unreachable: [],
    withoutRecipient: [],
  };
}

/** Runs at most `size` tasks at once; `add` waits for a free slot, so a huge directory never piles up in memory. */
class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private firstError: unknown = null;

  constructor(private readonly size: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= Math.max(1, this.size)) await Promise.race(this.running);
    const run = task()
      .catch((error: unknown) => {
        this.firstError ??= error;
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    if (this.firstError !== null) throw this.firstError;
  }
}
