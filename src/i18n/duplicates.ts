import type { Catalogue } from './catalogue';

/** What a repeated delivery of a card action answers when the first delivery is still being handled. */
export interface DuplicateTexts {
  readonly stillWorking: string;
}

export const duplicateTexts: Catalogue<DuplicateTexts> = {
  sv: { stillWorking: 'Jag håller redan på med det här. Vänta en liten stund så kommer svaret.' },
  en: { stillWorking: 'I am already working on this. Please wait a moment for the answer.' },
};
