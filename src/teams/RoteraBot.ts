import {
  ConversationState,
  TeamsActivityHandler,
  TeamsInfo,
  UserState,
  type ConversationReference,
  type InvokeResponse,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { ConcurrencyConflict, DirectoryUnavailable, SmsUnavailable, StoreUnavailable } from '../domain/errors';
import type { Locale, TeamsUser } from '../domain/model';
import { localeFrom } from '../i18n/catalogue';
import { cardTexts } from '../i18n/cards';
import { matchIntent, type Intent } from '../i18n/intents';
import type { Logger } from '../ports/Logger';
import type { Store } from '../ports/Store';
import { parseCardAction } from './cards/actions';
import { problem } from './cards/button';
import { renderMessage, renderWelcome } from './cards/renderCards';
import { DialogId } from './dialogs/dialogIds';
import { MainDialog } from './dialogs/MainDialog';
import type { DialogDeps } from './dialogs/routine';
import { StoreBotStorage } from './StoreBotStorage';
import { CardTurn, conversationReferenceOf, setRoteraTurn, type TurnInput } from './turn';

/** Where proactive messages find a user again (implemented in src/teams/proactive). */
export interface ConversationReferences {
  remember(input: {
    personDn: string | null;
    teamsUserId: string;
    aadObjectId: string | null;
    reference: Partial<ConversationReference>;
    locale: Locale;
  }): Promise<void>;
  forget(teamsUserId: string): Promise<void>;
}

export interface RoteraBotOptions {
  readonly deps: DialogDeps;
  /** Dialog and user state live here, so a restarted bot resumes a routine at its step. */
  readonly store: Store;
  readonly conversationReferences?: ConversationReferences;
  readonly logger: Logger;
}

interface UserProfile {
  welcomed?: boolean;
  /** From TeamsInfo.getMember, kept a day: the roster call costs a round trip per turn otherwise. */
  userPrincipalName?: string | null;
  /** When the roster last answered (epoch ms); a UPN can change, and a failed call is asked again next turn. */
  userPrincipalNameCheckedAt?: number;
}

/** How long a user principal name from the roster is trusted before it is asked again (renames happen). */
export const USER_PRINCIPAL_NAME_TTL_MS = 24 * 60 * 60 * 1000;

const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';
const ROUTINE_INTENTS: ReadonlySet<Intent> = new Set<Intent>(['reset', 'register-mobile', 'my-accounts']);
/** A routine left alone this long is not resumed. */
const CONVERSATION_STATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const INFRASTRUCTURE_TEXT = (error: unknown): keyof (typeof cardTexts)['sv']['errors'] | null => {
  if (error instanceof DirectoryUnavailable) return 'directoryUnavailable';
  if (error instanceof SmsUnavailable) return 'smsUnavailable';
  if (error instanceof StoreUnavailable || error instanceof ConcurrencyConflict) return 'storeUnavailable';
  return null;
};

/**
 * The Teams activity handler: personal scope only, Swedish unless the client says English, and nothing
 * but translation between activities, the dialogs (which call the use cases) and cards.
 */
export class RoteraBot extends TeamsActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly userState: UserState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly dialogs: DialogSet;
  private readonly log: Logger;

  constructor(private readonly options: RoteraBotOptions) {
    super();
    this.log = options.logger.child({ component: 'bot' });
    this.conversationState = new ConversationState(
      new StoreBotStorage(options.store, { prefix: 'bot-state/conversation', ttlMs: CONVERSATION_STATE_TTL_MS }),
    );
    this.userState = new UserState(new StoreBotStorage(options.store, { prefix: 'bot-state/user' }));
    this.dialogState = this.conversationState.createProperty<DialogState>('dialogState');
    this.profile = this.userState.createProperty<UserProfile>('profile');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new MainDialog(options.deps));

    this.onMessage(async (context, next) => {
      await this.onUserMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.onInstalled(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      if (isPersonal(context)) await this.remember(context, null);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.forget(context);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== ADAPTIVE_CARD_ACTION) return super.onInvokeActivity(context);
    const locale = localeFrom(context.activity.locale);
    const texts = cardTexts[locale];
    if (!isPersonal(context)) return messageResponse(texts.common.groupChat);
    const value: unknown = context.activity.value;
    const action = typeof value === 'object' && value !== null ? (value as { action?: unknown }).action : undefined;
    const fields = typeof action === 'object' && action !== null ? (action as { type?: unknown; verb?: unknown; data?: unknown }) : null;
    const parsed = fields && fields.type === 'Action.Execute' ? parseCardAction(fields.verb ?? null, fields.data ?? {}) : { ok: false as const, verb: null };
    if (!parsed.ok) {
      this.log.warn({ verb: parsed.verb, via: 'execute' }, 'card action refused: invalid data');
      return messageResponse(texts.common.invalidCard);
    }
    const cards = new CardTurn(context, locale, this.log);
    const failure = await this.runTurn(context, { kind: 'action', action: parsed.action }, cards);
    if (failure) return messageResponse(failure);
    return { status: 200, body: cards.invokeResponse() };
  }

  private async onUserMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const locale = localeFrom(activity.locale);
    const texts = cardTexts[locale];
    if (!isPersonal(context)) {
      await context.sendActivity(texts.common.groupChat);
      return;
    }
    let input: TurnInput;
    if (activity.value !== undefined && activity.value !== null) {
      const parsed = parseCardAction(undefined, activity.value);
      if (!parsed.ok) {
        this.log.warn({ verb: parsed.verb, via: 'submit' }, 'card action refused: invalid data');
        await context.sendActivity(texts.common.invalidCard);
        return;
      }
      input = { kind: 'action', action: parsed.action };
    } else {
      input = { kind: 'text', text: activity.text ?? '' };
    }
    const cards = new CardTurn(context, locale, this.log);
    const failure = await this.runTurn(context, input, cards);
    if (failure) await cards.show(renderMessage({ locale, notes: [problem(failure)] }));
  }

  private async onInstalled(context: TurnContext): Promise<void> {
    const locale = localeFrom(context.activity.locale);
    if (!isPersonal(context)) {
      await context.sendActivity(cardTexts[locale].common.groupChat);
      return;
    }
    const cards = new CardTurn(context, locale, this.log);
    const failure = await this.runTurn(context, { kind: 'none' }, cards);
    if (failure) await context.sendActivity(failure);
  }

  /**
   * One turn: who is this, remember where to reach them, then the dialogs. An infrastructure failure
   * (directory, SMS, store down) is returned as the text to show, and the dialog state is not saved,
   * so the user can simply try the same step again.
   */
  private async runTurn(context: TurnContext, input: TurnInput, cards: CardTurn): Promise<string | null> {
    const locale = localeFrom(context.activity.locale);
    try {
      const profile = await this.profile.get(context, {});
      const user = await this.teamsUser(context, locale, profile);
      const actor = await this.options.deps.useCases.identify(user);
      await this.remember(context, actor?.person.dn ?? null);
      setRoteraTurn(context, { user, actor, locale, input, cards });
      this.log.info(
        {
          activityType: context.activity.type,
          teamsLocale: context.activity.locale,
          verb: input.kind === 'action' ? input.action.verb : undefined,
          intent: input.kind === 'text' ? matchIntent(input.text) : undefined,
          known: actor !== null,
        },
        'turn',
      );

      // On install, and on a first message that does not already ask for a routine: the welcome card.
      const firstTime = !profile.welcomed;
      profile.welcomed = true;
      const startsRoutine = input.kind === 'action' || (input.kind === 'text' && ROUTINE_INTENTS.has(matchIntent(input.text) ?? 'help'));
      if (input.kind === 'none' || (firstTime && !startsRoutine)) {
        const accounts = actor ? await this.options.deps.useCases.myAccounts(actor) : [];
        await cards.show(renderWelcome({ locale, name: actor?.person.displayName ?? user.name, accounts }));
        await this.userState.saveChanges(context);
        return null;
      }

      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(DialogId.main);
      await this.conversationState.saveChanges(context);
      await this.userState.saveChanges(context);
      return null;
    } catch (error) {
      const key = INFRASTRUCTURE_TEXT(error);
      if (!key) throw error;
      this.log.warn({ err: { name: (error as Error).name } }, 'turn stopped: infrastructure unavailable');
      return cardTexts[locale].errors[key];
    }
  }

  private async teamsUser(context: TurnContext, locale: Locale, profile: UserProfile): Promise<TeamsUser> {
    const { from } = context.activity;
    const now = Date.now();
    if (profile.userPrincipalNameCheckedAt === undefined || now - profile.userPrincipalNameCheckedAt >= USER_PRINCIPAL_NAME_TTL_MS) {
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        profile.userPrincipalName = member.userPrincipalName ?? null;
        profile.userPrincipalNameCheckedAt = now;
      } catch (error) {
        // A roster hiccup (or no roster: tests, Playground) must not make the user unknown for good: keep what
        // we had, ask again next turn, and meanwhile let the Entra object id identify the user.
        this.log.debug({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'no roster entry for the user');
      }
    }
    return {
      teamsUserId: from.id,
      aadObjectId: from.aadObjectId ?? null,
      userPrincipalName: profile.userPrincipalName ?? null,
      name: from.name ?? null,
      locale,
    };
  }

  private async remember(context: TurnContext, personDn: string | null): Promise<void> {
    const references = this.options.conversationReferences;
    if (!references) return;
    try {
      await references.remember({
        personDn,
        teamsUserId: context.activity.from.id,
        aadObjectId: context.activity.from.aadObjectId ?? null,
        reference: conversationReferenceOf(context),
        locale: localeFrom(context.activity.locale),
      });
    } catch (error) {
      // Losing a reference costs a later notice, not this turn.
      this.log.warn({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'could not remember the conversation reference');
    }
  }

  private async forget(context: TurnContext): Promise<void> {
    try {
      await this.options.conversationReferences?.forget(context.activity.from.id);
    } catch (error) {
      this.log.warn({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'could not forget the conversation reference');
    }
  }
}

function isPersonal(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === undefined || type === null || type === 'personal';
}

function messageResponse(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}

