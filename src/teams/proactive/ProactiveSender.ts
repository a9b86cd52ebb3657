import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../../ports/Logger';
import { ProactiveRateLimiter, realTimer, type Grant, type Timer } from './rateLimiter';

/** The part of CloudAdapter proactive delivery needs. */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export type ProactiveOutcome =
  | { readonly kind: 'delivered'; readonly activityId: string | null; readonly attempts: number }
  /**
   * Not delivered. `retryable` says whether a later try may succeed (throttled, Teams unavailable) or
   * not (403 the user blocked the bot, 404 the conversation is gone, 400 the message is wrong).
   */
  | { readonly kind: 'failed'; readonly retryable: boolean; readonly status: number | null; readonly attempts: number };

export interface ProactiveSenderOptions {
  readonly adapter: ProactiveAdapter;
  /** MicrosoftAppId; with SingleTenant it must be the bot's own id. Empty for local development. */
  readonly appId: string;
  readonly logger: Logger;
  /** Shared by every sender of the process, so the app-wide limit holds across them. Default: a new one. */
  readonly limiter?: ProactiveRateLimiter;
  readonly timer?: Timer;
  /** Tries per message, the first included (default 4). */
  readonly maxAttempts?: number;
  /** First backoff step (default 1000 ms); doubles per try, with jitter. */
  readonly baseDelayMs?: number;
  /** Longest wait between tries (default 30 s); a longer Retry-After gives up for now (the caller retries later). */
  readonly maxDelayMs?: number;
  /** 0..1, for jitter; tests pass a fixed one. */
  readonly random?: () => number;
}

/** Statuses worth another try: throttled, precondition race in Teams' backend, gateway and availability errors. */
const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);

/**
 * Sends one activity into an existing conversation within Teams' limits: the app-wide and
 * per-conversation windows, Retry-After on 429, exponential backoff with jitter on 412/5xx, a bounded
 * number of tries. It never throws for a delivery failure; the caller records what failed.
 *
 * botbuilder's own HTTP pipeline (core-rest-pipeline) already retries 429/503 that carry Retry-After and
 * other 5xx up to three times; this layer adds what Teams asks beyond that (412, 429 without Retry-After)
 * and the rate limits, which the SDK does not know. The limiter sits inside the SDK's retry loop, so
 * every HTTP attempt counts against Teams' windows, the SDK's own retries included.
 */
export class ProactiveSender {
  private readonly limiter: ProactiveRateLimiter;
  private readonly timer: Timer;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(private readonly options: ProactiveSenderOptions) {
    this.timer = options.timer ?? realTimer;
    this.limiter = options.limiter ?? new ProactiveRateLimiter(this.timer);
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<ProactiveOutcome> {
    const conversationId = reference.conversation?.id ?? '';
    let status: number | null = null;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        let activityId: string | null = null;
        await this.options.adapter.continueConversationAsync(this.options.appId, reference, async (context) => {
          const grant = meterEveryAttempt(context, () => this.limiter.acquire(conversationId)) ? null : await this.limiter.acquire(conversationId);
          try {
            const response = await context.sendActivity(activity);
            activityId = response?.id ?? null;
          } finally {
            grant?.done();
          }
        });
        return { kind: 'delivered', activityId, attempts: attempt };
      } catch (error) {
        const failure = describeFailure(error);
        status = failure.status;
        if (!failure.retryable) {
          this.options.logger.warn({ status, attempt }, 'proactive message refused');
          return { kind: 'failed', retryable: false, status, attempts: attempt };
        }
        if (attempt === this.maxAttempts) break;
        const wait = failure.retryAfterMs ?? this.backoff(attempt);
        if (wait > this.maxDelayMs) {
          this.options.logger.warn({ status, attempt, retryAfterMs: wait }, 'proactive message throttled for longer than we wait');
          return { kind: 'failed', retryable: true, status, attempts: attempt };
        }
        if (failure.retryAfterMs !== undefined) this.limiter.pause(conversationId, wait);
        this.options.logger.debug({ status, attempt, waitMs: Math.round(wait) }, 'proactive message will be retried');
        await this.timer.sleep(wait);
      }
    }
    this.options.logger.warn({ status, attempts: this.maxAttempts }, 'proactive message not delivered after every try');
    return { kind: 'failed', retryable: true, status, attempts: this.maxAttempts };
  }

  /** "Equal jitter": half the exponential step fixed, half random, so retries of many messages spread out. */
  private backoff(attempt: number): number {
    const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return step / 2 + this.random() * (step / 2);
  }
}

interface PipelineLike {
  addPolicy(
    policy: { name: string; sendRequest: (request: unknown, next: (request: unknown) => Promise<unknown>) => Promise<unknown> },
    options: { afterPhase: 'Retry' },
  ): void;
}

/**
 * Puts `acquire` in front of every HTTP attempt of this turn's connector client, below botbuilder's retry
 * policy. The connector client is created per continueConversationAsync call, so the policy lives and dies
 * with this one send. Returns false when the SDK does not look as expected (then the caller meters once per
 * try, which undercounts only the SDK's own retries).
 */
function meterEveryAttempt(context: TurnContext, acquire: () => Promise<Grant>): boolean {
  const key = (context.adapter as { ConnectorClientKey?: unknown }).ConnectorClientKey;
  if (typeof key !== 'symbol') return false;
  const connector = context.turnState.get(key) as { client?: { pipeline?: Partial<PipelineLike> } } | undefined;
  const pipeline = connector?.client?.pipeline;
  if (typeof pipeline?.addPolicy !== 'function') return false;
  try {
    pipeline.addPolicy(
      {
        name: 'roteraTeamsRateLimit',
        sendRequest: async (request, next) => {
          const grant = await acquire();
          try {
            return await next(request);
          } finally {
            grant.done();
          }
        },
      },
      { afterPhase: 'Retry' },
    );
    return true;
  } catch {
    return false;
  }
}

interface FailureFacts {
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

/** Reads a RestError (core-rest-pipeline) or a network error without depending on their classes. */
export function describeFailure(error: unknown): FailureFacts {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    statusCode?: unknown;
    code?: unknown;
    response?: { headers?: { get?: (name: string) => string | undefined } };
  };
  const status = typeof fields.statusCode === 'number' ? fields.statusCode : null;
  if (status === null) {
    // No HTTP answer at all: the connection failed or timed out; worth another try.
    return { status: null, retryable: true };
  }
  const retryAfter = status === 429 || status === 503 ? parseRetryAfter(fields.response?.headers?.get?.('retry-after')) : undefined;
  return { status, retryable: RETRYABLE.has(status), ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) };
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
