import type { Locale } from '../domain/model';

/** Something the other responsible people of an account should know. Never carries a secret. */
export type Notice =
  | {
      readonly kind: 'mobile-changed';
      readonly accountName: string;
      readonly accountDisplayName: string;
      readonly byName: string;
      readonly at: Date;
      /** Already masked, e.g. `+46 70•••••67`. */
      readonly maskedMobile: string;
    }
  | {
      readonly kind: 'password-changed';
      readonly accountName: string;
      readonly accountDisplayName: string;
      readonly byName: string;
      readonly at: Date;
    }
  | {
      readonly kind: 'delegate-added' | 'delegate-removed';
      readonly accountName: string;
      readonly accountDisplayName: string;
      readonly byName: string;
      readonly delegateName: string;
      readonly at: Date;
    };

export type NoticeDelivery = 'delivered' | 'unreachable';

/** Sends a notice to a person in Teams (proactively), in the language they last used. */
export interface Notifier {
  notify(personDn: string, notice: Notice): Promise<NoticeDelivery>;
}

/** Language fallback for people who never talked to the bot. */
export const defaultNoticeLocale: Locale = 'sv';
