import type { Locale } from '../domain/model';

/** A text, or a function that builds it from parameters. Parameters never carry secrets. */
export type Text<P = never> = [P] extends [never] ? string : (params: P) => string;

/**
 * A message catalogue: the same keys in Swedish and English, checked by the compiler, so no text
 * exists in one language only. Each area (cards, SMS, notices) keeps its own catalogue file.
 */
export type Catalogue<T> = Readonly<Record<Locale, T>>;

/** Swedish unless Teams says the user's locale is English ("en", "en-US", "en-GB", ...). */
export function localeFrom(teamsLocale: string | undefined | null): Locale {
  return teamsLocale !== undefined && teamsLocale !== null && /^en\b/i.test(teamsLocale.trim()) ? 'en' : 'sv';
}

const DATE_FORMATS: Readonly<Record<Locale, Intl.DateTimeFormat>> = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: 'long', day: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', year: 'numeric', month: 'long', day: 'numeric' }),
};
const TIME_FORMATS: Readonly<Record<Locale, Intl.DateTimeFormat>> = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }),
};

/** "25 november 2026" / "25 November 2026", in Swedish time. */
export function formatDate(date: Date, locale: Locale): string {
  return DATE_FORMATS[locale].format(date);
}

/** "10:32", in Swedish time. */
export function formatTime(date: Date, locale: Locale): string {
  return TIME_FORMATS[locale].format(date);
}
