import fc from 'fast-check';
import { passwordSkeleton } from '../../src/domain/passwordSkeleton';

describe('passwordSkeleton', () => {
  it.each([
    ['Sommar2025!', 'sommar'],
    ['Sommar2026!', 'sommar'],
    ['S0mmar#26', 'sommar'],
    ['$ommar2026', 'sommar'],
    ['SOMMAR-2027', 'sommar'],
    ['2026Sommar!', 'sommar'],
    ['P@$$w0rd1!', 'password'],
    ['Kaffe-Kopp-Tag9', 'kaffekopptag'],
    ['Kaffe2026Kopp', 'kaffekopp'],
    ['Kaffe2027Kopp!', 'kaffekopp'],
    ['Höst2025!', 'host'],
    ['Mina 3 katter', 'minakatter'],
    ['H3j-H3j-Kaffe', 'hejhejkaffe'],
  ])('reduces %s to %s', (password, skeleton) => {
    expect(passwordSkeleton(password)).toBe(skeleton);
  });

  it.each([
    ['too few letters', 'Ab1#2345678'],
    ['no letters at all', '12345678!'],
    ['empty', ''],
  ])('returns an empty skeleton for %s', (_name, password) => {
    expect(passwordSkeleton(password)).toBe('');
  });

  it('gives a rotated variant the skeleton of the earlier password', () => {
    expect(passwordSkeleton('Vinter2025#')).toBe(passwordSkeleton('V1nter2026!'));
  });

  it('tells different passwords apart', () => {
    expect(passwordSkeleton('Sommar2025!')).not.toBe(passwordSkeleton('Vinter2025!'));
  });

  it('is empty or at least 4 lower-case letters, and ignores appended digits and specials', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.stringMatching(/^[0-9#!%&*?-]{0,6}$/), (password, suffix) => {
        const skeleton = passwordSkeleton(password);
        expect(skeleton).toMatch(/^(|[a-z]{4,})$/);
        if (/[a-zA-Z]$/.test(password)) expect(passwordSkeleton(password + suffix)).toBe(skeleton);
      }),
    );
  });
});
