import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DelegateChange } from '../../app/contracts';
import type { Actor, Locale } from '../../domain/model';
import { cardTexts } from '../../i18n/cards';
import { note, problem, type Note } from '../cards/button';
import type { CardActionOf } from '../cards/actions';
import { renderDelegateSearchResults, renderMessage, renderMyAccounts } from '../cards/renderCards';
import { Verb } from '../cards/verbs';
import { roteraTurn, type RoteraTurn } from '../turn';
import { DialogId } from './dialogIds';
import type { DialogDeps } from './routine';

export interface MyAccountsOptions {
  readonly action?: CardActionOf<typeof Verb.searchDelegate> | CardActionOf<typeof Verb.addDelegate> | CardActionOf<typeof Verb.removeDelegate>;
}

const SEARCH_LIMIT = 8;

/**
 * Routine 4: the overview of the user's accounts, and delegation. Every card action carries the account
 * and person it is about, so this dialog keeps no state: it does one thing per turn and ends.
 */
export class MyAccountsDialog extends Dialog<MyAccountsOptions> {
  constructor(private readonly deps: DialogDeps) {
    super(DialogId.myAccounts);
  }

  override async beginDialog(dc: DialogContext, options?: MyAccountsOptions): Promise<DialogTurnResult> {
    const turn = roteraTurn(dc.context);
    const t = cardTexts[turn.locale];
    if (!turn.actor) {
      await turn.cards.show(renderMessage({ locale: turn.locale, notes: [note(t.common.noAccounts)] }));
      return dc.endDialog();
    }
    const action = options?.action;
    if (!action) await this.overview(turn, turn.actor, []);
    else if (action.verb === Verb.searchDelegate) await this.search(turn, turn.actor, action.account, action.query.trim());
    else {
      const outcome =
        action.verb === Verb.addDelegate
          ? await this.deps.useCases.addDelegate(turn.actor, action.account, action.personDn)
          : await this.deps.useCases.removeDelegate(turn.actor, action.account, action.personDn);
      await this.overview(turn, turn.actor, [delegateNote(turn.locale, action.account, outcome)]);
    }
    return dc.endDialog();
  }

  private async overview(turn: RoteraTurn, actor: Actor, notes: readonly Note[]): Promise<void> {
    const accounts = await this.deps.useCases.myAccounts(actor);
    await turn.cards.show(renderMyAccounts({ locale: turn.locale, accounts, notes }));
  }

  private async search(turn: RoteraTurn, actor: Actor, accountName: string, query: string): Promise<void> {
    const t = cardTexts[turn.locale];
    const account = await this.deps.useCases.findMyAccount(actor, accountName);
    if (!account) {
      await turn.cards.show(renderMessage({ locale: turn.locale, notes: [problem(t.common.notResponsible)] }));
      return;
    }
    if (account.role !== 'manager') {
      await this.overview(turn, actor, [problem(t.delegates.notManager)]);
      return;
    }
    const people = query === '' ? [] : (await this.deps.useCases.searchPeople(actor, query)).slice(0, SEARCH_LIMIT);
    const notes = query === '' ? [note(t.delegates.emptyQuery)] : people.length === 0 ? [problem(t.delegates.noMatch(query))] : [];
    await turn.cards.show(renderDelegateSearchResults({ locale: turn.locale, account: account.name, query, people, notes }));
  }
}

function delegateNote(locale: Locale, account: string, outcome: DelegateChange): Note {
  const t = cardTexts[locale];
  switch (outcome.kind) {
    case 'delegate-added':
      return note(t.delegates.added(outcome.delegate.displayName, account), 'Good', 'Bolder');
    case 'delegate-removed':
      return note(t.delegates.removed(outcome.delegate.displayName, account), 'Good', 'Bolder');
    case 'not-manager':
      return problem(t.delegates.notManager);
    case 'already-delegate':
      return problem(t.delegates.alreadyDelegate);
    case 'not-a-delegate':
      return problem(t.delegates.notADelegate);
    case 'person-not-found':
      return problem(t.delegates.personNotFound);
    case 'is-manager':
      return problem(t.delegates.isManager);
    case 'not-responsible':
      return problem(t.common.notResponsible);
  }
}
