import fc from 'fast-check';
import { maskMobile, parseMobile, type PhoneProblem } from '../../src/domain/phoneNumber';

describe('parseMobile', () => {
  it.each([
    ['070-123 45 67'],
    ['0701234567'],
    ['+46 70 123 45 67'],
    ['+46701234567'],
    ['0046 70 123 45 67'],
    ['0046701234567'],
    ['(070) 123 45 67'],
    ['  070-123 45 67  '],
  ])('reads the Swedish mobile %s as +46701234567', (typed) => {
    expect(parseMobile(typed)).toEqual({ ok: true, e164: '+46701234567' });
  });

  it.each([
    ['076-123 45 67', '+46761234567'],
    ['072 123 45 67', '+46721234567'],
    ['+44 7911 123456', '+447911123456'],
    ['+358 40 1234567', '+358401234567'],
  ])('accepts the mobile %s', (typed, e164) => {
    expect(parseMobile(typed)).toEqual({ ok: true, e164 });
  });

  it.each<[string, string, PhoneProblem]>([
    ['an Örebro landline', '019-12 34 56', 'not-a-mobile'],
    ['a Stockholm landline', '08-123 456 78', 'not-a-mobile'],
    ['a London landline', '+44 20 7946 0958', 'not-a-mobile'],
    ['a premium-rate number', '0900-123 45 67', 'special-service'],
    ['a shared-cost number', '0771-56 78 90', 'special-service'],
    ['an adult premium number', '0939-123456', 'special-service'],
    ['a toll-free number', '020-123 456', 'special-service'],
    ['a foreign premium number', '+1 900 555 0123', 'special-service'],
    ['letters', 'abc', 'not-a-number'],
    ['a name with digits', 'Anna 070', 'not-a-number'],
    ['too few digits', '070-123', 'not-a-number'],
    ['too many digits', '070 123 45 67 89 01 23', 'not-a-number'],
    ['an unknown country code', '+999 123 456 789', 'not-a-number'],
    ['a star', '070*1234567', 'not-a-number'],
    ['nothing', '', 'not-a-number'],
    ['only spaces', '     ', 'not-a-number'],
  ])('refuses %s', (_name, typed, problem) => {
    expect(parseMobile(typed)).toEqual({ ok: false, problem });
  });

  it('gives the same E.164 whichever way a Swedish mobile is typed', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7}$/), fc.constantFrom('070', '072', '073', '076', '079'), (rest, prefix) => {
        const national = `${prefix}${rest}`;
        const forms = [national, `${prefix}-${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`, `+46 ${national.slice(1)}`, `0046${national.slice(1)}`];
        const results = forms.map(parseMobile);
        expect(results.every((r) => r.ok)).toBe(true);
        expect(new Set(results.map((r) => (r.ok ? r.e164 : ''))).size).toBe(1);
      }),
    );
  });

  it('never throws on junk', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (typed) => {
        const result = parseMobile(typed);
        if (result.ok) expect(result.e164).toMatch(/^\+[1-9][0-9]{6,14}$/);
      }),
    );
  });
});

describe('maskMobile', () => {
  it.each([
    ['+46701234567', '+46 70•••••67'],
    ['+447911123456', '+44 79••••••56'],
  ])('masks %s as %s', (e164, masked) => {
    expect(maskMobile(e164)).toBe(masked);
  });

  it('never shows more than four digits of the national number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^7[02369][0-9]{7}$/), (national) => {
        const masked = maskMobile(`+46${national}`);
        expect(masked.startsWith('+46 ')).toBe(true);
        expect(masked.slice(4).replace(/•/g, '')).toHaveLength(4);
      }),
    );
  });
});
