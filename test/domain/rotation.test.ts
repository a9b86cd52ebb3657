import fc from 'fast-check';
import { addMonths, daysUntil, isOverdue, nextChangeDue } from '../../src/domain/rotation';

const d = (iso: string): Date => new Date(iso);
const now = d('2026-05-10T10:00:00Z');

describe('nextChangeDue', () => {
  it.each([
    ['three months later by default', '2026-01-15T09:30:00Z', '2026-04-15T09:30:00Z'],
    ['clamped to the end of a short month', '2025-11-30T12:00:00Z', '2026-02-28T12:00:00Z'],
    ['clamped to 29 Feb in a leap year', '2027-11-30T12:00:00Z', '2028-02-29T12:00:00Z'],
    ['over a year end', '2026-10-31T08:00:00Z', '2027-01-31T08:00:00Z'],
  ])('is %s', (_name, lastSet, due) => {
    expect(nextChangeDue(d(lastSet), now)).toEqual(d(due));
  });

  it('honours a configured period', () => {
    expect(nextChangeDue(d('2026-01-31T00:00:00Z'), now, { months: 1 })).toEqual(d('2026-02-28T00:00:00Z'));
    expect(nextChangeDue(d('2026-01-31T00:00:00Z'), now, { months: 12 })).toEqual(d('2027-01-31T00:00:00Z'));
  });

  it('is now when the password was never set or must change', () => {
    expect(nextChangeDue(null, now)).toEqual(now);
  });

  it('is after the last change and at most months * 31 days later', () => {
    fc.assert(
      fc.property(
        fc.date({ min: d('1990-01-01T00:00:00Z'), max: d('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 24 }),
        (lastSet, months) => {
          const due = nextChangeDue(lastSet, now, { months });
          expect(due.getTime()).toBeGreaterThan(lastSet.getTime());
          expect(due.getTime() - lastSet.getTime()).toBeLessThanOrEqual(months * 31 * 86_400_000);
        },
      ),
    );
  });
});

describe('addMonths', () => {
  it('keeps the time of day', () => {
    expect(addMonths(d('2026-03-31T23:59:59.999Z'), 1)).toEqual(d('2026-04-30T23:59:59.999Z'));
  });
});

describe('isOverdue', () => {
  it.each([
    ['a password set a month ago', '2026-04-10T10:00:00Z', false],
    ['a password due this very moment', '2026-02-10T10:00:00Z', true],
    ['a password due one ms from now', '2026-02-10T10:00:00.001Z', false],
    ['a password set last year', '2025-05-10T10:00:00Z', true],
  ])('judges %s', (_name, lastSet, expected) => {
    expect(isOverdue(d(lastSet), now)).toBe(expected);
  });

  it('treats a never-set password as overdue', () => {
    expect(isOverdue(null, now)).toBe(true);
  });
});

describe('daysUntil', () => {
  it.each([
    ['the same day', '2026-05-10T21:00:00Z', '2026-05-10T06:00:00Z', 0],
    // 23:30 UTC on 10 May is already 11 May in Stockholm (UTC+2).
    ['tomorrow in Stockholm although the same UTC day', '2026-05-10T23:30:00Z', '2026-05-10T10:00:00Z', 1],
    ['yesterday (overdue)', '2026-05-09T10:00:00Z', '2026-05-10T10:00:00Z', -1],
    ['across the spring DST change', '2026-03-30T10:00:00Z', '2026-03-28T10:00:00Z', 2],
    ['across the autumn DST change', '2026-10-26T00:30:00Z', '2026-10-24T23:30:00Z', 1],
    ['a whole rotation', '2026-08-10T10:00:00Z', '2026-05-10T10:00:00Z', 92],
  ])('counts calendar days: %s', (_name, due, at, expected) => {
    expect(daysUntil(d(due), d(at))).toBe(expected);
  });
});
