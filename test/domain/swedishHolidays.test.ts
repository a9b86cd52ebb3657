import { easterSunday, isSwedishHolidayDay, swedishHolidays } from '../../src/domain/swedishHolidays';

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('swedishHolidays', () => {
  it.each([
    [
      2026,
      [
        ['2026-01-01', 'nyårsdagen'],
        ['2026-01-06', 'trettondedag jul'],
        ['2026-04-03', 'långfredagen'],
        ['2026-04-05', 'påskdagen'],
        ['2026-04-06', 'annandag påsk'],
        ['2026-05-01', 'första maj'],
        ['2026-05-14', 'Kristi himmelsfärdsdag'],
        ['2026-05-24', 'pingstdagen'],
        ['2026-06-06', 'nationaldagen'],
        ['2026-06-19', 'midsommarafton'],
        ['2026-06-20', 'midsommardagen'],
        ['2026-10-31', 'alla helgons dag'],
        ['2026-12-24', 'julafton'],
        ['2026-12-25', 'juldagen'],
        ['2026-12-26', 'annandag jul'],
        ['2026-12-31', 'nyårsafton'],
      ],
    ],
    [
      2027,
      [
        ['2027-01-01', 'nyårsdagen'],
        ['2027-01-06', 'trettondedag jul'],
        ['2027-03-26', 'långfredagen'],
        ['2027-03-28', 'påskdagen'],
        ['2027-03-29', 'annandag påsk'],
        ['2027-05-01', 'första maj'],
        ['2027-05-06', 'Kristi himmelsfärdsdag'],
        ['2027-05-16', 'pingstdagen'],
        ['2027-06-06', 'nationaldagen'],
        ['2027-06-25', 'midsommarafton'],
        ['2027-06-26', 'midsommardagen'],
        ['2027-11-06', 'alla helgons dag'],
        ['2027-12-24', 'julafton'],
        ['2027-12-25', 'juldagen'],
        ['2027-12-26', 'annandag jul'],
        ['2027-12-31', 'nyårsafton'],
      ],
    ],
  ])('lists the days off of %i', (year, expected) => {
    expect(swedishHolidays(year).map((h) => [h.date, h.name])).toEqual(expected);
  });

  it.each([
    [2024, [3, 31]],
    [2025, [4, 20]],
    [2026, [4, 5]],
    [2027, [3, 28]],
    [2038, [4, 25]],
    [2285, [3, 22]],
  ])('finds Easter Sunday of %i', (year, expected) => {
    expect(easterSunday(year)).toEqual(expected);
  });

  it('tells a day off from an ordinary day by day number', () => {
    expect(isSwedishHolidayDay(dayOf('2026-06-19'))).toBe(true);
    expect(isSwedishHolidayDay(dayOf('2026-06-18'))).toBe(false);
    expect(isSwedishHolidayDay(dayOf('2027-06-18'))).toBe(false);
    expect(isSwedishHolidayDay(dayOf('2027-06-25'))).toBe(true);
  });
});
