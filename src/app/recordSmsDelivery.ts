import { ConcurrencyConflict } from '../domain/errors';
import type { Clock } from '../ports/Clock';
import type { Logger } from '../ports/Logger';
import type { Store } from '../ports/Store';

/** A delivery report from the SMS provider, already authenticated by the edge. */
export interface DeliveryReport {
  readonly providerMessageId: string;
  /** The provider's status word: queued, sent, delivered, undelivered, failed, ... */
  readonly status: string;
  /** The carrier error code of a failed delivery (Twilio 30003 ...), when given. */
  readonly errorCode: number | null;
}

/** What went wrong, in terms a user can act on. */
export type DeliveryProblem =
  /** The phone is off or out of coverage. */
  | 'unreachable'
  /** No operator knows the number. */
  | 'unknown-number'
  /** A landline, or a carrier that takes no SMS. */
  | 'not-a-mobile'
  /** An operator's spam filter stopped it. */
  | 'filtered'
  | 'other';

export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly at: Date }
  | { readonly kind: 'failed'; readonly problem: DeliveryProblem; readonly errorCode: number | null; readonly at: Date }
  /** Queued, sent, accepted ...: nothing the user needs to see yet. */
  | { readonly kind: 'in-progress' }
  /** This (message, status) was processed before: a replayed or repeated report changes nothing. */
  | { readonly kind: 'replay' };

/** Twilio's carrier error codes for failed deliveries. */
const PROBLEMS: ReadonlyMap<number, DeliveryProblem> = new Map<number, DeliveryProblem>([
  [30003, 'unreachable'],
  [30005, 'unknown-number'],
  [30006, 'not-a-mobile'],
  // "Message blocked" (the handset or carrier blocks us) and "filtered" (spam filter): the same advice.
  [30004, 'filtered'],
  [30007, 'filtered'],
]);

const FAILED = new Set(['failed', 'undelivered']);
/** Reports arrive within hours; two days keeps every replay Twilio might send. */
const SEEN_TTL_MS = 2 * 24 * 60 * 60 * 1000;

export const deliveryKey = (providerMessageId: string, status: string) =>
  `sms-status/${encodeURIComponent(providerMessageId)}/${encodeURIComponent(status.toLowerCase())}`;

export function deliveryProblem(errorCode: number | null): DeliveryProblem {
  return (errorCode !== null ? PROBLEMS.get(errorCode) : undefined) ?? 'other';
}

/**
 * Records one delivery report and says what the user should see. Each (message, status) pair is
 * remembered with an if-none-match write, so a replay, or the same report reaching two bot
 * instances, is acted on once.
 */
export async function recordSmsDelivery(
  deps: { readonly store: Store; readonly clock: Clock; readonly logger: Logger },
  report: DeliveryReport,
): Promise<DeliveryOutcome> {
  const status = report.status.toLowerCase();
  const at = deps.clock.now();
  try {
    await deps.store.put(deliveryKey(report.providerMessageId, status), { at: at.toISOString(), errorCode: report.errorCode }, { ifNoneMatch: true, ttlMs: SEEN_TTL_MS });
  } catch (error) {
    if (error instanceof ConcurrencyConflict) {
      deps.logger.info({ messageSid: report.providerMessageId, status }, 'sms delivery report replayed: ignored');
      return { kind: 'replay' };
    }
    throw error;
  }
  deps.logger.info({ messageSid: report.providerMessageId, status, errorCode: report.errorCode }, 'sms delivery report');
  if (status === 'delivered') return { kind: 'delivered', at };
  if (FAILED.has(status)) return { kind: 'failed', problem: deliveryProblem(report.errorCode), errorCode: report.errorCode, at };
  return { kind: 'in-progress' };
}
