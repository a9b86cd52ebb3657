/**
 * When Rotera nudges whom about a shared account's password: pure rules over dates, no I/O.
 *
 * The password is due `months` after its last change (rotation.ts). Reminders go 14, 7 and 1 day
 * before, on the due day, then every 3 working days while overdue; an account without a recovery
 * mobile is nudged to register one at most once a week; overdue by more than 14 days, the manager's own
 * manager hears about it, once. Nothing is sent on weekends, Swedish public holidays (swedishHolidays.ts),
 * extra days off given in the options, or at night. Every nudge has a key (account, rotation cycle, stage) that the sweep records per recipient,
 * so each is sent at most once.
 */
import { normalizeDn } from './access';
import type { SharedAccount } from './model';
import { accountChangeDue, nextChangeDue, type RotationOptions } from './rotation';
import { isSwedishHolidayDay, swedishHolidayDays } from './swedishHolidays';

export interface NudgeOptions extends RotationOptions {
  /** IANA time zone of the organisation: calendar days, weekends and night are counted there. */
  readonly timeZone: string;
  /** Local hour from which reminders may go out (default 7). */
  readonly dayStartHour: number;
  /** Local hour from which they may not any more (default 19). */
  readonly dayEndHour: number;
  /** Extra days off (`YYYY-MM-DD`), e.g. a local holiday; weekends are always off. */
  readonly holidays: ReadonlySet<string>;
  /** Public holidays that are always off besides `holidays`: Sweden's unless 'none' (default 'se'). */
  readonly publicHolidays?: 'se' | 'none';
}

type Calendar = Pick<NudgeOptions, 'holidays' | 'publicHolidays'>;

export const defaultNudgeOptions: NudgeOptions = Object.freeze({
  months: 3,
  timeZone: 'Europe/Stockholm',
  dayStartHour: 7,
  dayEndHour: 19,
  holidays: new Set<string>(),
});

/** Days before the due date on which reminders start a new stage. */
export const REMINDER_DAYS_BEFORE = [14, 7, 1] as const;
/** While overdue, a reminder every this many working days. */
export const OVERDUE_EVERY_WORKING_DAYS = 3;
/** Overdue by more than this many days: the manager's manager is told, once per cycle. */
export const ESCALATE_AFTER_DAYS_OVERDUE = 14;

export type NudgeKind = 'rotation' | 'escalation' | 'register-mobile';
/** Who receives a planned nudge: the account's manager and delegates, or the manager's own manager. */
export type NudgeAudience = 'responsible' | 'managers-manager';

/** One nudge the rules want sent today; the sweep fans it out to the audience's people. */
export interface PlannedNudge {
  readonly kind: NudgeKind;
  readonly audience: NudgeAudience;
  /** Identifies one rotation period: the due date (`2026-12-01`), `unset-<first seen>` when never set, `mobile` for register nudges. */
  readonly cycle: string;
  /** e.g. `before-14`, `due`, `overdue-2`, `escalation`, `week-2026-11-23`. */
  readonly stage: string;
  readonly dueAt: Date;
  /** Calendar days until due in the organisation's time zone; negative when overdue. */
  readonly daysLeft: number;
}

/** What the person sees; the Teams edge renders it. Never a secret in it. */
export interface Nudge {
  readonly kind: NudgeKind;
  readonly stage: string;
  readonly accountName: string;
  readonly accountDisplayName: string;
  readonly dueAt: Date;
  readonly daysLeft: number;
  readonly hasMobile: boolean;
  /** The responsible manager's name (escalation only). */
  readonly managerName: string | null;
  /** A reminder the person asked for with "Påminn mig i morgon". */
  readonly reminder: boolean;
}

/** A calendar day in the organisation's time zone, counted in days since 1970-01-01. */
export type DayNumber = number;

const DAY_MS = 86_400_000;
/** Every time zone changes its offset on a quarter hour: within one quarter hour the offset is fixed. */
const QUARTER_HOUR_MS = 900_000;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's offset from UTC at that instant, cached per quarter hour: Intl is the slow part of a sweep. */
function offsetMs(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, formatter);
  }
  const at = bucket * QUARTER_HOUR_MS;
  const values: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(at))) if (part.type !== 'literal') values[part.type] = Number(part.value);
  const wall = Date.UTC(values.year ?? 1970, (values.month ?? 1) - 1, values.day ?? 1, values.hour ?? 0, values.minute ?? 0);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, wall - at);
  return wall - at;
}

function localParts(instant: Date, timeZone: string): { day: DayNumber; hour: number } {
  const wall = instant.getTime() + offsetMs(instant.getTime(), timeZone);
  const day = Math.floor(wall / DAY_MS);
  return { day, hour: Math.floor((wall - day * DAY_MS) / 3_600_000) };
}

export function calendarDay(instant: Date, timeZone: string): DayNumber {
  return localParts(instant, timeZone).day;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWorkingDay(day: DayNumber, options: Calendar = defaultNudgeOptions): boolean {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  if (options.publicHolidays !== 'none' && isSwedishHolidayDay(day)) return false;
  return !options.holidays.has(isoDay(day));
}

/** The first working day after `day`: where "Påminn mig i morgon" lands on a Friday is Monday. */
export function nextWorkingDay(day: DayNumber, options: Calendar = defaultNudgeOptions): DayNumber {
  let next = day + 1;
  while (!isWorkingDay(next, options)) next += 1;
  return next;
}

function firstWorkingDayFrom(day: DayNumber, options: Calendar): DayNumber {
  return isWorkingDay(day, options) ? day : nextWorkingDay(day, options);
}

/** Working days in (from, to]. */
function workingDaysBetween(from: DayNumber, to: DayNumber, options: Calendar): number {
  if (to <= from) return 0;
  const span = to - from;
  const weeks = Math.floor(span / 7);
  let count = weeks * 5;
  for (let day = from + 1 + weeks * 7; day <= to; day += 1) {
    const wd = weekday(day);
    if (wd !== 0 && wd !== 6) count += 1;
  }
  // A configured day that is also a public holiday is off once, hence the set.
  const offWeekdays = new Set<DayNumber>();
  const offIfWeekday = (day: DayNumber) => {
    const wd = weekday(day);
    if (day > from && day <= to && wd !== 0 && wd !== 6) offWeekdays.add(day);
  };
  for (const holiday of options.holidays) offIfWeekday(Math.round(Date.parse(`${holiday}T00:00:00Z`) / DAY_MS));
  if (options.publicHolidays !== 'none') {
    const lastYear = new Date(to * DAY_MS).getUTCFullYear();
    for (let year = new Date((from + 1) * DAY_MS).getUTCFullYear(); year <= lastYear; year += 1) {
      for (const { day } of swedishHolidayDays(year)) offIfWeekday(day);
    }
  }
  return count - offWeekdays.size;
}

/** Reminders go out on working days in the daytime only. */
export function isNudgeTime(now: Date, options: NudgeOptions = defaultNudgeOptions): boolean {
  const { day, hour } = localParts(now, options.timeZone);
  return isWorkingDay(day, options) && hour >= options.dayStartHour && hour < options.dayEndHour;
}

/** Monday of the week `day` is in: register-mobile nudges are keyed by it. */
function mondayOf(day: DayNumber): DayNumber {
  return day - ((weekday(day) + 6) % 7);
}

/**
 * The nudges the rules want for an account today (at most one per audience and kind). Call only when
 * `isNudgeTime(now)`; disabled accounts get none.
 */
export function planNudges(
  account: Pick<SharedAccount, 'passwordLastSet' | 'passwordExpired' | 'recoveryMobile' | 'disabled'>,
  now: Date,
  options: NudgeOptions = defaultNudgeOptions,
  unsetSince?: DayNumber,
): PlannedNudge[] {
  if (account.disabled) return [];
  const today = calendarDay(now, options.timeZone);
  const plan: PlannedNudge[] = [];
  const rotation = rotationStage(account, now, today, options, unsetSince);
  if (rotation) plan.push(rotation);
  if (rotation && rotation.cycle !== 'unset' && -rotation.daysLeft > ESCALATE_AFTER_DAYS_OVERDUE) {
    plan.push({ ...rotation, kind: 'escalation', audience: 'managers-manager', stage: 'escalation' });
  }
  if (account.recoveryMobile === null) {
    const due = accountChangeDue(account, now, options);
    plan.push({
      kind: 'register-mobile',
      audience: 'responsible',
      cycle: 'mobile',
      stage: `week-${isoDay(mondayOf(today))}`,
      dueAt: due,
      daysLeft: calendarDay(due, options.timeZone) - today,
    });
  }
  return plan;
}

/**
 * The rotation stage today. A password never set (or that the directory wants changed at next logon) is
 * due now, with no date to count from: the caller passes the day Rotera first saw it so (`unsetSince`),
 * which then counts as the due day. Without it, the 3-working-day rhythm follows a fixed calendar so it
 * is the same for every sweep and instance.
 */
function rotationStage(
  account: Pick<SharedAccount, 'passwordLastSet' | 'passwordExpired'>,
  now: Date,
  today: DayNumber,
  options: NudgeOptions,
  unsetSince?: DayNumber,
): PlannedNudge | null {
  const { passwordLastSet } = account;
  let dueAt: Date;
  let dueDay: DayNumber;
  let cycle: string;
  if (passwordLastSet === null) {
    if (unsetSince === undefined) {
      const epochMonday = 4; // 1970-01-05
      const step = Math.floor(workingDaysBetween(epochMonday - 1, today, options) / OVERDUE_EVERY_WORKING_DAYS);
      return { kind: 'rotation', audience: 'responsible', cycle: 'unset', stage: `unset-${step}`, dueAt: new Date(now.getTime()), daysLeft: 0 };
    }
    dueDay = Math.min(unsetSince, today);
    dueAt = new Date(dueDay * DAY_MS + 12 * 3_600_000);
    cycle = `unset-${isoDay(dueDay)}`;
  } else {
    dueAt = nextChangeDue(passwordLastSet, now, options);
    dueDay = calendarDay(dueAt, options.timeZone);
    cycle = isoDay(dueDay);
  }
  const daysLeft = dueDay - today;
  if (passwordLastSet !== null && account.passwordExpired === true && daysLeft > 0) {
    // The directory's own maximum age ran out before our rotation date: due now. We do not know since
    // when, so there is one due-day reminder per password (keyed by when it was set) and no overdue
    // rhythm until our own due date takes over.
    const setDay = isoDay(calendarDay(passwordLastSet, options.timeZone));
    return { kind: 'rotation', audience: 'responsible', cycle: `expired-${setDay}`, stage: 'due', dueAt: new Date(now.getTime()), daysLeft: 0 };
  }
  const base = { kind: 'rotation' as const, audience: 'responsible' as const, cycle, dueAt, daysLeft };
  const [first, second, third] = REMINDER_DAYS_BEFORE;
  if (daysLeft > first) return null;
  if (daysLeft > second) return { ...base, stage: `before-${first}` };
  if (daysLeft > third) return { ...base, stage: `before-${second}` };
  if (daysLeft > 0) return { ...base, stage: `before-${third}` };
  // Overdue steps are counted from the first working day on or after the due date, so a due date on
  // a Saturday gives the due-day reminder on Monday and the next one three working days later.
  const start = firstWorkingDayFrom(dueDay, options);
  const step = today < start ? 0 : Math.floor(workingDaysBetween(start, today, options) / OVERDUE_EVERY_WORKING_DAYS);
  return { ...base, stage: step === 0 ? 'due' : `overdue-${step}` };
}

/** What the account needs now, for a reminder the person asked for: null when nothing any more. */
export function currentNeed(
  account: Pick<SharedAccount, 'passwordLastSet' | 'passwordExpired' | 'recoveryMobile' | 'disabled'>,
  now: Date,
  options: NudgeOptions = defaultNudgeOptions,
  unsetSince?: DayNumber,
): PlannedNudge | null {
  if (account.disabled) return null;
  const today = calendarDay(now, options.timeZone);
  const rotation = rotationStage(account, now, today, options, unsetSince);
  if (rotation) return rotation;
  return planNudges(account, now, options).find((p) => p.kind === 'register-mobile') ?? null;
}

/** The people responsible for an account, each once (DNs compared like the directory does). */
export function responsiblePeople(account: Pick<SharedAccount, 'managerDn' | 'delegateDns'>): string[] {
  const seen = new Set<string>();
  const people: string[] = [];
  for (const dn of [account.managerDn, ...account.delegateDns]) {
    if (dn === null) continue;
    const key = normalizeDn(dn);
    if (seen.has(key)) continue;
    seen.add(key);
    people.push(dn);
  }
  return people;
}
