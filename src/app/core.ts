import type { Actor, SharedAccount } from '../domain/model';
import { sameDn } from '../domain/access';
import type { Notice } from '../ports/Notifier';
import { AuditTrail, errorName } from './auditTrail';
import { CodeBook } from './codeBook';
import type { CoreDependencies } from './createUseCases';
import { PasswordHistory } from './passwordHistory';

/** What every use case works with: the ports, the settings and the shared helpers built on them. */
export interface Core extends CoreDependencies {
  readonly audit: AuditTrail;
  readonly codes: CodeBook;
  readonly history: PasswordHistory;
  /** Asked once and remembered: the directory's answer does not change while the process runs. */
  directoryRefusesEarlierPasswords(): Promise<boolean>;
}

export function buildCore(deps: CoreDependencies): Core {
  let refuses: Promise<boolean> | null = null;
  return {
    ...deps,
    audit: new AuditTrail(deps.store, deps.clock, deps.logger),
    codes: new CodeBook(deps.store, deps.clock, deps.secrets.codeKey, {
      ttlMs: deps.settings.codeTtlMs,
      maxAttempts: deps.settings.codeMaxAttempts,
    }),
    history: new PasswordHistory(deps.store, deps.secrets.historyPepper),
    directoryRefusesEarlierPasswords() {
      refuses ??= deps.directory.refusesEarlierPasswordsOnReset().catch((error: unknown) => {
        refuses = null;
        throw error;
      });
      return refuses;
    },
  };
}

/**
 * Tells the account's other managers and delegates. A notice that cannot be delivered is logged, never
 * allowed to undo or fail the action it reports.
 */
export async function notifyOthers(core: Core, actor: Actor, account: SharedAccount, notice: Notice, extra: readonly string[] = []): Promise<void> {
  const recipients: string[] = [];
  for (const dn of [...(account.managerDn ? [account.managerDn] : []), ...account.delegateDns, ...extra]) {
    if (sameDn(dn, actor.person.dn) || recipients.some((r) => sameDn(r, dn))) continue;
    recipients.push(dn);
  }
  const deliveries = Promise.all(
    recipients.map(async (dn) => {
      try {
        const delivery = await core.notifier.notify(dn, notice);
        if (delivery === 'unreachable') core.logger.info({ notice: notice.kind, account: account.name, recipient: dn }, 'notice not delivered: recipient unreachable in Teams');
      } catch (error) {
        core.logger.warn({ notice: notice.kind, account: account.name, recipient: dn, err: errorName(error) }, 'notice could not be sent');
      }
    }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'still-sending'>((resolve) => {
    timer = setTimeout(() => resolve('still-sending'), core.settings.noticeWaitMs);
  });
  const outcome = await Promise.race([deliveries.then(() => 'sent' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'still-sending') {
    core.logger.info({ notice: notice.kind, account: account.name, recipients: recipients.length }, 'notices still being delivered after the turn');
  }
}
