import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { AccountSummary, MobileConfirmationStart } from '../../app/contracts';
import type { Actor } from '../../domain/model';
import { cardTexts } from '../../i18n/cards';
import { button, note, problem, type Note } from '../cards/button';
import { renderConfirmMobileCode, renderCurrentPassword, renderMobileSaved, renderNewNumber } from '../cards/renderCards';
import { Verb } from '../cards/verbs';
import type { RoteraTurn } from '../turn';
import { DialogId } from './dialogIds';
import { codeRefusalNotes } from './ResetPasswordDialog';
import { codeFromText, Routine, time, type DialogDeps, type RoutineState } from './routine';

interface RegisterState extends RoutineState {
  step: 'start' | 'choose-account' | 'current-password' | 'new-number' | 'code';
  maskedOnFile: string | null;
  /** The user's own work mobile, offered first (not a secret: it is their number). */
  suggestedMobile: string | null;
  /** The number being confirmed, as typed; the use case parses it again when a new code is asked for. */
  pendingNumber: string | null;
  maskedNew: string | null;
  expiresAt: string | null;
  resendAt: string | null;
}

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/**
 * Routine 2: the account's current password proves the right to change its recovery mobile; a code to
 * the NEW number confirms it before it is saved.
 */
export class RegisterMobileDialog extends Routine<RegisterState> {
  constructor(deps: DialogDeps) {
    super(DialogId.registerMobile, deps, 'register-mobile');
  }

  protected initialState(): RegisterState {
    return {
      step: 'start',
      account: null,
      maskedOnFile: null,
      suggestedMobile: null,
      pendingNumber: null,
      maskedNew: null,
      expiresAt: null,
      resendAt: null,
    };
  }

  protected async withAccount(_dc: DialogContext, turn: RoteraTurn, _actor: Actor, state: RegisterState, account: AccountSummary): Promise<DialogTurnResult> {
    state.account = account.name;
    state.maskedOnFile = account.maskedMobile;
    state.step = 'current-password';
    return this.showPassword(turn, state, []);
  }

  protected async onInput(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: RegisterState): Promise<DialogTurnResult> {
    const t = cardTexts[turn.locale];
    const stale = [note(t.common.staleCard)];
    switch (state.step) {
      case 'current-password': {
        const submitted = Routine.actionOf(turn, Verb.submitCurrentPassword);
        if (!submitted) return this.reprompt(dc, turn, state, turn.input.kind === 'text' ? [problem(t.common.typePasswordInCard)] : stale);
        return this.checkPassword(dc, turn, actor, state, submitted.currentPassword);
      }
      case 'new-number': {
        const submitted = Routine.actionOf(turn, Verb.submitNewNumber);
        const raw = submitted ? submitted.newNumber : turn.input.kind === 'text' ? turn.input.text : null;
        if (raw === null) return this.reprompt(dc, turn, state, stale);
        return this.sendCode(dc, turn, actor, state, raw);
      }
      case 'code': {
        if (Routine.actionOf(turn, Verb.resendMobileCode)) return this.sendCode(dc, turn, actor, state, state.pendingNumber ?? '');
        const submitted = Routine.actionOf(turn, Verb.submitMobileCode);
        const code = submitted ? submitted.code : turn.input.kind === 'text' ? codeFromText(turn.input.text) : null;
        if (code === null) return this.reprompt(dc, turn, state, turn.input.kind === 'text' ? [note(t.common.useTheCard)] : stale);
        return this.confirm(dc, turn, actor, state, code);
      }
      default:
        return this.reprompt(dc, turn, state, stale);
    }
  }

  protected async reprompt(dc: DialogContext, turn: RoteraTurn, state: RegisterState, notes: readonly Note[]): Promise<DialogTurnResult> {
    switch (state.step) {
      case 'current-password':
        return this.showPassword(turn, state, notes);
      case 'new-number':
        return this.showNumber(turn, state, notes);
      case 'code':
        return this.showCode(turn, state, notes);
      default:
        return this.finishWith(dc, turn, notes);
    }
  }

  private async checkPassword(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: RegisterState, password: string): Promise<DialogTurnResult> {
    const t = cardTexts[turn.locale];
    const account = state.account ?? '';
    const outcome = await this.deps.useCases.checkCurrentPassword(actor, account, password);
    switch (outcome.kind) {
      case 'proven':
        state.step = 'new-number';
        state.maskedOnFile = outcome.account.maskedMobile;
        state.suggestedMobile = outcome.suggestedMobile;
        return this.showNumber(turn, state, []);
      case 'empty-password':
        return this.showPassword(turn, state, [problem(t.currentPassword.empty)]);
      case 'wrong-password':
        return this.showPassword(turn, state, [problem(t.currentPassword.wrong(outcome.attemptsLeft))]);
      case 'attempts-exhausted':
        return this.finishWith(dc, turn, [problem(t.currentPassword.exhausted(time(turn, outcome.retryAt)))], [
          button(t.welcome.reset, { verb: Verb.startReset, account }),
        ]);
      case 'lockout-risk':
        return this.finishWith(dc, turn, [problem(t.currentPassword.lockoutRisk)], [button(t.welcome.reset, { verb: Verb.startReset, account })]);
      case 'account-locked':
        return this.finishWith(dc, turn, [problem(t.currentPassword.locked(outcome.supportContact))], [
          button(t.welcome.reset, { verb: Verb.startReset, account }),
        ]);
      case 'account-disabled':
        return this.finishWith(dc, turn, [problem(t.currentPassword.disabled(outcome.supportContact))]);
      case 'not-responsible':
        return this.finishWith(dc, turn, [problem(t.common.notResponsible)]);
    }
  }

  private async sendCode(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: RegisterState, raw: string): Promise<DialogTurnResult> {
    const t = cardTexts[turn.locale];
    const account = state.account ?? '';
    const outcome: MobileConfirmationStart = await this.deps.useCases.startMobileConfirmation(actor, account, raw);
    const stayNotes = (notes: Note[]) => (state.step === 'code' ? this.showCode(turn, state, notes) : this.showNumber(turn, state, notes));
    switch (outcome.kind) {
      case 'code-sent': {
        state.step = 'code';
        state.pendingNumber = raw;
        state.maskedNew = outcome.maskedMobile;
        state.expiresAt = outcome.expiresAt.toISOString();
        state.resendAt = outcome.resendAt.toISOString();
        const link = { providerMessageId: outcome.providerMessageId, account, purpose: 'confirm-mobile', maskedMobile: outcome.maskedMobile } as const;
        return this.showSentCode(dc, turn, this.codeCard(turn, state, []), link);
      }
      case 'invalid-number':
        return this.showNumber(turn, state, [problem(t.newNumber.problem[outcome.problem])]);
      case 'proof-expired':
        state.step = 'current-password';
        return this.showPassword(turn, state, [problem(t.currentPassword.proofExpired)]);
      case 'rate-limited':
        if (state.step === 'code') return stayNotes([problem(t.code.rateLimited(time(turn, outcome.retryAt)))]);
        return this.finishWith(dc, turn, [problem(t.code.rateLimited(time(turn, outcome.retryAt)))]);
      case 'sms-refused':
        return stayNotes([problem(t.code.smsRefused[outcome.reason](outcome.supportContact))]);
      case 'not-responsible':
        return this.finishWith(dc, turn, [problem(t.common.notResponsible)]);
    }
  }

  private async confirm(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: RegisterState, code: string): Promise<DialogTurnResult> {
    const t = cardTexts[turn.locale];
    const account = state.account ?? '';
    const outcome = await this.deps.useCases.confirmMobile(actor, account, code);
    switch (outcome.kind) {
      case 'mobile-saved':
        await turn.cards.show(
          renderMobileSaved({ locale: turn.locale, account, maskedMobile: outcome.maskedMobile, previousNumberNotified: outcome.previousNumberNotified }),
        );
        return dc.endDialog();
      case 'proof-expired':
        state.step = 'current-password';
        return this.showPassword(turn, state, [problem(t.currentPassword.proofExpired)]);
      case 'not-responsible':
        return this.finishWith(dc, turn, [problem(t.common.notResponsible)]);
      default:
        return this.showCode(turn, state, codeRefusalNotes(turn, outcome));
    }
  }

  private codeCard(turn: RoteraTurn, state: RegisterState, notes: readonly Note[]) {
    return renderConfirmMobileCode({
      locale: turn.locale,
      account: state.account ?? '',
      maskedMobile: state.maskedNew ?? '',
      expiresAt: date(state.expiresAt),
      resendAt: date(state.resendAt),
      notes,
    });
  }

  private async showPassword(turn: RoteraTurn, state: RegisterState, notes: readonly Note[]): Promise<DialogTurnResult> {
    await turn.cards.show(renderCurrentPassword({ locale: turn.locale, account: state.account ?? '', notes }));
    return Dialog.EndOfTurn;
  }

  private async showNumber(turn: RoteraTurn, state: RegisterState, notes: readonly Note[]): Promise<DialogTurnResult> {
    await turn.cards.show(
      renderNewNumber({ locale: turn.locale, account: state.account ?? '', maskedOnFile: state.maskedOnFile, suggestedMobile: state.suggestedMobile, notes }),
    );
    return Dialog.EndOfTurn;
  }

  private async showCode(turn: RoteraTurn, state: RegisterState, notes: readonly Note[]): Promise<DialogTurnResult> {
    await turn.cards.show(this.codeCard(turn, state, notes));
    return Dialog.EndOfTurn;
  }
}
