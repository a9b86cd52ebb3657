/**
 * What the chat says about an SMS after it left Rotera: delivered, or why it did not arrive.
 * Parameters are a time, a masked number and an account name; never a code.
 */
import type { DeliveryProblem } from '../app/recordSmsDelivery';
import type { Catalogue } from './catalogue';

export interface SmsStatusTexts {
  /** The line added to the code card. */
  readonly deliveredLine: (time: string) => string;
  readonly failedLine: (time: string) => string;
  /** Said in the chat when the code card cannot be updated in place. */
  readonly deliveredMessage: (maskedMobile: string, time: string) => string;
  readonly failedTitle: string;
  readonly problem: Readonly<Record<DeliveryProblem, (maskedMobile: string) => string>>;
  /** What the buttons below do, per routine. */
  readonly nextStep: Readonly<Record<'reset' | 'confirm-mobile', (account: string) => string>>;
  readonly resend: string;
  readonly changeMobile: string;
}

export const smsStatusTexts: Catalogue<SmsStatusTexts> = {
  sv: {
    deliveredLine: (time) => `✓ Levererat ${time}`,
    failedLine: (time) => `Sms:et kom inte fram (${time}).`,
    deliveredMessage: (masked, time) => `Sms:et med koden till ${masked} levererades ${time}.`,
    failedTitle: 'Sms:et med koden kom inte fram',
    problem: {
      unreachable: (masked) => `Telefonen med nummer ${masked} gick inte att nå. Den är kanske avstängd eller utan täckning.`,
      'unknown-number': (masked) => `Numret ${masked} finns inte hos någon operatör. Det kan vara felskrivet eller uppsagt.`,
      'not-a-mobile': (masked) => `Numret ${masked} kan inte ta emot sms. Det är kanske en fast telefon.`,
      filtered: (masked) => `Operatören stoppade sms:et till ${masked}, till exempel i ett skräppostfilter.`,
      other: (masked) => `Sms:et till ${masked} kunde inte levereras.`,
    },
    nextStep: {
      reset: (account) => `Du kan skicka koden igen, eller byta mobilnummer för ${account} (då behövs kontots nuvarande lösenord).`,
      'confirm-mobile': (account) => `Du kan skicka koden igen, eller ange ett annat mobilnummer för ${account}.`,
    },
    resend: 'Skicka igen',
    changeMobile: 'Byt mobilnummer',
  },
  en: {
    deliveredLine: (time) => `✓ Delivered ${time}`,
    failedLine: (time) => `The SMS did not arrive (${time}).`,
    deliveredMessage: (masked, time) => `The SMS with the code to ${masked} was delivered at ${time}.`,
    failedTitle: 'The SMS with the code did not arrive',
    problem: {
      unreachable: (masked) => `The phone with number ${masked} could not be reached. It may be switched off or out of coverage.`,
      'unknown-number': (masked) => `No operator knows the number ${masked}. It may be mistyped or no longer in use.`,
      'not-a-mobile': (masked) => `The number ${masked} cannot receive SMS. It may be a landline.`,
      filtered: (masked) => `The operator stopped the SMS to ${masked}, for example in a spam filter.`,
      other: (masked) => `The SMS to ${masked} could not be delivered.`,
    },
    nextStep: {
      reset: (account) => `You can send the code again, or change the mobile number of ${account} (that needs the account's current password).`,
      'confirm-mobile': (account) => `You can send the code again, or enter another mobile number for ${account}.`,
    },
    resend: 'Send again',
    changeMobile: 'Change mobile number',
  },
};
