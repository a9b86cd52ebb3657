import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { AccountSummary, CodeRefusal } from '../../app/contracts';
import type { Actor } from '../../domain/model';
import { cardTexts } from '../../i18n/cards';
import { button, note, problem, type Note } from '../cards/button';
import { renderEnterCode, renderMessage, renderNewPassword, renderPasswordChanged } from '../cards/renderCards';
import { Verb } from '../cards/verbs';
import type { RoteraTurn } from '../turn';
import { DialogId } from './dialogIds';
import { codeFromText, Routine, time, type DialogDeps, type RoutineState } from './routine';

interface ResetState extends RoutineState {
  step: 'start' | 'choose-account' | 'code' | 'new-password';
  maskedMobile: string | null;
  expiresAt: string | null;
  resendAt: string | null;
  verifiedUntil: string | null;
}

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** The notes for a refused code, in the user's language. */
export function codeRefusalNotes(turn: RoteraTurn, refusal: CodeRefusal): Note[] {
  const t = cardTexts[turn.locale].code;
  switch (refusal.kind) {
    case 'wrong-code':
      return [problem(t.wrong(refusal.attemptsLeft))];
    case 'malformed-code':
      return [problem(t.malformed)];
    case 'code-expired':
      return [problem(t.expired)];
    case 'too-many-attempts':
      return [problem(t.tooMany)];
    case 'no-code':
      return [problem(t.noCode)];
  }
}

/**
 * Routine 3: a code by SMS to the number on file, the code entered, the new password twice.
 * A directory refusal lets the user try another password while the verified session lasts.
 */
export class ResetPasswordDialog extends Routine<ResetState> {
  constructor(deps: DialogDeps) {
    super(DialogId.resetPassword, deps, 'reset');
  }

  protected initialState(): ResetState {
    return { step: 'start', account: null, maskedMobile: null, expiresAt: null, resendAt: null, verifiedUntil: null };
  }

  protected async withAccount(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: ResetState, account: AccountSummary): Promise<DialogTurnResult> {
    state.account = account.name;
    state.maskedMobile = account.maskedMobile;
    return this.sendCode(dc, turn, actor, state);
  }

  protected async onInput(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: ResetState): Promise<DialogTurnResult> {
    const t = cardTexts[turn.locale];
    if (state.step === 'code') {
      if (Routine.actionOf(turn, Verb.resendResetCode)) return this.sendCode(dc, turn, actor, state);
      const submitted = Routine.actionOf(turn, Verb.submitResetCode);
      const code = submitted ? submitted.code : turn.input.kind === 'text' ? codeFromText(turn.input.text) : null;
      if (code === null) return this.reprompt(dc, turn, state, [note(turn.input.kind === 'text' ? t.common.useTheCard : t.common.staleCard)]);
      return this.verify(dc, turn, actor, state, code);
    }
    if (state.step === 'new-password') {
      const submitted = Routine.actionOf(turn, Verb.submitNewPassword);
      if (!submitted) {
        return this.reprompt(dc, turn, state, [turn.input.kind === 'text' ? problem(t.common.typePasswordInCard) : note(t.common.staleCard)]);
      }
      return this.change(dc, turn, actor, state, submitted.newPassword, submitted.repeatPassword);
    }
    return this.reprompt(dc, turn, state, [note(t.common.staleCard)]);
  }

  protected async reprompt(dc: DialogContext, turn: RoteraTurn, state: ResetState, notes: readonly Note[]): Promise<DialogTurnResult> {
    if (state.step === 'new-password') return this.showNewPassword(turn, state, notes);
    if (state.step === 'code') return this.showCode(dc, turn, state, notes);
    return this.finishWith(dc, turn, notes);
  }

  private async sendCode(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: ResetState): Promise<DialogTurnResult> {
    const account = state.account ?? '';
    const t = cardTexts[turn.locale];
    const outcome = await this.deps.useCases.startReset(actor, account);
    switch (outcome.kind) {
      case 'code-sent': {
        state.step = 'code';
        state.maskedMobile = outcome.maskedMobile;
        state.expiresAt = outcome.expiresAt.toISOString();
        state.resendAt = outcome.resendAt.toISOString();
        const link = { providerMessageId: outcome.providerMessageId, account, purpose: 'reset', maskedMobile: outcome.maskedMobile } as const;
        return this.showSentCode(dc, turn, this.codeCard(turn, state, []), link);
      }
      case 'resend-too-early':
        // A code is already on its way (or was just sent): keep to it.
        state.step = 'code';
        state.resendAt = outcome.resendAt.toISOString();
        return this.showCode(dc, turn, state, [note(t.code.resendTooEarly(time(turn, outcome.resendAt)), 'Warning', 'Bolder')]);
      case 'no-mobile':
        return this.finishWith(dc, turn, [problem(t.resetCode.noMobile(account))], [
          button(t.resetCode.registerMobile, { verb: Verb.startRegisterMobile, account }, { style: 'positive' }),
          button(t.common.cancel, { verb: Verb.cancel }),
        ]);
      case 'rate-limited':
        return this.finishWith(dc, turn, [problem(t.code.rateLimited(time(turn, outcome.retryAt)))]);
      case 'sms-refused':
        return this.finishWith(dc, turn, [problem(t.code.smsRefused[outcome.reason](outcome.supportContact))]);
      case 'not-responsible':
        return this.finishWith(dc, turn, [problem(t.common.notResponsible)]);
    }
  }

  private async verify(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: ResetState, code: string): Promise<DialogTurnResult> {
    const outcome = await this.deps.useCases.verifyResetCode(actor, state.account ?? '', code);
    switch (outcome.kind) {
      case 'verified':
        state.step = 'new-password';
        state.verifiedUntil = outcome.until.toISOString();
        return this.showNewPassword(turn, state, []);
      case 'not-responsible':
        return this.finishWith(dc, turn, [problem(cardTexts[turn.locale].common.notResponsible)]);
      default:
        return this.showCode(dc, turn, state, codeRefusalNotes(turn, outcome));
    }
  }

  private async change(dc: DialogContext, turn: RoteraTurn, actor: Actor, state: ResetState, newPassword: string, repeated: string): Promise<DialogTurnResult> {
    const account = state.account ?? '';
    const t = cardTexts[turn.locale];
    const outcome = await this.deps.useCases.changePassword(actor, account, newPassword, repeated);
    switch (outcome.kind) {
      case 'password-changed':
        await turn.cards.show(
          renderPasswordChanged({
            locale: turn.locale,
            account,
            serviceName: this.deps.serviceName,
            nextChangeDue: outcome.nextChangeDue,
            supportContact: outcome.supportContact,
          }),
        );
        return dc.endDialog();
      case 'mismatch':
        return this.showNewPassword(turn, state, [problem(t.newPassword.mismatch)]);
      case 'policy':
        return this.showNewPassword(turn, state, [
          problem(t.newPassword.refusedHeading),
          ...outcome.failures.map((f) => note(`- ${t.newPassword.failure(f)}`, 'Attention')),
        ]);
      case 'earlier-password':
        return this.showNewPassword(turn, state, [problem(t.newPassword.earlier(outcome.variant))]);
      case 'directory-refused':
        return this.showNewPassword(turn, state, [problem(t.newPassword.directoryRefused[outcome.reason]), note(t.newPassword.tryAnother)]);
      case 'not-verified':
        state.step = 'code';
        return this.finishStepWithResend(turn, t.newPassword.notVerified);
      case 'not-responsible':
        return this.finishWith(dc, turn, [problem(t.common.notResponsible)]);
    }
  }

  /** The verified session is over: offer a new code; the routine stays on the code step. */
  private async finishStepWithResend(turn: RoteraTurn, text: string): Promise<DialogTurnResult> {
    const t = cardTexts[turn.locale];
    await turn.cards.show(
      renderMessage({
        locale: turn.locale,
        notes: [problem(text)],
        actions: [button(t.code.resend, { verb: Verb.resendResetCode }, { style: 'positive' }), button(t.common.cancel, { verb: Verb.cancel })],
      }),
    );
    return Dialog.EndOfTurn;
  }

  private codeCard(turn: RoteraTurn, state: ResetState, notes: readonly Note[]) {
    return renderEnterCode({
      locale: turn.locale,
      account: state.account ?? '',
      maskedMobile: state.maskedMobile ?? '',
      expiresAt: date(state.expiresAt),
      resendAt: date(state.resendAt),
      notes,
    });
  }

  private async showCode(_dc: DialogContext, turn: RoteraTurn, state: ResetState, notes: readonly Note[]): Promise<DialogTurnResult> {
    await turn.cards.show(this.codeCard(turn, state, notes));
    return Dialog.EndOfTurn;
  }

  private async showNewPassword(turn: RoteraTurn, state: ResetState, notes: readonly Note[]): Promise<DialogTurnResult> {
    await turn.cards.show(
      renderNewPassword({ locale: turn.locale, account: state.account ?? '', verifiedUntil: date(state.verifiedUntil), policy: this.deps.policy, notes }),
    );
    return Dialog.EndOfTurn;
  }
}
