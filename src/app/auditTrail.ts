import { randomUUID } from 'crypto';
import type { Actor } from '../domain/model';
import type { Clock } from '../ports/Clock';
import type { Logger } from '../ports/Logger';
import type { Store } from '../ports/Store';
import { storeKeys } from './storeKeys';

export type AuditAction =
  | 'check-current-password'
  | 'start-mobile-confirmation'
  | 'confirm-mobile'
  | 'start-reset'
  | 'verify-reset-code'
  | 'change-password'
  | 'add-delegate'
  | 'remove-delegate'
  | 'abandon-routine';

/** One line of the audit trail. Only names, ids and outcome kinds: never a password, a code or a full number. */
export interface AuditEntry {
  readonly at: string;
  readonly action: AuditAction;
  readonly actorDn: string;
  readonly actorName: string;
  readonly teamsUserId: string;
  /** The account acted on; null when the named account does not exist (the typed text is not kept: it may be a mistyped password). */
  readonly account: string | null;
  readonly outcome: string;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Audit entries are kept as long as the store keeps data; a retention job can prune `audit/` by date. */
export class AuditTrail {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Writes the entry to the store and the log. A failed store write is logged, not thrown: the action
   * it describes has already happened, and the log line still carries the entry.
   */
  async record(actor: Actor, action: AuditAction, account: string | null, outcome: string, detail?: AuditEntry['detail']): Promise<void> {
    const at = this.clock.now();
    const entry: AuditEntry = {
      at: at.toISOString(),
      action,
      actorDn: actor.person.dn,
      actorName: actor.person.displayName,
      teamsUserId: actor.teamsUserId,
      account,
      outcome,
      ...(detail ? { detail } : {}),
    };
    this.logger.info({ audit: entry }, `audit: ${action} ${outcome}`);
    try {
      await this.store.put(storeKeys.audit(at, randomUUID()), entry);
    } catch (error) {
      this.logger.error({ audit: entry, err: errorName(error) }, 'audit entry could not be stored');
    }
  }

  /** Entries in time order, optionally from one ISO instant on. */
  async *entries(fromIso = ''): AsyncIterable<AuditEntry> {
    for await (const { key, value } of this.store.list<AuditEntry>(storeKeys.auditPrefix)) {
      if (key.slice(storeKeys.auditPrefix.length) >= fromIso) yield value;
    }
  }
}

/** Errors are logged by name only: some vendor messages echo what they were given. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
