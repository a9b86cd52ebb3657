import { addMonths } from '../../src/domain/rotation';
import {
  calendarDay,
  currentNeed,
  defaultNudgeOptions,
  isNudgeTime,
  isoDay,
  nextWorkingDay,
  planNudges,
  responsiblePeople,
} from '../../src/domain/rotationNudges';

/** Wednesday 25 November 2026, 08:30 in Stockholm. */
const NOW = new Date('2026-11-25T07:30:00Z');

/** An account whose password falls due on `dueIso` (10:00 UTC), three months after its last change. */
function dueOn(dueIso: string, extra: { recoveryMobile?: string | null; disabled?: boolean } = {}) {
  return {
    passwordLastSet: addMonths(new Date(`${dueIso}T10:00:00Z`), -3),
    recoveryMobile: extra.recoveryMobile === undefined ? '+46701234567' : extra.recoveryMobile,
    disabled: extra.disabled ?? false,
  };
}

const stages = (account: Parameters<typeof planNudges>[0], now = NOW) => planNudges(account, now).map((p) => `${p.kind}:${p.stage}`);

describe('isNudgeTime', () => {
  it.each([
    ['a Wednesday morning', '2026-11-25T07:30:00Z', true],
    ['a Saturday morning', '2026-11-28T07:30:00Z', false],
    ['a Sunday', '2026-11-29T10:00:00Z', false],
    ['before 07:00 in Stockholm', '2026-11-25T05:30:00Z', false],
    ['19:00 in Stockholm or later', '2026-11-25T18:00:00Z', false],
    ['18:59 in Stockholm', '2026-11-25T17:59:00Z', true],
    ['08:30 in summer time', '2026-06-17T06:30:00Z', true],
  ])('on %s: %p', (_label, iso, expected) => {
    expect(isNudgeTime(new Date(iso))).toBe(expected);
  });

  it('keeps a configured public holiday quiet', () => {
    expect(isNudgeTime(new Date('2026-12-24T08:00:00Z'), { ...defaultNudgeOptions, holidays: new Set(['2026-12-24']) })).toBe(false);
  });
});

describe('a password the directory reports as expired', () => {
  it('is due now although our rotation date is weeks away: one due-day reminder per password', () => {
    const account = { ...dueOn('2027-01-20'), passwordExpired: true };
    const [plan] = planNudges(account, NOW);
    expect(planNudges(account, NOW).map((p) => `${p.kind}:${p.stage}`)).toEqual(['rotation:due']);
    expect(plan).toMatchObject({ cycle: 'expired-2026-10-20', daysLeft: 0, dueAt: NOW });
    expect(stages(dueOn('2027-01-20'))).toEqual([]);
    expect(currentNeed(account, NOW)).toMatchObject({ stage: 'due', cycle: 'expired-2026-10-20' });
  });

  it('changes nothing once our own due date has come', () => {
    expect(stages({ ...dueOn('2026-11-20'), passwordExpired: true })).toEqual(stages(dueOn('2026-11-20')));
  });
});

describe('Swedish public holidays', () => {
  it('keeps midsommarafton quiet, unless public holidays are switched off', () => {
    const midsommarafton = new Date('2026-06-19T06:30:00Z');
    expect(isNudgeTime(midsommarafton)).toBe(false);
    expect(isNudgeTime(midsommarafton, { ...defaultNudgeOptions, publicHolidays: 'none' })).toBe(true);
    expect(isNudgeTime(new Date('2026-06-18T06:30:00Z'))).toBe(true);
  });

  it('moves a reminder due on midsommarafton to the next working day, and counts overdue days from there', () => {
    const due = dueOn('2026-06-19');
    // Monday 22 June is the first working day on or after the due date: the due-day reminder.
    expect(stages(due, new Date('2026-06-22T06:30:00Z'))).toEqual(['rotation:due']);
    expect(stages(due, new Date('2026-06-24T06:30:00Z'))).toEqual(['rotation:due']);
    expect(stages(due, new Date('2026-06-25T06:30:00Z'))).toEqual(['rotation:overdue-1']);
    expect(isoDay(nextWorkingDay(calendarDay(new Date('2026-06-18T10:00:00Z'), 'Europe/Stockholm')))).toBe('2026-06-22');
  });

  it('skips julafton to nyårsdagen in the overdue rhythm', () => {
    // Due Monday 21 December: 22, 23 and 28 December are the first three working days after it, then
    // 29, 30 December and 4 January (nyårsafton and nyårsdagen are off).
    expect(stages(dueOn('2026-12-21'), new Date('2026-12-23T07:30:00Z'))).toEqual(['rotation:due']);
    expect(stages(dueOn('2026-12-21'), new Date('2026-12-28T07:30:00Z'))).toEqual(['rotation:overdue-1']);
    expect(stages(dueOn('2026-12-21'), new Date('2027-01-04T07:30:00Z'))).toEqual(['rotation:overdue-2']);
  });
});

describe('planNudges: the rotation stages', () => {
  it.each([
    ['due in 15 days: nothing yet', '2026-12-10', []],
    ['due in 14 days', '2026-12-09', ['rotation:before-14']],
    ['due in 8 days: still the 14-day stage', '2026-12-03', ['rotation:before-14']],
    ['due in 7 days', '2026-12-02', ['rotation:before-7']],
    ['due in 2 days: still the 7-day stage', '2026-11-27', ['rotation:before-7']],
    ['due tomorrow', '2026-11-26', ['rotation:before-1']],
    ['due today', '2026-11-25', ['rotation:due']],
    ['due Monday, two working days ago: still the due-day stage', '2026-11-23', ['rotation:due']],
    ['due last Friday, three working days ago', '2026-11-20', ['rotation:overdue-1']],
    ['due last Saturday: counted from Monday', '2026-11-21', ['rotation:due']],
    ['due 11 working days ago', '2026-11-10', ['rotation:overdue-3', 'escalation:escalation']],
    ['due exactly 14 days ago: not escalated yet', '2026-11-11', ['rotation:overdue-3']],
  ])('%s', (_label, dueIso, expected) => {
    expect(stages(dueOn(dueIso))).toEqual(expected);
  });

  it('names the rotation cycle after the due date, so a new change starts a new cycle', () => {
    const [plan] = planNudges(dueOn('2026-12-02'), NOW);
    expect(plan).toMatchObject({ cycle: '2026-12-02', daysLeft: 7, audience: 'responsible' });
  });

  it('sends the escalation to the manager\'s manager', () => {
    const escalation = planNudges(dueOn('2026-11-01'), NOW).find((p) => p.kind === 'escalation');
    expect(escalation).toMatchObject({ audience: 'managers-manager', stage: 'escalation', daysLeft: -24 });
  });

  it('nudges every third working day while a never-set password stays unset', () => {
    const account = { passwordLastSet: null, recoveryMobile: '+46701234567', disabled: false };
    const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02'];
    const keys = days.map((d) => planNudges(account, new Date(`${d}T07:30:00Z`))[0]?.stage);
    expect(new Set(keys).size).toBe(3);
    for (const plan of days.map((d) => planNudges(account, new Date(`${d}T07:30:00Z`))[0])) expect(plan?.cycle).toBe('unset');
  });

  it('counts a never-set password from the day Rotera first saw it, escalating after 14 days', () => {
    const account = { passwordLastSet: null, recoveryMobile: '+46701234567', disabled: false };
    const friday = calendarDay(new Date('2026-11-20T12:00:00Z'), 'Europe/Stockholm');
    expect(planNudges(account, NOW, defaultNudgeOptions, friday)).toEqual([
      expect.objectContaining({ kind: 'rotation', cycle: 'unset-2026-11-20', stage: 'overdue-1', daysLeft: -5 }),
    ]);
    expect(planNudges(account, NOW, defaultNudgeOptions, friday - 11).map((p) => `${p.kind}:${p.stage}`)).toEqual(['rotation:overdue-4', 'escalation:escalation']);
  });

  it('plans nothing for a disabled account', () => {
    expect(planNudges(dueOn('2026-11-25', { disabled: true, recoveryMobile: null }), NOW)).toEqual([]);
  });
});

describe('planNudges: no recovery mobile', () => {
  it('asks for a mobile once per week, keyed by the week\'s Monday', () => {
    const account = dueOn('2027-02-01', { recoveryMobile: null });
    expect(stages(account)).toEqual(['register-mobile:week-2026-11-23']);
    expect(stages(account, new Date('2026-11-27T07:30:00Z'))).toEqual(['register-mobile:week-2026-11-23']);
    expect(stages(account, new Date('2026-11-30T07:30:00Z'))).toEqual(['register-mobile:week-2026-11-30']);
  });

  it('asks for it next to a rotation nudge when both are needed', () => {
    expect(stages(dueOn('2026-11-26', { recoveryMobile: null }))).toEqual(['rotation:before-1', 'register-mobile:week-2026-11-23']);
  });
});

describe('calendar helpers', () => {
  it('moves "tomorrow" on a Friday to Monday and over holidays', () => {
    const friday = calendarDay(new Date('2026-11-27T12:00:00Z'), 'Europe/Stockholm');
    expect(isoDay(nextWorkingDay(friday))).toBe('2026-11-30');
    const dec23 = calendarDay(new Date('2026-12-23T12:00:00Z'), 'Europe/Stockholm');
    expect(isoDay(nextWorkingDay(dec23, { holidays: new Set(['2026-12-24', '2026-12-25']) }))).toBe('2026-12-28');
  });

  it('counts the calendar day in Stockholm, not in UTC', () => {
    expect(isoDay(calendarDay(new Date('2026-11-25T23:30:00Z'), 'Europe/Stockholm'))).toBe('2026-11-26');
  });

  it('lists each responsible person once', () => {
    expect(responsiblePeople({ managerDn: 'CN=Anna,DC=x', delegateDns: ['cn=anna, dc=x', 'CN=Erik,DC=x'] })).toEqual(['CN=Anna,DC=x', 'CN=Erik,DC=x']);
    expect(responsiblePeople({ managerDn: null, delegateDns: [] })).toEqual([]);
  });

  it('says what an account needs now for a requested reminder', () => {
    expect(currentNeed(dueOn('2026-12-02'), NOW)?.kind).toBe('rotation');
    expect(currentNeed(dueOn('2027-02-01', { recoveryMobile: null }), NOW)?.kind).toBe('register-mobile');
    expect(currentNeed(dueOn('2027-02-01'), NOW)).toBeNull();
  });
});
