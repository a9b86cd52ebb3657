import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Actor } from '../../domain/model';
import { cardTexts } from '../../i18n/cards';
import type { Intent } from '../../i18n/intents';
import { matchIntent } from '../../i18n/intents';
import { note, type Note } from '../cards/button';
import { renderMessage, renderWelcome } from '../cards/renderCards';
import { Verb } from '../cards/verbs';
import { handleNudgeAction, isNudgeAction } from '../nudgeActions';
import { roteraTurn, type RoteraTurn } from '../turn';
import { DialogId } from './dialogIds';
import { MyAccountsDialog, type MyAccountsOptions } from './MyAccountsDialog';
import { RegisterMobileDialog } from './RegisterMobileDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import type { DialogDeps, RoutineOptions, RoutineState } from './routine';

/** Something that starts over whatever runs: an intent typed, or a card button that names a routine. */
type Command =
  | { readonly kind: 'cancel' | 'help' | 'welcome' }
  | { readonly kind: 'dialog'; readonly id: string; readonly options: RoutineOptions | MyAccountsOptions };

const INTENT_COMMANDS: Readonly<Record<Intent, Command>> = {
  cancel: { kind: 'cancel' },
  help: { kind: 'help' },
  welcome: { kind: 'welcome' },
  reset: { kind: 'dialog', id: DialogId.resetPassword, options: {} },
  'register-mobile': { kind: 'dialog', id: DialogId.registerMobile, options: {} },
  'my-accounts': { kind: 'dialog', id: DialogId.myAccounts, options: {} },
};

/**
 * The root: interruptions first (cancel, help, a new routine by text or button), then the active routine,
 * else the welcome card. Ends whenever no routine waits for the user, so the next turn routes afresh.
 */
export class MainDialog extends ComponentDialog {
  constructor(deps: DialogDeps) {
    super(DialogId.main);
    this.addDialog(new ResetPasswordDialog(deps));
    this.addDialog(new RegisterMobileDialog(deps));
    this.addDialog(new MyAccountsDialog(deps));
    this.deps = deps;
  }

  private readonly deps: DialogDeps;

  protected override async onBeginDialog(inner: DialogContext): Promise<DialogTurnResult> {
    return this.route(inner);
  }

  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    return this.route(inner);
  }

  private async route(inner: DialogContext): Promise<DialogTurnResult> {
    const turn = roteraTurn(inner.context);
    if (turn.input.kind === 'action' && isNudgeAction(turn.input.action)) {
      // A nudge's own buttons answer by themselves and leave a routine in progress where it was.
      await handleNudgeAction(this.deps, turn, turn.input.action);
      return inner.activeDialog ? Dialog.EndOfTurn : { status: DialogTurnStatus.complete };
    }
    const command = commandOf(turn);
    if (command) {
      const abandoned = command.kind === 'cancel' ? routineAccount(inner) : null;
      await inner.cancelAllDialogs();
      switch (command.kind) {
        case 'cancel':
          if (abandoned !== null && turn.actor) await this.abandon(turn, turn.actor, abandoned);
          await turn.cards.show(renderMessage({ locale: turn.locale, notes: [note(cardTexts[turn.locale].common.cancelled)] }));
          return { status: DialogTurnStatus.complete };
        case 'help':
        case 'welcome':
          await this.showWelcome(turn, []);
          return { status: DialogTurnStatus.complete };
        case 'dialog':
          return this.settle(await inner.beginDialog(command.id, command.options));
      }
    }
    if (inner.activeDialog) return this.settle(await inner.continueDialog());
    const t = cardTexts[turn.locale].common;
    // A step's card from a routine that has ended (or expired): say so, and show the way in.
    await this.showWelcome(turn, [note(turn.input.kind === 'action' ? t.staleCard : t.notUnderstood, 'Warning')]);
    return { status: DialogTurnStatus.complete };
  }

  /**
   * A cancelled routine's code, verified session and proven password stop working now. If the store
   * fails, the cancel still stands: those records expire on their own within minutes.
   */
  private async abandon(turn: RoteraTurn, actor: Actor, account: string): Promise<void> {
    try {
      await this.deps.useCases.abandon(actor, account);
    } catch (error) {
      this.deps.logger.warn({ err: { name: error instanceof Error ? error.name : 'unknown' }, account }, 'cancelled routine left its records to expire');
    }
  }

  private settle(result: DialogTurnResult): DialogTurnResult {
    return result.status === DialogTurnStatus.waiting ? Dialog.EndOfTurn : { status: DialogTurnStatus.complete };
  }

  /** The welcome card: what the bot does, the user's accounts, the three routines. */
  async showWelcome(turn: RoteraTurn, notes: readonly Note[]): Promise<void> {
    const accounts = turn.actor ? await this.deps.useCases.myAccounts(turn.actor) : [];
    await turn.cards.show(renderWelcome({ locale: turn.locale, name: turn.actor?.person.displayName ?? turn.user.name, accounts, notes }));
  }
}

/** The account the running routine works on, once the user chose one. */
function routineAccount(inner: DialogContext): string | null {
  const active = inner.activeDialog;
  if (!active || (active.id !== DialogId.resetPassword && active.id !== DialogId.registerMobile)) return null;
  const account = (active.state as Partial<RoutineState> | undefined)?.account;
  return typeof account === 'string' && account !== '' ? account : null;
}

function commandOf(turn: RoteraTurn): Command | null {
  const { input } = turn;
  if (input.kind === 'text') {
    const intent = matchIntent(input.text);
    return intent ? INTENT_COMMANDS[intent] : null;
  }
  if (input.kind !== 'action') return null;
  const { action } = input;
  switch (action.verb) {
    case Verb.cancel:
      return { kind: 'cancel' };
    case Verb.help:
      return { kind: 'help' };
    case Verb.startReset:
      return { kind: 'dialog', id: DialogId.resetPassword, options: action.account ? { account: action.account } : {} };
    case Verb.startRegisterMobile:
      return { kind: 'dialog', id: DialogId.registerMobile, options: action.account ? { account: action.account } : {} };
    case Verb.myAccounts:
      return { kind: 'dialog', id: DialogId.myAccounts, options: {} };
    case Verb.searchDelegate:
    case Verb.addDelegate:
    case Verb.removeDelegate:
      return { kind: 'dialog', id: DialogId.myAccounts, options: { action } };
    default:
      return null;
  }
}
