import { createHash } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { normalizeDn } from '../../domain/access';
import { ConcurrencyConflict } from '../../domain/errors';
import type { Locale } from '../../domain/model';
import type { Store } from '../../ports/Store';

/** What the bot learns about a chat partner on install and on every message. */
export interface RememberInput {
  /** The directory person behind the Teams user; null when the directory does not know them. */
  readonly personDn: string | null;
  readonly teamsUserId: string;
  readonly aadObjectId: string | null;
  readonly reference: Partial<ConversationReference>;
  readonly locale: Locale;
}

export interface KnownConversation {
  readonly reference: Partial<ConversationReference>;
  readonly locale: Locale;
}

interface StoredConversation extends KnownConversation {
  readonly teamsUserId: string;
  readonly aadObjectId: string | null;
  readonly personDn: string | null;
  readonly updatedAt: string;
}

/** Key prefixes; hashed parts keep DNs and user ids out of key names and within the key length limit. */
export const CONVERSATION_KEYS = {
  byUser: 'conversation-ref/user/',
  byPerson: 'conversation-ref/person/',
} as const;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const userKey = (teamsUserId: string) => CONVERSATION_KEYS.byUser + digest(teamsUserId);
const personKey = (personDn: string) => CONVERSATION_KEYS.byPerson + digest(normalizeDn(personDn));

/**
 * Where to reach each person proactively: the 1:1 conversation reference, stored per Teams user and per
 * directory person (DN compared case-insensitively), in the Store so it survives restarts and is shared
 * by every instance and by `npm run sweep`.
 */
export class ConversationReferences {
  constructor(private readonly store: Store) {}

  /** Called on install and on every message; writes only when something changed. */
  async remember(input: RememberInput): Promise<void> {
    const record: StoredConversation = {
      reference: proactiveReference(input.reference),
      locale: input.locale,
      teamsUserId: input.teamsUserId,
      aadObjectId: input.aadObjectId,
      personDn: input.personDn,
      updatedAt: new Date().toISOString(),
    };
    const previous = (await this.store.get<StoredConversation>(userKey(input.teamsUserId)))?.value;
    if (previous && sameRecord(previous, record)) return;

    await this.store.put(userKey(input.teamsUserId), record);
    if (input.personDn !== null) await this.store.put(personKey(input.personDn), record);
    if (previous?.personDn && (input.personDn === null || normalizeDn(previous.personDn) !== normalizeDn(input.personDn))) {
      await this.dropPersonLink(previous.personDn, input.teamsUserId);
    }
  }

  /** Called when the user uninstalls the app: nothing more is sent to them. */
  async forget(teamsUserId: string): Promise<void> {
    const previous = (await this.store.get<StoredConversation>(userKey(teamsUserId)))?.value;
    if (previous?.personDn) await this.dropPersonLink(previous.personDn, teamsUserId);
    await this.store.delete(userKey(teamsUserId));
  }

  async forPerson(personDn: string): Promise<KnownConversation | undefined> {
    const found = (await this.store.get<StoredConversation>(personKey(personDn)))?.value;
    return found ? { reference: found.reference, locale: found.locale } : undefined;
  }

  /**
   * A chat Rotera opened itself (proactive install through Graph), before the user ever wrote. The bot's
   * own `remember` on the install's conversationUpdate replaces it with what Teams says.
   */
  async rememberInstalledChat(personDn: string, reference: Partial<ConversationReference>, locale: Locale): Promise<void> {
    const record: StoredConversation = {
      reference: proactiveReference(reference),
      locale,
      teamsUserId: reference.user?.id ?? '',
      aadObjectId: reference.user?.aadObjectId ?? null,
      personDn,
      updatedAt: new Date().toISOString(),
    };
    await this.store.put(personKey(personDn), record);
  }

  private async dropPersonLink(personDn: string, teamsUserId: string): Promise<void> {
    const stored = await this.store.get<StoredConversation>(personKey(personDn));
    if (stored && stored.value.teamsUserId === teamsUserId) {
      try {
        await this.store.delete(personKey(personDn), { ifMatch: stored.eTag });
      } catch (error) {
        // Someone wrote a newer link meanwhile: theirs is the one to keep.
        if (!(error instanceof ConcurrencyConflict)) throw error;
      }
    }
  }
}

/**
 * Only what continueConversationAsync needs. The id of the message that happened to be last is dropped:
 * a nudge weeks later is a new message, not a reply to it.
 */
function proactiveReference(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const { activityId: _activityId, ...rest } = reference;
  return JSON.parse(JSON.stringify(rest)) as Partial<ConversationReference>;
}

function sameRecord(a: StoredConversation, b: StoredConversation): boolean {
  return (
    a.locale === b.locale &&
    a.personDn === b.personDn &&
    a.aadObjectId === b.aadObjectId &&
    JSON.stringify(a.reference) === JSON.stringify(b.reference)
  );
}
