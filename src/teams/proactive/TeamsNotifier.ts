import type { Activity, Attachment, ConversationReference } from 'botbuilder';
import type { Locale } from '../../domain/model';
import type { Nudge } from '../../domain/rotationNudges';
import type { Logger } from '../../ports/Logger';
import { defaultNoticeLocale, type Notice, type NoticeDelivery, type Notifier } from '../../ports/Notifier';
import type { NudgeDelivery, NudgeSender } from '../../ports/NudgeSender';
import type { PeopleDirectory } from '../../ports/PeopleDirectory';
import type { ConversationReferences, KnownConversation } from './conversationReferences';
import { renderNotice } from '../cards/renderNotice';
import { nudgeSummary, renderNudge } from './nudgeCards';
import type { ProactiveSender } from './ProactiveSender';

/** Opens the bot's 1:1 chat with a user who never opened it (Graph proactive install). */
export interface ChatOpener {
  /** The chat id, or null when the app cannot be installed for the user. Throws only for the unexpected. */
  openChat(aadObjectId: string): Promise<string | null>;
}

export interface ProactiveInstallOptions {
  readonly opener: ChatOpener;
  /** Where Teams takes bot messages for the tenant, e.g. `https://smba.trafficmanager.net/emea/`. */
  readonly serviceUrl: string;
  readonly tenantId: string;
  /** The bot's id in Teams (`28:<MicrosoftAppId>`, or the app id). */
  readonly botId: string;
}

export interface TeamsNotifierOptions {
  readonly references: ConversationReferences;
  readonly sender: ProactiveSender;
  readonly logger: Logger;
  /** Needed for the proactive install: the person's Entra object id. */
  readonly people?: PeopleDirectory;
  /** Without it, people who never opened the bot are unreachable. */
  readonly install?: ProactiveInstallOptions;
  /** The notice card (default: the Teams edge's `renderNotice`). */
  readonly renderNotice?: (notice: Notice, locale: Locale) => Attachment;
}

/**
 * Notices to other managers and rotation nudges, sent into each person's 1:1 chat with the bot, in the
 * language they last used there. Someone who never opened the bot gets the app installed through
 * Graph when that is configured; otherwise they are unreachable and the caller lists them.
 */
export class TeamsNotifier implements Notifier, NudgeSender {
  private readonly log: Logger;

  constructor(private readonly options: TeamsNotifierOptions) {
    this.log = options.logger.child({ component: 'proactive' });
  }

  async notify(personDn: string, notice: Notice): Promise<NoticeDelivery> {
    const outcome = await this.deliver(personDn, (locale) => this.noticeActivity(notice, locale));
    if (outcome.kind === 'failed') {
      this.log.warn({ notice: notice.kind, account: notice.accountName, retryable: outcome.retryable }, 'notice not delivered');
    }
    return outcome.kind === 'delivered' ? 'delivered' : 'unreachable';
  }

  async sendNudge(personDn: string, nudge: Nudge): Promise<NudgeDelivery> {
    return this.deliver(personDn, (locale) => ({
      type: 'message',
      summary: nudgeSummary(nudge, locale),
      attachments: [renderNudge(nudge, locale)],
    }));
  }

  private async deliver(personDn: string, build: (locale: Locale) => Partial<Activity>): Promise<NudgeDelivery> {
    const conversation = (await this.options.references.forPerson(personDn)) ?? (await this.installFor(personDn));
    if (!conversation) return { kind: 'unreachable' };
    const outcome = await this.options.sender.send(conversation.reference, build(conversation.locale));
    if (outcome.kind === 'delivered') return { kind: 'delivered' };
    return { kind: 'failed', retryable: outcome.retryable, detail: outcome.status === null ? 'no answer from Teams' : `Teams answered ${outcome.status}` };
  }

  private async installFor(personDn: string): Promise<KnownConversation | undefined> {
    const install = this.options.install;
    if (!install || !this.options.people) return undefined;
    const person = await this.options.people.personByDn(personDn);
    if (!person?.aadObjectId) {
      this.log.info({ reason: person ? 'no Entra object id' : 'not in directory' }, 'cannot install the app for a person');
      return undefined;
    }
    let chatId: string | null;
    try {
      chatId = await install.opener.openChat(person.aadObjectId);
    } catch (error) {
      this.log.warn({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'proactive install failed');
      return undefined;
    }
    if (chatId === null) return undefined;
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: install.serviceUrl,
      conversation: { id: chatId, conversationType: 'personal', isGroup: false, tenantId: install.tenantId, name: '' },
      bot: { id: install.botId, name: 'Rotera' },
      user: { id: person.aadObjectId, name: person.displayName, aadObjectId: person.aadObjectId },
    };
    // Until the person writes, Rotera does not know their Teams language: Swedish, the house default.
    await this.options.references.rememberInstalledChat(personDn, reference, defaultNoticeLocale);
    this.log.info({ chat: 'installed' }, 'installed the app for a person who never opened it');
    return { reference, locale: defaultNoticeLocale };
  }

  private noticeActivity(notice: Notice, locale: Locale): Partial<Activity> {
    return { type: 'message', attachments: [(this.options.renderNotice ?? renderNotice)(notice, locale)] };
  }
}
