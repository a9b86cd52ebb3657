/**
 * Sweden's public holidays (allmänna helgdagar, lag 1989:253) and the eves that are days off in practice
 * (midsommarafton, julafton, nyårsafton), per year: pure date arithmetic, no I/O. Reminders are not sent
 * on these days, whatever SWEEP_HOLIDAYS says, because nobody is at work to act on them.
 */

export interface SwedishHoliday {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly name: string;
}

const DAY_MS = 86_400_000;

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, "Meeus/Jones/Butcher"), as [month 1-12, day]. */
export function easterSunday(year: number): [month: number, day: number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return [Math.floor(n / 31), (n % 31) + 1];
}

/** Days since 1970-01-01 of a calendar date (the same day numbers rotationNudges counts in). */
function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The day in [first, first + 6] that falls on `weekday` (0 = Sunday ... 6 = Saturday). */
function weekdayFrom(first: number, weekday: number): number {
  const wd = (((first + 4) % 7) + 7) % 7;
  return first + ((weekday - wd + 7) % 7);
}

const byYear = new Map<number, readonly { readonly day: number; readonly name: string }[]>();

/** The year's holidays and days off as day numbers, in date order; cached, a sweep asks for the same years again and again. */
export function swedishHolidayDays(year: number): readonly { readonly day: number; readonly name: string }[] {
  const cached = byYear.get(year);
  if (cached) return cached;
  const [easterMonth, easterDay] = easterSunday(year);
  const easter = dayNumber(year, easterMonth, easterDay);
  const days = [
    { day: dayNumber(year, 1, 1), name: 'nyårsdagen' },
    { day: dayNumber(year, 1, 6), name: 'trettondedag jul' },
    { day: easter - 2, name: 'långfredagen' },
    { day: easter, name: 'påskdagen' },
    { day: easter + 1, name: 'annandag påsk' },
    { day: dayNumber(year, 5, 1), name: 'första maj' },
    { day: easter + 39, name: 'Kristi himmelsfärdsdag' },
    { day: easter + 49, name: 'pingstdagen' },
    { day: dayNumber(year, 6, 6), name: 'nationaldagen' },
    { day: weekdayFrom(dayNumber(year, 6, 19), 5), name: 'midsommarafton' },
    { day: weekdayFrom(dayNumber(year, 6, 20), 6), name: 'midsommardagen' },
    { day: weekdayFrom(dayNumber(year, 10, 31), 6), name: 'alla helgons dag' },
    { day: dayNumber(year, 12, 24), name: 'julafton' },
    { day: dayNumber(year, 12, 25), name: 'juldagen' },
    { day: dayNumber(year, 12, 26), name: 'annandag jul' },
    { day: dayNumber(year, 12, 31), name: 'nyårsafton' },
  ].sort((x, y) => x.day - y.day);
  if (byYear.size > 400) byYear.clear();
  byYear.set(year, days);
  return days;
}

/** The year's holidays and days off, in date order. */
export function swedishHolidays(year: number): SwedishHoliday[] {
  return swedishHolidayDays(year).map(({ day, name }) => ({ date: new Date(day * DAY_MS).toISOString().slice(0, 10), name }));
}

/** Whether a day number (days since 1970-01-01) is a Swedish public holiday or day off. */
export function isSwedishHolidayDay(day: number): boolean {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  return swedishHolidayDays(year).some((holiday) => holiday.day === day);
}
