import type { Attachment } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { AccountSummary, UseCases } from '../../app/contracts';
import type { Actor } from '../../domain/model';
import type { Clock } from '../../ports/Clock';
import type { Logger } from '../../ports/Logger';
import type { Store } from '../../ports/Store';
import { cardTexts } from '../../i18n/cards';
import { formatTime } from '../../i18n/catalogue';
import { linkSmsToCard } from '../smsDeliveryLinks';
import { note, problem, type Note } from '../cards/button';
import { renderChooseAccount, renderMessage } from '../cards/renderCards';
import type { CardAction } from '../cards/actions';
import { Verb } from '../cards/verbs';
import { conversationReferenceOf, roteraTurn, type RoteraTurn } from '../turn';

/** What the dialogs are built with; `index.ts` supplies the real parts, tests the memory ones. */
export interface DialogDeps {
  readonly useCases: UseCases;
  /** For delivery-report links of code cards. */
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The system the shared accounts log into ("Treserva"). */
  readonly serviceName: string;
  readonly policy: { readonly minLength: number; readonly maxLength: number; readonly requiredKinds: number };
}

/** Options a routine can be started with: the account, when the user already named it. */
export interface RoutineOptions {
  readonly account?: string;
}

/** Persisted per routine in dialog state: names and steps only, never a password or a code. */
export interface RoutineState {
  step: string;
  account: string | null;
}

/** Six digits, perhaps typed with spaces or a dash: the only free text taken as a code. */
export function codeFromText(text: string): string | null {
  const compact = text.replace(/[\s-]/g, '');
  return /^\d{4,8}$/.test(compact) ? compact : null;
}

export const time = (turn: RoteraTurn, at: Date) => formatTime(at, turn.locale);

/**
 * A routine as a small state machine over botbuilder's Dialog: the step lives in dialog state (so a
 * restarted bot resumes there), each turn's input is handed to `onInput`, and choosing the account is
 * shared by every routine.
 */
export abstract class Routine<S extends RoutineState> extends Dialog {
  protected constructor(
    dialogId: string,
    protected readonly deps: DialogDeps,
    private readonly chooseFor: 'reset' | 'register-mobile',
  ) {
    super(dialogId);
  }

  protected abstract initialState(): S;
  /** The account is known and the user is responsible for it: start the routine's real work. */
  protected abstract withAccount(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: S, account: AccountSummary): Promise<DialogTurnResult>;
  /** Any later turn, once an account is chosen. */
  protected abstract onInput(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: S): Promise<DialogTurnResult>;
  /** The card of the current step again, with notes on top (a stale card, text where a card was expected). */
  protected abstract reprompt(dc: DialogContext, turn: RoteraTurn, state: S, notes: readonly Note[]): Promise<DialogTurnResult>;

  override async beginDialog(dc: DialogContext, options?: RoutineOptions): Promise<DialogTurnResult> {
    const turn = roteraTurn(dc.context);
    const state = this.initialState();
    Object.assign(this.stateOf(dc), state);
    if (!turn.actor) return this.finishWith(dc, turn, [note(cardTexts[turn.locale].common.noAccounts)]);
    const actor = turn.actor;
    if (options?.account) {
      const account = await this.deps.useCases.findMyAccount(actor, options.account);
      if (!account) return this.finishWith(dc, turn, [problem(cardTexts[turn.locale].common.notResponsible)]);
      return this.withAccount(dc, turn, actor, this.stateOf(dc), account);
    }
    const accounts = await this.deps.useCases.myAccounts(actor);
    const only = accounts.length === 1 ? accounts[0] : undefined;
    if (only) return this.withAccount(dc, turn, actor, this.stateOf(dc), only);
    if (accounts.length === 0) return this.finishWith(dc, turn, [note(cardTexts[turn.locale].common.noAccounts)]);
    this.stateOf(dc).step = 'choose-account';
    await turn.cards.show(renderChooseAccount({ locale: turn.locale, routine: this.chooseFor, accounts }));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const turn = roteraTurn(dc.context);
    const state = this.stateOf(dc);
    if (!turn.actor) return this.finishWith(dc, turn, [note(cardTexts[turn.locale].common.noAccounts)]);
    if (state.step === 'choose-account') return this.onChooseAccount(dc, turn, turn.actor, state);
    return this.onInput(dc, turn, turn.actor, state);
  }

  protected stateOf(dc: DialogContext): S {
    const instance = dc.activeDialog;
    if (!instance) throw new Error('no active dialog');
    instance.state ??= {};
    return instance.state as S;
  }

  private async onChooseAccount(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: S): Promise<DialogTurnResult> {
    const { input } = turn;
    let name: string | null = null;
    if (input.kind === 'action' && input.action.verb === Verb.chooseAccount) name = input.action.account;
    else if (input.kind === 'text') name = input.text.trim();
    if (name === null || name === '') return this.repromptChoice(dc, turn, [note(cardTexts[turn.locale].common.staleCard)]);
    const account = await this.deps.useCases.findMyAccount(actor, name);
    if (!account) return this.repromptChoice(dc, turn, [problem(cardTexts[turn.locale].common.notResponsible)]);
    return this.withAccount(dc, turn, actor, state, account);
  }

  private async repromptChoice(dc: DialogContext, turn: RoteraTurn, notes: readonly Note[]): Promise<DialogTurnResult> {
    const accounts = turn.actor ? await this.deps.useCases.myAccounts(turn.actor) : [];
    await turn.cards.show(renderChooseAccount({ locale: turn.locale, routine: this.chooseFor, accounts, notes }));
    return Dialog.EndOfTurn;
  }

  /** Shows a message card (with optional buttons) and ends the routine. */
  protected async finishWith(dc: DialogContext, turn: RoteraTurn, notes: readonly Note[], actions: Parameters<typeof renderMessage>[0]['actions'] = []): Promise<DialogTurnResult> {
    await turn.cards.show(renderMessage({ locale: turn.locale, notes, actions }));
    return dc.endDialog();
  }

  /** Shows the card for a code just sent and remembers it as that SMS's card, so the delivery report can update it. */
  protected async showSentCode(
    dc: DialogContext,
    turn: RoteraTurn,
    card: Attachment,
    link: { providerMessageId: string; account: string; purpose: 'reset' | 'confirm-mobile'; maskedMobile: string },
  ): Promise<DialogTurnResult> {
    const activityId = await turn.cards.show(card);
    if (!activityId) return Dialog.EndOfTurn;
    try {
      await linkSmsToCard(this.deps.store, link.providerMessageId, {
        reference: conversationReferenceOf(dc.context),
        activityId,
        locale: turn.locale,
        accountName: link.account,
        purpose: link.purpose,
        maskedMobile: link.maskedMobile,
        card,
      });
    } catch (error) {
      // The code is on its way; only the delivery status on the card is lost.
      this.deps.logger.warn({ err: { name: error instanceof Error ? error.name : 'unknown' }, account: link.account }, 'could not link the SMS to its card');
    }
    return Dialog.EndOfTurn;
  }

  /** The input, if it is one of the given verbs. */
  protected static actionOf<V extends CardAction['verb']>(turn: RoteraTurn, ...verbs: V[]): Extract<CardAction, { verb: V }> | null {
    const { input } = turn;
    if (input.kind !== 'action') return null;
    return (verbs as string[]).includes(input.action.verb) ? (input.action as Extract<CardAction, { verb: V }>) : null;
  }
}
