export interface RotationOptions {
  /** Calendar months between changes; the guide says three. */
  readonly months: number;
}

export const defaultRotation: RotationOptions = Object.freeze({ months: 3 });

const DAY_MS = 86_400_000;

function daysInUtcMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** Adds calendar months in UTC, clamping the day: 31 Jan + 1 month = 28 (or 29) Feb. */
export function addMonths(date: Date, months: number): Date {
  const targetMonth = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(targetMonth / 12);
  const monthIndex = ((targetMonth % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInUtcMonth(year, monthIndex));
  return new Date(
    Date.UTC(year, monthIndex, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/** When the password must next be changed; a password never set (or that must change at next logon) is due now. */
export function nextChangeDue(passwordLastSet: Date | null, now: Date, options: RotationOptions = defaultRotation): Date {
  if (passwordLastSet === null) return new Date(now.getTime());
  return addMonths(passwordLastSet, options.months);
}

/** As `nextChangeDue`, but a password the directory reports as expired is due now, whatever its age. */
export function accountChangeDue(
  account: { readonly passwordLastSet: Date | null; readonly passwordExpired?: boolean },
  now: Date,
  options: RotationOptions = defaultRotation,
): Date {
  const due = nextChangeDue(account.passwordLastSet, now, options);
  return account.passwordExpired === true && due.getTime() > now.getTime() ? new Date(now.getTime()) : due;
}

export function isOverdue(passwordLastSet: Date | null, now: Date, options: RotationOptions = defaultRotation): boolean {
  return now.getTime() >= nextChangeDue(passwordLastSet, now, options).getTime();
}

const stockholmDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Stockholm calendar date of an instant, as a day number, so that DST shifts do not matter. */
function stockholmDayNumber(instant: Date): number {
  const parts = stockholmDate.formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(value('year'), value('month') - 1, value('day')) / DAY_MS);
}

/**
 * Whole days from `now` to `due` by calendar date in Europe/Stockholm, as a person reads them:
 * due tomorrow is 1 even if that is only an hour away; negative when overdue.
 */
export function daysUntil(due: Date, now: Date): number {
  return stockholmDayNumber(due) - stockholmDayNumber(now);
}
