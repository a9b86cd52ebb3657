import {
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type Attachment,
} from 'botbuilder';
import type { Actor, Locale, TeamsUser } from '../domain/model';
import type { Logger } from '../ports/Logger';
import type { CardAction } from './cards/actions';
import { renderMessage, renderSubmitted } from './cards/renderCards';
import { note } from './cards/button';
import { cardTexts } from '../i18n/cards';

/** What the user did this turn, already validated: typed text, a card action, or nothing (install). */
export type TurnInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly action: CardAction }
  | { readonly kind: 'none' };

/** Everything a dialog needs to know about the current turn; never persisted. */
export interface RoteraTurn {
  readonly user: TeamsUser;
  /** Null when the directory does not know the user: they manage nothing. */
  readonly actor: Actor | null;
  readonly locale: Locale;
  readonly input: TurnInput;
  readonly cards: CardTurn;
}

const TURN_KEY = Symbol('rotera.turn');

export function setRoteraTurn(context: TurnContext, turn: RoteraTurn): void {
  context.turnState.set(TURN_KEY, turn);
}

export function roteraTurn(context: TurnContext): RoteraTurn {
  const turn = context.turnState.get(TURN_KEY) as RoteraTurn | undefined;
  if (!turn) throw new Error('RoteraTurn missing: dialogs run only inside RoteraBot');
  return turn;
}

/**
 * Shows cards the way the turn came in. For an Action.Execute invoke, the first card becomes the invoke
 * response (the card changes in place) and the message is also updated for the user's other devices.
 * For a message (text or Action.Submit), the card is sent as a new message; a submitted card is first
 * replaced by a "received" card so its inputs, a password among them, are no longer offered.
 */
export class CardTurn {
  private invokeCard: Record<string, unknown> | null = null;
  private submittedReplaced = false;

  constructor(
    private readonly context: TurnContext,
    private readonly locale: Locale,
    private readonly logger: Logger,
  ) {}

  get isInvoke(): boolean {
    return this.context.activity.type === 'invoke';
  }

  /** Shows the card; resolves with the id of the message that shows it (for delivery-report links). */
  async show(card: Attachment): Promise<string | undefined> {
    const { activity } = this.context;
    if (this.isInvoke && this.invokeCard === null) {
      this.invokeCard = card.content as Record<string, unknown>;
      if (activity.replyToId) await this.update(activity.replyToId, card);
      return activity.replyToId;
    }
    await this.replaceSubmittedCard();
    const sent = await this.context.sendActivity({ type: 'message', attachments: [card] });
    return sent?.id;
  }

  /** Action.Submit: turns the submitted card into a "received" card. Safe to call more than once. */
  async replaceSubmittedCard(): Promise<void> {
    const { activity } = this.context;
    if (this.submittedReplaced || this.isInvoke || activity.value === undefined || !activity.replyToId) return;
    this.submittedReplaced = true;
    await this.update(activity.replyToId, renderSubmitted({ locale: this.locale }));
  }

  /** The answer to an Action.Execute invoke: the card shown this turn, or a short "done" card. */
  invokeResponse(): AdaptiveCardInvokeResponse {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: this.invokeCard ?? (renderMessage({ locale: this.locale, notes: [note(cardTexts[this.locale].common.done)] }).content as Record<string, unknown>),
    };
  }

  private async update(activityId: string, card: Attachment): Promise<void> {
    try {
      await this.context.updateActivity({ id: activityId, type: 'message', attachments: [card] });
    } catch (error) {
      // The next card still goes out; an old card left as it was is not worth failing the turn for.
      this.logger.warn({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'could not update the card in place');
    }
  }
}

/** The reference used for proactive messages and delivery-report links. */
export function conversationReferenceOf(context: TurnContext) {
  return TurnContext.getConversationReference(context.activity);
}
