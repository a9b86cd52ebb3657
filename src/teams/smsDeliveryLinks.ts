import { createHash } from 'node:crypto';
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

/** Which SMS a chat message shows; hashed, so conversation ids stay out of key names. */
const byCardKey = (conversationId: string, activityId: string) =>
  `sms-card-by-activity/${createHash('sha256').update(`${conversationId}\n${activityId}`, 'utf8').digest('hex')}`;

export async function linkSmsToCard(store: Store, providerMessageId: string, link: SmsCardLink): Promise<void> {
  await store.put(key(providerMessageId), link, { ttlMs: LINK_TTL_MS });
  await store.put(byCardKey(link.reference.conversation?.id ?? '', link.activityId), { providerMessageId }, { ttlMs: LINK_TTL_MS });
}

/**
 * The user acted on this chat message (answered the code card, asked for a new code): whatever SMS it
 * showed is old news, and a late delivery report must not turn the message back into that code card.
 * Called before the turn runs, so a link the turn itself writes for the same message stays.
 */
export async function forgetSmsCard(store: Store, conversationId: string, activityId: string): Promise<void> {
  const reverse = byCardKey(conversationId, activityId);
  const linked = await store.get<{ providerMessageId: string }>(reverse);
  if (!linked) return;
  await store.delete(key(linked.value.providerMessageId));
  await store.delete(reverse);
}

export async function cardForSms(store: Store, providerMessageId: string): Promise<SmsCardLink | undefined> {
  return (await store.get<SmsCardLink>(key(providerMessageId)))?.value;
}
