import { fitsOneGsm7Segment, gsm7Length, smsTexts } from '../../src/i18n/sms';
import type { Locale } from '../../src/domain/model';

const LOCALES: Locale[] = ['sv', 'en'];
// The longest names the texts must carry: sAMAccountName allows 20 characters.
const longest = { code: '987654', accountName: 'hemtjanstgruppenabcd', serviceName: 'Verksamhetssystemet1', validMinutes: 10 };

describe('SMS texts', () => {
  it.each(LOCALES)('fit one GSM-7 segment with the longest names (%s)', (locale) => {
    const texts = [smsTexts[locale].resetCode(longest), smsTexts[locale].confirmMobileCode(longest), smsTexts[locale].numberReplaced(longest)];
    for (const text of texts) {
      expect(gsm7Length(text)).not.toBeNull();
      expect(gsm7Length(text)).toBeLessThanOrEqual(160);
      expect(fitsOneGsm7Segment(text)).toBe(true);
    }
  });

  it.each(LOCALES)('name the account and the validity, say what to do if unasked, and carry no link (%s)', (locale) => {
    for (const text of [smsTexts[locale].resetCode(longest), smsTexts[locale].confirmMobileCode(longest)]) {
      expect(text).toContain(longest.code);
      expect(text).toContain(longest.accountName);
      expect(text).toContain('10 min');
      expect(text).toMatch(locale === 'sv' ? /Ring supporten/ : /Call support/);
      expect(text).not.toMatch(/https?:|www\.|\.se\b|\.com\b/i);
    }
  });

  it.each(LOCALES)('tell a replaced number neither a code nor the new number (%s)', (locale) => {
    const text = smsTexts[locale].numberReplaced(longest);
    expect(text).toContain(longest.accountName);
    expect(text).not.toMatch(/\d{4,}/);
  });

  it('counts å ä ö as GSM-7 and refuses characters outside it', () => {
    expect(gsm7Length('åäöÅÄÖé')).toBe(7);
    expect(gsm7Length('€[]')).toBe(6);
    expect(gsm7Length('•')).toBeNull();
    expect(gsm7Length('ő')).toBeNull();
    expect(fitsOneGsm7Segment('a'.repeat(161))).toBe(false);
  });
});
