import { createHash } from 'node:crypto';
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { ConcurrencyConflict } from '../domain/errors';
import { localeFrom } from '../i18n/catalogue';
import { duplicateTexts } from '../i18n/duplicates';
import type { Logger } from '../ports/Logger';
import type { Store } from '../ports/Store';

/** Store key prefix of the claims; one entry per (channel, conversation, activity id), expiring after `ttlMs`. */
export const DUPLICATE_KEY_PREFIX = 'dedupe/';

interface Claim {
  readonly state: 'handling' | 'done';
  /** The invoke answer of the first delivery, replayed to a repeat (cards only: never a password or a code). */
  readonly invokeResponse?: { readonly status: number; readonly body?: unknown };
}

export interface DuplicateActivityGuardOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** How long an activity id is remembered. Teams redelivers within seconds; default 15 minutes. */
  readonly ttlMs?: number;
  /** How long a repeated invoke waits for the first delivery's answer before answering "still working". Default 8 s. */
  readonly invokeWaitMs?: number;
  /** Poll interval while waiting. Default 200 ms. */
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * botbuilder middleware that lets each activity through once. Teams redelivers an activity (same id) when the bot
 * answers slowly, and a repeated "send code" or "set password" must not send a second SMS or reset twice.
 *
 * The first delivery claims `dedupe/<hash>` with ifNoneMatch, so of two concurrent deliveries (even on two
 * instances sharing the store) exactly one runs the turn. A repeated message is dropped. A repeated invoke
 * (Action.Execute) gets the first delivery's answer once it is there, so the client that retried still sees
 * the next card. Activities without an id pass through untouched.
 *
 * Install it first: `adapter.use(new DuplicateActivityGuard({ store, logger }))`.
 */
export class DuplicateActivityGuard implements Middleware {
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly invokeWaitMs: number;
  private readonly pollMs: number;

  constructor(options: DuplicateActivityGuardOptions) {
    this.store = options.store;
    this.logger = options.logger.child({ component: 'duplicate-guard' });
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.invokeWaitMs = options.invokeWaitMs ?? 8000;
    this.pollMs = options.pollMs ?? 200;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    // Events are ours (a proactive ContinueConversation gets a fresh id each time): nothing to redeliver.
    const key = activity.type === 'event' ? null : DuplicateActivityGuard.keyFor(activity);
    if (!key) return next();

    let claimETag: string;
    try {
      claimETag = await this.store.put<Claim>(key, { state: 'handling' }, { ifNoneMatch: true, ttlMs: this.ttlMs });
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
      this.logger.info({ activityId: activity.id, activityType: activity.type }, 'repeated activity ignored');
      if (activity.type === 'invoke') await this.answerRepeatedInvoke(context, key);
      return;
    }

    let invokeResponse: Claim['invokeResponse'];
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      for (const sent of activities) {
        if (sent.type === 'invokeResponse' && sent.value && typeof sent.value === 'object') {
          const value = sent.value as { status?: unknown; body?: unknown };
          invokeResponse = { status: typeof value.status === 'number' ? value.status : 200, body: value.body };
        }
      }
      return sendNext();
    });

    try {
      await next();
    } finally {
      if (activity.type === 'invoke') {
        // Only the invoke answer is kept, so a retried card action can be answered the same way.
        try {
          await this.store.put<Claim>(key, { state: 'done', ...(invokeResponse ? { invokeResponse } : {}) }, { ifMatch: claimETag, ttlMs: this.ttlMs });
        } catch (error) {
          this.logger.warn({ activityId: activity.id, err: { name: error instanceof Error ? error.name : 'unknown' } }, 'could not record the invoke answer');
        }
      }
    }
  }

  /** The claim key of an activity, or null when it has no id to tell repeats by. */
  static keyFor(activity: Partial<Activity>): string | null {
    if (!activity.id || !activity.conversation?.id) return null;
    const identity = [activity.channelId ?? '', activity.conversation.id, activity.id].join('\n');
    return `${DUPLICATE_KEY_PREFIX}${createHash('sha256').update(identity).digest('hex')}`;
  }

  private async answerRepeatedInvoke(context: TurnContext, key: string): Promise<void> {
    const deadline = Date.now() + this.invokeWaitMs;
    for (;;) {
      const claim = await this.store.get<Claim>(key);
      if (claim?.value.state === 'done' && claim.value.invokeResponse) {
        await context.sendActivity({ type: 'invokeResponse', value: claim.value.invokeResponse });
        return;
      }
      if (claim?.value.state === 'done' || !claim || Date.now() >= deadline) break;
      await sleep(this.pollMs);
    }
    const texts = duplicateTexts[localeFrom(context.activity.locale)];
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: texts.stillWorking } },
    });
  }
}
