import type { Catalogue, Text } from './catalogue';

/**
 * Text messages. Unlike the other catalogues, two texts carry the security code: an SMS is the one place
 * a code is meant to go. Each text fits one GSM-7 segment (160 characters) with a 20-character account
 * name and service name, carries no link (links in code messages are what phishing imitates), and says
 * what to do if the recipient did not ask for it.
 */
export interface CodeSmsParams {
  readonly code: string;
  readonly accountName: string;
  /** The system the shared account logs into, e.g. "Treserva". */
  readonly serviceName: string;
  readonly validMinutes: number;
}

export interface SmsTexts {
  readonly resetCode: Text<CodeSmsParams>;
  readonly confirmMobileCode: Text<CodeSmsParams>;
  /** To the number that was on file, when another one replaced it. Neither code nor new number. */
  readonly numberReplaced: Text<{ readonly accountName: string; readonly serviceName: string }>;
}

export const smsTexts: Catalogue<SmsTexts> = {
  sv: {
    resetCode: (p) =>
      `${p.code} är din kod för att byta lösenord på ${p.serviceName}-kontot ${p.accountName}. Gäller ${p.validMinutes} min. Bad du inte om koden? Ring supporten.`,
    confirmMobileCode: (p) =>
      `${p.code} är koden för att koppla detta nummer till ${p.serviceName}-kontot ${p.accountName}. Gäller ${p.validMinutes} min. Bad du inte om den? Ring supporten.`,
    numberReplaced: (p) =>
      `Detta nummer är inte längre kopplat till ${p.serviceName}-kontot ${p.accountName}; ett nytt nummer har registrerats. Okänt för dig? Ring supporten.`,
  },
  en: {
    resetCode: (p) =>
      `${p.code} is your code to reset the password of the ${p.serviceName} account ${p.accountName}. Valid ${p.validMinutes} min. Did not ask for it? Call support.`,
    confirmMobileCode: (p) =>
      `${p.code} is your code to link this number to the ${p.serviceName} account ${p.accountName}. Valid ${p.validMinutes} min. Did not ask for it? Call support.`,
    numberReplaced: (p) =>
      `This number is no longer linked to the ${p.serviceName} account ${p.accountName}; a new number was registered. Not expected? Call support.`,
  },
};

/** GSM 03.38 basic character set: one septet each. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table: two septets each (escape + character). */
const GSM7_EXTENSION = '^{}\\[~]|€\f';

/** Septets the text needs in GSM-7, or null when a character forces UCS-2 (70 characters per segment). */
export function gsm7Length(text: string): number | null {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) septets += 1;
    else if (GSM7_EXTENSION.includes(ch)) septets += 2;
    else return null;
  }
  return septets;
}

/** Whether the text goes out as a single GSM-7 segment (one SMS, no concatenation). */
export function fitsOneGsm7Segment(text: string): boolean {
  const septets = gsm7Length(text);
  return septets !== null && septets <= 160;
}
