import type { UseCases } from '../app/contracts';
import { NudgeSnoozes } from '../app/nudgeSnooze';
import { daysUntil } from '../domain/rotation';
import { defaultNudgeOptions, REMINDER_DAYS_BEFORE, type NudgeOptions } from '../domain/rotationNudges';
import { cardTexts } from '../i18n/cards';
import { formatDate } from '../i18n/catalogue';
import { formatWeekdayDate, nudgeTexts } from '../i18n/nudges';
import type { Clock } from '../ports/Clock';
import type { Logger } from '../ports/Logger';
import type { Store } from '../ports/Store';
import type { CardActionOf } from './cards/actions';
import { note, problem } from './cards/button';
import { renderMessage } from './cards/renderCards';
import { Verb } from './cards/verbs';
import { changeNowButton } from './proactive/nudgeCards';
import type { RoteraTurn } from './turn';

export type NudgeAction = CardActionOf<typeof Verb.snoozeNudge> | CardActionOf<typeof Verb.alreadyChanged>;

export interface NudgeActionDeps {
  readonly useCases: UseCases;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Time zone and days off, as the sweep uses them (defaults: Europe/Stockholm, weekends). */
  readonly nudges?: NudgeOptions;
}

export function isNudgeAction(action: { readonly verb: string }): action is NudgeAction {
  return action.verb === Verb.snoozeNudge || action.verb === Verb.alreadyChanged;
}

/**
 * The nudge card's own buttons. Both act only for someone responsible for the account (the same
 * uniform answer otherwise) and answer with a small card in place of the nudge.
 */
export async function handleNudgeAction(deps: NudgeActionDeps, turn: RoteraTurn, action: NudgeAction): Promise<void> {
  const { locale } = turn;
  const common = cardTexts[locale].common;
  const t = nudgeTexts[locale];
  if (!turn.actor) {
    await turn.cards.show(renderMessage({ locale, notes: [note(common.noAccounts)] }));
    return;
  }
  const account = await deps.useCases.findMyAccount(turn.actor, action.account);
  if (!account) {
    await turn.cards.show(renderMessage({ locale, notes: [problem(common.notResponsible)] }));
    return;
  }

  if (action.verb === Verb.snoozeNudge) {
    const snoozes = new NudgeSnoozes(deps.store, deps.clock, deps.nudges ?? defaultNudgeOptions);
    const { untilIso } = await snoozes.snooze(account.name, turn.actor.person.dn);
    deps.logger.info({ account: account.name, until: untilIso }, 'nudge snoozed');
    const day = formatWeekdayDate(new Date(`${untilIso}T12:00:00Z`), locale);
    await turn.cards.show(renderMessage({ locale, notes: [note(t.snoozed({ account: account.name, day }))] }));
    return;
  }

  // "Jag har redan bytt": findMyAccount read the account from the directory just now.
  const now = deps.clock.now();
  if (account.passwordLastSet === null) {
    await turn.cards.show(renderMessage({ locale, notes: [note(t.neverSet({ account: account.name }), 'Warning')], actions: [changeNowButton(locale, account.name)] }));
    return;
  }
  const changed = formatDate(account.passwordLastSet, locale);
  const due = formatDate(account.nextChangeDue, locale);
  const stillDue = account.overdue || daysUntil(account.nextChangeDue, now) <= REMINDER_DAYS_BEFORE[0];
  deps.logger.info({ account: account.name, stillDue }, 'already-changed checked against the directory');
  if (stillDue) {
    await turn.cards.show(
      renderMessage({ locale, notes: [note(t.notChangedYet({ account: account.name, changed, due }), 'Warning')], actions: [changeNowButton(locale, account.name)] }),
    );
  } else {
    await turn.cards.show(renderMessage({ locale, notes: [note(t.changedFound({ account: account.name, changed, next: due }), 'Good')] }));
  }
}
