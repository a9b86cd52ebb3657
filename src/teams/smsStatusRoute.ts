import type { Attachment, ConversationReference, Middleware, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { recordSmsDelivery, type DeliveryOutcome, type DeliveryProblem } from '../app/recordSmsDelivery';
import { formatTime } from '../i18n/catalogue';
import { cardTexts } from '../i18n/cards';
import { smsStatusTexts } from '../i18n/smsStatus';
import type { Clock } from '../ports/Clock';
import type { Logger } from '../ports/Logger';
import type { Store } from '../ports/Store';
import { button, note, problem } from './cards/button';
import { expandCard } from './cards/template';
import { Verb } from './cards/verbs';
import type { Route } from './server';
import { cardForSms, forgetSmsCard, type SmsCardLink } from './smsDeliveryLinks';

/** Where Twilio posts delivery reports; the callback URL asked for in each message ends with it. */
export const SMS_STATUS_ROUTE_PATH = '/api/sms/status';

/** The part of CloudAdapter needed to reach a chat outside a turn. */
export interface ConversationContinuer {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface SmsStatusRouteOptions {
  /**
   * Whether the X-Twilio-Signature header is valid for these form parameters and the configured callback
   * URL (see `twilioSignatureCheck` in src/adapters/twilio): the route never looks at the Host header.
   */
  readonly verifySignature: (signature: string | undefined, params: Readonly<Record<string, string>>) => boolean;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly adapter: ConversationContinuer;
  /** MicrosoftAppId (empty when authentication is off locally). */
  readonly appId: string;
  /**
   * A report can overtake the chat: the SMS is sent before its card is shown and linked. Without a link,
   * look once more after this long. Default 3000 ms.
   */
  readonly linkGraceMs?: number;
}

export interface SmsStatusRoute extends Route {
  /** Resolves when every report accepted so far has been acted on (tests, graceful shutdown). */
  settled(): Promise<void>;
}

const reportSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  MessageStatus: z.string().regex(/^[a-z_-]{1,32}$/i),
  ErrorCode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
});

/**
 * POST /api/sms/status: Twilio's delivery reports. A request whose signature does not verify gets 403
 * and changes nothing. A genuine one is answered 204 at once (Twilio waits at most 15 s and the chat
 * update may take longer), then recorded once per (message, status) and shown in the user's chat:
 * "Levererat 10:32" on the code card, or what went wrong, with "Skicka igen" and "Byt mobilnummer".
 */
export function smsStatusRoute(options: SmsStatusRouteOptions): SmsStatusRoute {
  const log = options.logger.child({ component: 'sms-status' });
  const pending = new Set<Promise<void>>();

  const handler = async (req: Request, res: Response): Promise<void> => {
    const params = formParams(req.body);
    const signature = req.header('x-twilio-signature') || undefined;
    if (params === null || !options.verifySignature(signature, params)) {
      log.warn({ signed: signature !== undefined }, 'sms status report refused: signature does not verify');
      res.send(403);
      return;
    }
    const parsed = reportSchema.safeParse(params);
    if (!parsed.success) {
      log.warn({ fields: Object.keys(params).sort() }, 'signed sms status report without the expected fields');
      res.send(400);
      return;
    }
    res.send(204);
    const report = {
      providerMessageId: parsed.data.MessageSid,
      status: parsed.data.MessageStatus,
      errorCode: parsed.data.ErrorCode !== undefined ? Number(parsed.data.ErrorCode) : null,
    };
    const work = act(options, log, report).catch((error: unknown) => {
      log.error({ messageSid: report.providerMessageId, status: report.status, err: { name: error instanceof Error ? error.name : typeof error } }, 'sms status report could not be shown in the chat');
    });
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  return {
    method: 'post',
    path: SMS_STATUS_ROUTE_PATH,
    handler,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

async function act(
  options: SmsStatusRouteOptions,
  log: Logger,
  report: { providerMessageId: string; status: string; errorCode: number | null },
): Promise<void> {
  const outcome = await recordSmsDelivery(options, report);
  if (outcome.kind !== 'delivered' && outcome.kind !== 'failed') return;
  let link = await cardForSms(options.store, report.providerMessageId);
  if (!link) {
    await new Promise((resolve) => setTimeout(resolve, options.linkGraceMs ?? 3000));
    link = await cardForSms(options.store, report.providerMessageId);
  }
  if (!link) {
    // Not every SMS has a card ("your number was replaced" goes to a phone only), and a card the user
    // already answered has moved on to the next step: the news is old, say nothing.
    log.debug({ messageSid: report.providerMessageId }, 'no current chat card for this sms');
    return;
  }
  await options.adapter.continueConversationAsync(options.appId, link.reference, async (context) => {
    await show(context, link, outcome);
  });
  log.info({ messageSid: report.providerMessageId, outcome: outcome.kind, cardUpdated: link.card !== undefined }, 'sms status shown in the chat');
}

async function show(
  context: TurnContext,
  link: SmsCardLink,
  outcome: Extract<DeliveryOutcome, { kind: 'delivered' | 'failed' }>,
): Promise<void> {
  const t = smsStatusTexts[link.locale];
  const time = formatTime(outcome.at, link.locale);
  if (outcome.kind === 'delivered') {
    if (link.card) {
      await context.updateActivity({ type: 'message', id: link.activityId, attachments: [withStatusLine(link.card, t.deliveredLine(time), 'Good')] });
    } else {
      await context.sendActivity(t.deliveredMessage(link.maskedMobile, time));
    }
    return;
  }
  if (link.card) {
    await context.updateActivity({ type: 'message', id: link.activityId, attachments: [withStatusLine(link.card, t.failedLine(time), 'Attention')] });
  }
  await context.sendActivity({ type: 'message', attachments: [renderSmsFailure(link, outcome.problem)] });
}

/** The card telling the user the code did not arrive, and the two ways on. */
export function renderSmsFailure(link: Pick<SmsCardLink, 'locale' | 'accountName' | 'purpose' | 'maskedMobile'>, what: DeliveryProblem): Attachment {
  const t = smsStatusTexts[link.locale];
  const resendVerb = link.purpose === 'reset' ? Verb.resendResetCode : Verb.resendMobileCode;
  return expandCard('message', {
    title: t.failedTitle,
    notes: [problem(t.problem[what](link.maskedMobile)), note(t.nextStep[link.purpose](link.accountName))],
    actions: [
      button(t.resend, { verb: resendVerb }, { style: 'positive' }),
      button(t.changeMobile, { verb: Verb.startRegisterMobile, account: link.accountName }),
      button(cardTexts[link.locale].common.cancel, { verb: Verb.cancel }),
    ],
  });
}

const STATUS_LINE_ID = 'rotera-sms-status';

/**
 * The same card with one status line (replacing an earlier one): put before the first input, so it
 * reads right under the text that says where the code went.
 */
export function withStatusLine(card: Attachment, text: string, color: 'Good' | 'Attention'): Attachment {
  const content = structuredClone(card.content) as { body?: unknown };
  const body = Array.isArray(content.body) ? (content.body as unknown[]) : [];
  const line = { type: 'TextBlock', id: STATUS_LINE_ID, text, color, weight: 'Bolder', wrap: true, spacing: 'Small' };
  const withoutOld = body.filter((element) => !(isObject(element) && element.id === STATUS_LINE_ID));
  const firstInput = withoutOld.findIndex((element) => isObject(element) && typeof element.type === 'string' && element.type.startsWith('Input.'));
  withoutOld.splice(firstInput < 0 ? withoutOld.length : firstInput, 0, line);
  return { ...card, content: { ...content, body: withoutOld } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Form fields as Twilio sent them; null when the body is not a flat form (then the signature cannot match). */
function formParams(body: unknown): Record<string, string> | null {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Object.fromEntries(new URLSearchParams(body.toString()));
  if (typeof body !== 'object' || Array.isArray(body)) return null;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') return null;
    params[key] = value;
  }
  return params;
}

/**
 * Adapter middleware (`adapter.use(...)`) that, when the user acts on a card (Action.Execute invoke or
 * Action.Submit message, both naming the card's message in `replyToId`), forgets the SMS that message
 * showed: the card moves on to the next step, and a late delivery report must leave it alone.
 */
export function cardActionTracker(store: Store): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const activity = context.activity;
      const cardAction =
        (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') || (activity.type === 'message' && activity.value !== undefined);
      if (cardAction && activity.replyToId && activity.conversation?.id) {
        await forgetSmsCard(store, activity.conversation.id, activity.replyToId);
      }
      await next();
    },
  };
}
