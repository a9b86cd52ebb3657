import type { Attachment, ConversationReference } from 'botbuilder';
import type { Locale } from '../domain/model';
import type { Store } from '../ports/Store';

/**
 * Which chat card shows a given SMS, so a delivery report from the SMS provider can update that card
 * ("Levererat 10:32", or what went wrong). Written by the dialogs when they show a code card.
 */
export interface SmsCardLink {
  readonly reference: Partial<ConversationReference>;
  /** The activity id of the code card to update. */
  readonly activityId: string;
  readonly locale: Locale;
  readonly accountName: string;
  readonly purpose: 'reset' | 'confirm-mobile';
  readonly maskedMobile: string;
  /**
   * The code card as it was shown (it holds no secret: the code is typed, never displayed). When given,
   * a delivery report updates that same card with a line "Levererat 10:32", keeping its input and buttons;
   * without it the report is said in a new message instead.
   */
  readonly card?: Attachment;
}

const key = (providerMessageId: string) => `sms-card/${providerMessageId}`;
/** Delivery reports come within hours; keep the link a day. */
const LINK_TTL_MS = 24 * 60 * 60 * 1000;

export async function linkSmsToCard(store: Store, providerMessageId: string, link: SmsCardLink): Promise<void> {
  await store.put(key(providerMessageId), link, { ttlMs: LINK_TTL_MS });
}

export async function cardForSms(store: Store, providerMessageId: string): Promise<SmsCardLink | undefined> {
  return (await store.get<SmsCardLink>(key(providerMessageId)))?.value;
}
