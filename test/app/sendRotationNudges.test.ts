import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryDirectory, type MemoryAccountSeed } from '../../src/adapters/memory/MemoryDirectory';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { NudgeLedger } from '../../src/app/nudgeLedger';
import { NudgeSnoozes } from '../../src/app/nudgeSnooze';
import { lastSweepSummary, sendRotationNudges, type RotationNudgeSettings } from '../../src/app/sendRotationNudges';
import { normalizeDn } from '../../src/domain/access';
import { DirectoryUnavailable } from '../../src/domain/errors';
import type { Person } from '../../src/domain/model';
import { addMonths } from '../../src/domain/rotation';
import { calendarDay, defaultNudgeOptions, isoDay, isWorkingDay } from '../../src/domain/rotationNudges';
import type { Store } from '../../src/ports/Store';
import { RecordingNudgeSender } from '../support/recordingNudgeSender';

const logger = createPinoLogger({ level: 'silent' });
const DAY = 86_400_000;
/** Wednesday 25 November 2026 at 08:30 in Stockholm: the schedule's default time. */
const START = Date.parse('2026-11-25T07:30:00Z');

const dn = (name: string) => `CN=${name},OU=Staff,DC=rotera,DC=example`;
const BOSS = dn('Boss Berg');
const person = (name: string, managerDn: string | null = BOSS): Person => ({
  dn: dn(name),
  displayName: name,
  userPrincipalName: null,
  email: null,
  aadObjectId: null,
  workMobile: null,
  managerDn,
});

function account(name: string, fields: Partial<MemoryAccountSeed> & { managerDn: string | null }): MemoryAccountSeed {
  return {
    name,
    displayName: `Enhet ${name}`,
    dn: `CN=${name},OU=Shared,DC=rotera,DC=example`,
    delegateDns: [],
    recoveryMobile: '+46701234567',
    passwordLastSet: new Date(START),
    locked: false,
    disabled: false,
    password: 'Not-used-here-9',
    ...fields,
  };
}

/** Last set so that the password falls due on this Stockholm date (three months later, 10:00 UTC). */
const lastSetForDue = (dueIso: string) => addMonths(new Date(`${dueIso}T10:00:00Z`), -3);

function settings(instanceId: string, overrides: Partial<RotationNudgeSettings> = {}): RotationNudgeSettings {
  return { nudges: defaultNudgeOptions, instanceId, concurrency: 8, ignoreQuietHours: false, ...overrides };
}

function sweep(directory: MemoryDirectory, store: Store, clock: ManualClock, sender: RecordingNudgeSender, instanceId = 'one', overrides: Partial<RotationNudgeSettings> = {}) {
  return sendRotationNudges({ directory, people: directory, store, clock, sender, logger }, settings(instanceId, overrides));
}

const dayOf = (at: number) => isoDay(calendarDay(new Date(at), 'Europe/Stockholm'));

describe('a simulated quarter: 120 days, 50 accounts, a sweep every morning', () => {
  const managers = Array.from({ length: 10 }, (_, i) => person(`Manager ${i}`));
  const delegates = Array.from({ length: 7 }, (_, i) => person(`Delegate ${i}`));
  const anna = person('Anna Lindqvist');
  const erik = person('Erik Johansson');
  const people = [person('Boss Berg', null), ...managers, ...delegates, anna, erik];

  const generated = Array.from({ length: 46 }, (_, k) =>
    account(`konto${String(k).padStart(2, '0')}`, {
      managerDn: managers[k % 10]!.dn,
      delegateDns: k % 3 === 0 ? [delegates[k % 7]!.dn] : [],
      recoveryMobile: k % 10 === 9 ? null : '+46701234567',
      // Last changes from 100 to 10 days before the start: due dates from about a week overdue to ~80 days ahead.
      passwordLastSet: new Date(START - (100 - 2 * k) * DAY),
    }),
  );
  const special = [
    account('almby', { managerDn: anna.dn, delegateDns: [erik.dn], passwordLastSet: lastSetForDue('2026-12-09') }),
    account('vaster', { managerDn: anna.dn, delegateDns: [erik.dn], passwordLastSet: lastSetForDue('2026-12-19') }),
    account('nomobile', { managerDn: managers[1]!.dn, recoveryMobile: null, passwordLastSet: new Date(START) }),
    account('neverset', { managerDn: managers[2]!.dn, passwordLastSet: null, mustChange: true }),
  ];

  const clock = new ManualClock(START);
  const directory = new MemoryDirectory({ accounts: [...generated, ...special], people }, { clock });
  const store = new MemoryStore(clock);
  let sender = new RecordingNudgeSender(clock);
  /** Every sender of every "process", for the assertions over the whole quarter. */
  const all: RecordingNudgeSender[] = [sender];
  /** Accounts whose manager changes the password the morning after the first overdue reminder. */
  const changesAfterOverdue = new Set(generated.filter((_, k) => k % 4 === 0).map((a) => a.name));
  const changedOn = new Map<string, string>();
  let secondSweepsSent = 0;

  beforeAll(async () => {
    for (let day = 0; day < 120; day += 1) {
      const morning = START + day * DAY;
      // People act before the sweep: those nudged overdue yesterday change the password at 08:00.
      clock.set(morning - 30 * 60_000);
      for (const name of changesAfterOverdue) {
        const nudged = sender.sent.some((s) => s.nudge.accountName === name && s.nudge.stage === 'overdue-1');
        if (nudged && !changedOn.has(name)) {
          directory.update(name, { passwordLastSet: clock.now() });
          changedOn.set(name, dayOf(clock.now().getTime()));
        }
      }
      if (dayOf(morning) === '2026-12-23') {
        directory.update('almby', { passwordLastSet: new Date(morning - 60 * 60_000) });
      }
      clock.set(morning);
      await sweep(directory, store, clock, sender);
      if (day % 5 === 2) {
        // A restart at noon: a new process with a new sender, same store. The ledger must hold it back.
        sender = new RecordingNudgeSender(clock);
        all.push(sender);
        clock.set(morning + 4 * 60 * 60_000);
        await sweep(directory, store, clock, sender, `restarted-${day}`);
        secondSweepsSent += sender.sent.length;
      }
    }
  });

  const sent = () => all.flatMap((s) => s.sent);
  const timeline = (personDn: string, accountName: string) => all.flatMap((s) => s.timeline(personDn, accountName)).sort();

  it('reminds about an account due on a Wednesday 14, 7 and 1 days before, on the day, then every third working day until it is changed, and starts over for the next cycle', () => {
    expect(timeline(anna.dn, 'almby')).toEqual([
      '2026-11-25 rotation:before-14',
      '2026-12-02 rotation:before-7',
      '2026-12-08 rotation:before-1',
      '2026-12-09 rotation:due',
      '2026-12-14 rotation:overdue-1',
      '2026-12-17 rotation:overdue-2',
      '2026-12-22 rotation:overdue-3',
      '2027-03-09 rotation:before-14',
      '2027-03-16 rotation:before-7',
      '2027-03-22 rotation:before-1',
      '2027-03-23 rotation:due',
    ]);
  });

  it('sends the same nudges to the delegate as to the manager', () => {
    expect(timeline(erik.dn, 'almby')).toEqual(timeline(anna.dn, 'almby'));
    expect(timeline(erik.dn, 'vaster')).toEqual(timeline(anna.dn, 'vaster'));
  });

  it('moves reminders that fall on a weekend or holiday to the next working day, and keeps reminding while overdue', () => {
    // Due Saturday 19 December: 14 days before is a Saturday, 7 days before too, the due day as well.
    expect(timeline(anna.dn, 'vaster').slice(0, 9)).toEqual([
      '2026-12-07 rotation:before-14',
      '2026-12-14 rotation:before-7',
      '2026-12-18 rotation:before-1',
      '2026-12-21 rotation:due',
      // Every 3 working days; julafton, juldagen, nyårsafton, nyårsdagen and trettondedag jul are off.
      '2026-12-28 rotation:overdue-1',
      '2027-01-04 rotation:overdue-2',
      '2027-01-08 rotation:overdue-3',
      '2027-01-13 rotation:overdue-4',
      '2027-01-18 rotation:overdue-5',
    ]);
  });

  it("tells the manager's manager once, on the first working day an account is more than 14 days overdue", () => {
    expect(timeline(BOSS, 'vaster')).toEqual(['2027-01-04 escalation:escalation']);
    expect(timeline(BOSS, 'almby')).toEqual([]);
    const escalation = sent().find((s) => s.personDn === BOSS && s.nudge.accountName === 'vaster');
    expect(escalation?.nudge.managerName).toBe('Anna Lindqvist');
  });

  it('asks for a recovery mobile once a week, on the first working day of the week', () => {
    const register = timeline(managers[1]!.dn, 'nomobile').filter((l) => l.includes('register-mobile'));
    expect(register.slice(0, 3)).toEqual([
      '2026-11-25 register-mobile:week-2026-11-23',
      '2026-11-30 register-mobile:week-2026-11-30',
      '2026-12-07 register-mobile:week-2026-12-07',
    ]);
    for (const line of register) expect(new Date(`${line.slice(0, 10)}T12:00:00Z`).getUTCDay() === 1 || line.startsWith('2026-11-25')).toBe(true);
    // 18 weeks; on Monday 15 March the overdue rotation card (which asks for a mobile too) is the week's one card.
    expect(register).toHaveLength(17);
    expect(register.some((l) => l.startsWith('2027-03-15'))).toBe(false);
    expect(timeline(managers[1]!.dn, 'nomobile').filter((l) => l.startsWith('2027-03-15'))).toEqual(['2027-03-15 rotation:overdue-4']);
    const merged = sent().find((s) => s.nudge.accountName === 'nomobile' && s.day === '2027-03-15');
    expect(merged?.nudge.hasMobile).toBe(false);
  });

  it('treats a password that was never set as due the day Rotera first saw it: then every third working day, and escalated after 14 days', () => {
    const lines = timeline(managers[2]!.dn, 'neverset');
    expect(lines.slice(0, 4)).toEqual(['2026-11-25 rotation:due', '2026-11-30 rotation:overdue-1', '2026-12-03 rotation:overdue-2', '2026-12-08 rotation:overdue-3']);
    const days = lines.map((l) => calendarDay(new Date(`${l.slice(0, 10)}T12:00:00Z`), 'UTC'));
    for (let i = 1; i < days.length; i += 1) {
      let working = 0;
      for (let d = days[i - 1]! + 1; d <= days[i]!; d += 1) if (isWorkingDay(d)) working += 1;
      expect(working).toBe(3);
    }
    // Manager 2's manager is the boss: told once, on the first working day more than 14 days after 25 November.
    expect(timeline(BOSS, 'neverset')).toEqual(['2026-12-10 escalation:escalation']);
  });

  it('never sends on a weekend', () => {
    for (const s of sent()) expect(isWorkingDay(calendarDay(s.at, 'Europe/Stockholm'))).toBe(true);
  });

  it('sends each (account, cycle, stage, person) at most once, restarts included', () => {
    const keys = sent().map((s) => `${s.nudge.accountName}|${s.nudge.dueAt.toISOString().slice(0, 10)}|${s.nudge.stage}|${normalizeDn(s.personDn)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(secondSweepsSent).toBe(0);
  });

  it('stops the old cycle once the password is changed, and starts the next one 14 days before the new due date', () => {
    expect(changedOn.size).toBe(9);
    for (const [name, day] of changedOn) {
      const mine = sent().filter((s) => s.nudge.accountName === name && s.nudge.kind === 'rotation').sort((a, b) => a.at.getTime() - b.at.getTime());
      const before = mine.filter((s) => s.day < day);
      const after = mine.filter((s) => s.day >= day);
      const oldDue = before[0]!.nudge.dueAt.getTime();
      expect(after.every((s) => s.nudge.dueAt.getTime() !== oldDue)).toBe(true);
      if (after.length > 0) expect(after[0]).toMatchObject({ nudge: { stage: 'before-14' } });
      expect(after[0]?.nudge.dueAt.getTime() ?? Infinity).toBeGreaterThan(oldDue);
    }
  });

  it('gives every account with a mobile that fell due within the quarter its 14-day, 7-day and due-day nudge', () => {
    const windowEnd = dayOf(START + 119 * DAY);
    for (const seed of generated.filter((a) => a.recoveryMobile !== null)) {
      const due = addMonths(seed.passwordLastSet!, 3);
      const dueDay = dayOf(due.getTime());
      if (dueDay < dayOf(START + 15 * DAY) || dueDay > windowEnd) continue;
      const stages = timeline(seed.managerDn!, seed.name).filter((l) => l.includes(`rotation:`)).map((l) => l.split(' ')[1]);
      expect(stages).toEqual(expect.arrayContaining(['rotation:before-14', 'rotation:before-7', 'rotation:due']));
    }
  });

  it('keeps overdue reminders exactly three working days apart', () => {
    for (const seed of [...generated, ...special]) {
      const overdue = timeline(seed.managerDn!, seed.name).filter((l) => /rotation:(due|overdue-)/.test(l));
      for (let i = 1; i < overdue.length; i += 1) {
        const [prevDay, prevStage] = overdue[i - 1]!.split(' ');
        // The very first sweep catches up in the middle of a step; from then on the rhythm holds.
        if (prevDay === dayOf(START)) continue;
        const [day, stage] = overdue[i]!.split(' ');
        if (!prevStage!.startsWith('rotation:overdue') || !stage!.startsWith('rotation:overdue')) continue;
        let working = 0;
        const from = calendarDay(new Date(`${prevDay}T12:00:00Z`), 'UTC');
        const to = calendarDay(new Date(`${day}T12:00:00Z`), 'UTC');
        for (let d = from + 1; d <= to; d += 1) if (isWorkingDay(d)) working += 1;
        expect(working).toBe(3);
      }
    }
  });
});

describe('sendRotationNudges', () => {
  const anna = person('Anna Lindqvist');
  const erik = person('Erik Johansson');

  function setup(seeds: MemoryAccountSeed[], start = START) {
    const clock = new ManualClock(start);
    const directory = new MemoryDirectory({ accounts: seeds, people: [person('Boss Berg', null), anna, erik] }, { clock });
    const store = new MemoryStore(clock);
    const sender = new RecordingNudgeSender(clock);
    return { clock, directory, store, sender };
  }

  it('does nothing at night or on a weekend', async () => {
    const { clock, directory, store, sender } = setup([account('almby', { managerDn: anna.dn, passwordLastSet: lastSetForDue('2026-11-28') })]);
    clock.set(Date.parse('2026-11-28T08:30:00Z'));
    expect((await sweep(directory, store, clock, sender)).quiet).toBe(true);
    clock.set(Date.parse('2026-11-26T03:00:00Z'));
    expect((await sweep(directory, store, clock, sender)).quiet).toBe(true);
    expect(sender.sent).toEqual([]);
  });

  it('sends anyway when told to ignore quiet hours (the on-demand --anytime sweep)', async () => {
    const { clock, directory, store, sender } = setup([account('almby', { managerDn: anna.dn, passwordLastSet: lastSetForDue('2026-12-02') })]);
    clock.set(Date.parse('2026-11-28T20:00:00Z'));
    await sweep(directory, store, clock, sender, 'one', { ignoreQuietHours: true });
    expect(sender.timeline(anna.dn, 'almby')).toEqual(['2026-11-28 rotation:before-7']);
  });

  it('retries a failed send on the next sweep and records it in between', async () => {
    const { clock, directory, store, sender } = setup([account('almby', { managerDn: anna.dn, delegateDns: [erik.dn], passwordLastSet: lastSetForDue('2026-12-02') })]);
    sender.failing.add(normalizeDn(anna.dn));
    const first = await sweep(directory, store, clock, sender);
    expect(first.failed).toEqual([{ account: 'almby', stage: 'before-7', recipientDn: anna.dn, detail: 'Teams answered 503' }]);
    expect(first.delivered).toBe(1);
    const entries: string[] = [];
    for await (const e of new NudgeLedger(store, clock, { instanceId: 'x' }).entries()) entries.push(`${e.recipientDn}:${e.state}`);
    expect(entries.sort()).toEqual([`${anna.dn}:failed`, `${erik.dn}:delivered`].sort());

    sender.failing.clear();
    clock.advance(DAY);
    const second = await sweep(directory, store, clock, sender);
    expect(second).toMatchObject({ delivered: 1, alreadySent: 1, failed: [] });
    expect(sender.timeline(anna.dn, 'almby')).toEqual(['2026-11-26 rotation:before-7']);
    expect(sender.timeline(erik.dn, 'almby')).toEqual(['2026-11-25 rotation:before-7']);
  });

  it('lists unreachable people in the summary it stores, and tries them again next time', async () => {
    const { clock, directory, store, sender } = setup([
      account('almby', { managerDn: anna.dn, passwordLastSet: lastSetForDue('2026-12-02') }),
      account('vaster', { managerDn: anna.dn, recoveryMobile: null, passwordLastSet: new Date(START) }),
    ]);
    sender.unreachable.add(normalizeDn(anna.dn));
    await sweep(directory, store, clock, sender);
    const stored = await lastSweepSummary(store);
    expect(stored?.unreachable).toEqual([{ personDn: anna.dn, displayName: 'Anna Lindqvist', accounts: ['almby', 'vaster'] }]);
    const attempts = sender.attempts;
    clock.advance(DAY);
    await sweep(directory, store, clock, sender);
    expect(sender.attempts).toBe(attempts + 2);
  });

  it('says which accounts have nobody to nudge', async () => {
    const { clock, directory, store, sender } = setup([account('orphan', { managerDn: null, passwordLastSet: lastSetForDue('2026-12-02') })]);
    expect((await sweep(directory, store, clock, sender)).withoutRecipient).toEqual(['orphan']);
  });

  it('stops with DirectoryUnavailable when the directory is down, and the next sweep does the work', async () => {
    const { clock, directory, store, sender } = setup([account('almby', { managerDn: anna.dn, passwordLastSet: lastSetForDue('2026-12-02') })]);
    directory.setUnavailable(true);
    await expect(sweep(directory, store, clock, sender)).rejects.toThrow(DirectoryUnavailable);
    expect(sender.sent).toEqual([]);
    directory.setUnavailable(false);
    clock.advance(60 * 60_000);
    expect((await sweep(directory, store, clock, sender)).delivered).toBe(1);
  });

  it('skips disabled accounts', async () => {
    const { clock, directory, store, sender } = setup([account('gone', { managerDn: anna.dn, disabled: true, passwordLastSet: lastSetForDue('2026-11-25') })]);
    await sweep(directory, store, clock, sender);
    expect(sender.sent).toEqual([]);
  });

  it('never sends twice when two instances sweep the same store at the same moment', async () => {
    const seeds = Array.from({ length: 30 }, (_, k) =>
      account(`konto${k}`, { managerDn: anna.dn, delegateDns: [erik.dn], recoveryMobile: k % 5 === 0 ? null : '+46701234567', passwordLastSet: new Date(START - (95 - k) * DAY) }),
    );
    const { clock, directory, store } = setup(seeds);
    const a = new RecordingNudgeSender(clock, true);
    const b = new RecordingNudgeSender(clock, true);
    const [first, second] = await Promise.all([sweep(directory, store, clock, a, 'a'), sweep(directory, store, clock, b, 'b')]);
    const keys = [...a.sent, ...b.sent].map((s) => `${s.nudge.accountName}|${s.nudge.stage}|${s.personDn}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Both did some of the work; together exactly what one sweep alone would have sent.
    const alone = setup(seeds);
    await sweep(alone.directory, alone.store, alone.clock, alone.sender);
    expect(keys.length).toBe(alone.sender.sent.length);
    expect(first.delivered + second.delivered).toBe(alone.sender.sent.length);
    expect(a.sent.length).toBeGreaterThan(0);
    expect(b.sent.length).toBeGreaterThan(0);
  });
});

describe('"Påminn mig i morgon"', () => {
  const anna = person('Anna Lindqvist');
  const erik = person('Erik Johansson');

  function setup(dueIso: string, start = START) {
    const clock = new ManualClock(start);
    const seeds = [account('almby', { managerDn: anna.dn, delegateDns: [erik.dn], passwordLastSet: lastSetForDue(dueIso) })];
    const directory = new MemoryDirectory({ accounts: seeds, people: [anna, erik] }, { clock });
    const store = new MemoryStore(clock);
    const sender = new RecordingNudgeSender(clock);
    const snoozes = new NudgeSnoozes(store, clock, defaultNudgeOptions);
    return { clock, directory, store, sender, snoozes };
  }

  it('reminds only the person who asked, at the next working day\'s sweep, once', async () => {
    const { clock, directory, store, sender, snoozes } = setup('2026-12-02');
    await sweep(directory, store, clock, sender);
    clock.advance(2 * 60 * 60_000);
    expect((await snoozes.snooze('almby', anna.dn)).untilIso).toBe('2026-11-26');
    for (let day = 1; day <= 3; day += 1) {
      clock.set(START + day * DAY);
      await sweep(directory, store, clock, sender);
    }
    expect(sender.timeline(anna.dn, 'almby')).toEqual(['2026-11-25 rotation:before-7', '2026-11-26 rotation:reminder-2026-11-26 (reminder)']);
    expect(sender.timeline(erik.dn, 'almby')).toEqual(['2026-11-25 rotation:before-7']);
    expect(await snoozes.all()).toEqual(new Map());
  });

  it('on a Friday, reminds on Monday and not over the weekend', async () => {
    const friday = Date.parse('2026-11-27T07:30:00Z');
    const { clock, directory, store, sender, snoozes } = setup('2026-12-04', friday);
    await sweep(directory, store, clock, sender);
    expect((await snoozes.snooze('almby', anna.dn)).untilIso).toBe('2026-11-30');
    for (let day = 1; day <= 3; day += 1) {
      clock.set(friday + day * DAY);
      await sweep(directory, store, clock, sender, 'one', { ignoreQuietHours: true });
    }
    expect(sender.timeline(anna.dn, 'almby')).toEqual(['2026-11-27 rotation:before-7', '2026-11-30 rotation:reminder-2026-11-30 (reminder)']);
  });

  it('sends a new stage instead of the reminder when one falls on the reminder day', async () => {
    // Due Thursday 3 December: the 1-day nudge on Wednesday is snoozed; Thursday's due-day nudge is the reminder.
    const wednesday = Date.parse('2026-12-02T07:30:00Z');
    const { clock, directory, store, sender, snoozes } = setup('2026-12-03', wednesday);
    await sweep(directory, store, clock, sender);
    await snoozes.snooze('almby', anna.dn);
    clock.set(wednesday + DAY);
    await sweep(directory, store, clock, sender);
    expect(sender.timeline(anna.dn, 'almby')).toEqual(['2026-12-02 rotation:before-1', '2026-12-03 rotation:due']);
    expect(await snoozes.all()).toEqual(new Map());
  });

  it('gives one card, not a stage and a reminder, when two instances sweep on the reminder day', async () => {
    const wednesday = Date.parse('2026-12-02T07:30:00Z');
    const { clock, directory, store, sender, snoozes } = setup('2026-12-03', wednesday);
    await sweep(directory, store, clock, sender);
    await snoozes.snooze('almby', anna.dn);
    clock.set(wednesday + DAY);
    const a = new RecordingNudgeSender(clock, true);
    const b = new RecordingNudgeSender(clock, true);
    await Promise.all([sweep(directory, store, clock, a, 'a'), sweep(directory, store, clock, b, 'b')]);
    expect([...a.timeline(anna.dn, 'almby'), ...b.timeline(anna.dn, 'almby')]).toEqual(['2026-12-03 rotation:due']);
  });

  it('drops the reminder when the password was changed meanwhile', async () => {
    const { clock, directory, store, sender, snoozes } = setup('2026-12-02');
    await sweep(directory, store, clock, sender);
    await snoozes.snooze('almby', anna.dn);
    directory.update('almby', { passwordLastSet: new Date(START + 60 * 60_000) });
    clock.set(START + DAY);
    await sweep(directory, store, clock, sender);
    expect(sender.timeline(anna.dn, 'almby')).toEqual(['2026-11-25 rotation:before-7']);
    expect(await snoozes.all()).toEqual(new Map());
  });

  it('keeps snoozed people out of the sweep the same day', async () => {
    const { clock, directory, store, sender, snoozes } = setup('2026-12-09');
    await snoozes.snooze('almby', anna.dn);
    const summary = await sweep(directory, store, clock, sender);
    expect(summary.snoozed).toBe(1);
    expect(sender.timeline(anna.dn, 'almby')).toEqual([]);
    expect(sender.timeline(erik.dn, 'almby')).toEqual(['2026-11-25 rotation:before-14']);
  });
});
