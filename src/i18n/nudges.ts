import type { Locale } from '../domain/model';
import type { Catalogue, Text } from './catalogue';

const WEEKDAY_FORMATS: Readonly<Record<Locale, Intl.DateTimeFormat>> = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', weekday: 'long', day: 'numeric', month: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', weekday: 'long', day: 'numeric', month: 'long' }),
};

/** "måndag 30 november" / "Monday 30 November": when a snoozed reminder comes. */
export function formatWeekdayDate(date: Date, locale: Locale): string {
  return WEEKDAY_FORMATS[locale].format(date);
}

/** Texts of rotation nudges, their buttons and the answers to those buttons. Parameters are never secrets. */
export interface NudgeTexts {
  readonly rotationTitle: Text<{ account: string }>;
  readonly registerTitle: Text<{ account: string }>;
  readonly escalationTitle: Text<{ account: string }>;
  /** Shown above a reminder the person asked for. */
  readonly reminderLabel: string;
  readonly rotationBody: Text<{ displayName: string; account: string }>;
  readonly registerBody: Text<{ displayName: string; account: string }>;
  readonly escalationBody: Text<{ managerName: string; displayName: string; account: string }>;
  readonly noMobileNote: string;
  /** "3 dagar kvar", "i dag", "5 dagar sedan". */
  readonly status: Text<{ daysLeft: number }>;
  readonly factAccount: string;
  readonly factDue: string;
  readonly factStatus: string;
  readonly changeNow: string;
  readonly registerMobile: string;
  readonly snooze: string;
  readonly alreadyChanged: string;
  readonly snoozed: Text<{ account: string; day: string }>;
  readonly changedFound: Text<{ account: string; changed: string; next: string }>;
  readonly notChangedYet: Text<{ account: string; changed: string; due: string }>;
  readonly neverSet: Text<{ account: string }>;
}

const days = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const nudgeTexts: Catalogue<NudgeTexts> = {
  sv: {
    rotationTitle: ({ account }) => `Dags att byta lösenord för ${account}`,
    registerTitle: ({ account }) => `Registrera ett mobilnummer för ${account}`,
    escalationTitle: ({ account }) => `Lösenordet för ${account} är inte bytt`,
    reminderLabel: 'Påminnelse som du bad om',
    rotationBody: ({ displayName, account }) =>
      `Rutinen säger att lösenordet för ${displayName} (${account}) byts var tredje månad. Du kan byta det här i chatten med en kod till kontots mobilnummer.`,
    registerBody: ({ displayName, account }) =>
      `${displayName} (${account}) har inget mobilnummer för återställning. Utan det kan lösenordet inte återställas med en kod. Registrera ett nummer som enheten alltid når.`,
    escalationBody: ({ managerName, displayName, account }) =>
      `Du får det här eftersom du är chef för ${managerName}, som ansvarar för ${displayName} (${account}). Lösenordet har inte bytts enligt rutinen, trots påminnelser.`,
    noMobileNote: 'Kontot har inget mobilnummer för återställning: registrera ett först, sedan kan koden skickas.',
    status: ({ daysLeft }) =>
      daysLeft > 0 ? `${days(daysLeft, 'dag', 'dagar')} kvar` : daysLeft === 0 ? 'Ska bytas i dag' : `Försenat med ${days(-daysLeft, 'dag', 'dagar')}`,
    factAccount: 'Konto',
    factDue: 'Ska bytas senast',
    factStatus: 'Läge',
    changeNow: 'Byt lösenord nu',
    registerMobile: 'Registrera mobilnummer',
    snooze: 'Påminn mig i morgon',
    alreadyChanged: 'Jag har redan bytt',
    snoozed: ({ account, day }) => `Okej, jag påminner dig om ${account} igen ${day}.`,
    changedFound: ({ account, changed, next }) =>
      `Tack! Katalogen visar att lösenordet för ${account} byttes ${changed}. Nästa byte ska göras senast ${next}.`,
    notChangedYet: ({ account, changed, due }) =>
      `Katalogen visar att lösenordet för ${account} senast byttes ${changed}, så det ska fortfarande bytas (senast ${due}). Bytte du det alldeles nyss kan det dröja en stund innan det syns; annars kan du byta det här.`,
    neverSet: ({ account }) =>
      `Katalogen har inget datum för när lösenordet för ${account} byttes senast, eller kräver att det byts. Byt det gärna här.`,
  },
  en: {
    rotationTitle: ({ account }) => `Time to change the password of ${account}`,
    registerTitle: ({ account }) => `Register a mobile number for ${account}`,
    escalationTitle: ({ account }) => `The password of ${account} has not been changed`,
    reminderLabel: 'The reminder you asked for',
    rotationBody: ({ displayName, account }) =>
      `The routine says the password of ${displayName} (${account}) is changed every three months. You can change it here in the chat with a code sent to the account's mobile number.`,
    registerBody: ({ displayName, account }) =>
      `${displayName} (${account}) has no recovery mobile number. Without one, the password cannot be reset with a code. Register a number the unit can always reach.`,
    escalationBody: ({ managerName, displayName, account }) =>
      `You receive this because you are the manager of ${managerName}, who is responsible for ${displayName} (${account}). The password has not been changed as the routine says, despite reminders.`,
    noMobileNote: 'The account has no recovery mobile number: register one first, then the code can be sent.',
    status: ({ daysLeft }) =>
      daysLeft > 0 ? `${days(daysLeft, 'day', 'days')} left` : daysLeft === 0 ? 'Due today' : `Overdue by ${days(-daysLeft, 'day', 'days')}`,
    factAccount: 'Account',
    factDue: 'Change by',
    factStatus: 'Status',
    changeNow: 'Change password now',
    registerMobile: 'Register mobile number',
    snooze: 'Remind me tomorrow',
    alreadyChanged: 'I have already changed it',
    snoozed: ({ account, day }) => `All right, I will remind you about ${account} again on ${day}.`,
    changedFound: ({ account, changed, next }) =>
      `Thank you! The directory shows that the password of ${account} was changed on ${changed}. The next change is due by ${next}.`,
    notChangedYet: ({ account, changed, due }) =>
      `The directory shows that the password of ${account} was last changed on ${changed}, so it is still due (by ${due}). If you changed it just now it may take a little while to show; otherwise you can change it here.`,
    neverSet: ({ account }) =>
      `The directory has no date for the last change of the password of ${account}, or demands a change. Please change it here.`,
  },
};
