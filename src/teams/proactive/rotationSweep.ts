import { join } from 'node:path';
import { Cron } from 'croner';
import type { Attachment } from 'botbuilder';
import type { Config } from '../../config';
import { BlobLeaseSweepLock } from '../../adapters/azure/BlobLeaseSweepLock';
import { createGraphClient } from '../../adapters/graph/createGraphClient';
import { accessTokenSource, createConfidentialClient } from '../../adapters/graph/entraApp';
import { TeamsAppInstaller } from '../../adapters/graph/TeamsAppInstaller';
import { MemorySweepLock } from '../../adapters/memory/MemorySweepLock';
import { SqliteSweepLock } from '../../adapters/sqlite/SqliteSweepLock';
import { sweepExclusively, type RotationNudgeDependencies, type SweepSummary } from '../../app/sendRotationNudges';
import { ConfigurationError } from '../../domain/errors';
import type { Locale } from '../../domain/model';
import { defaultNudgeOptions, type NudgeOptions } from '../../domain/rotationNudges';
import type { Logger } from '../../ports/Logger';
import type { Notice } from '../../ports/Notifier';
import type { PeopleDirectory } from '../../ports/PeopleDirectory';
import type { Store } from '../../ports/Store';
import type { SweepLock } from '../../ports/SweepLock';
import { ConversationReferences } from './conversationReferences';
import { ProactiveSender, type ProactiveAdapter } from './ProactiveSender';
import { TeamsNotifier, type ProactiveInstallOptions } from './TeamsNotifier';

/** The rules' calendar from the settings: rotation period, time zone, public holidays. */
export function nudgeOptionsFrom(config: Config): NudgeOptions {
  const s = config.settings;
  const timeZone = s.SWEEP_TIMEZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigurationError(`SWEEP_TIMEZONE: "${timeZone}" is not a time zone (e.g. Europe/Stockholm)`);
  }
  const holidays = s.SWEEP_HOLIDAYS.split(',').map((d) => d.trim()).filter((d) => d !== '');
  const wrong = holidays.filter((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
  if (wrong.length > 0) throw new ConfigurationError(`SWEEP_HOLIDAYS: not YYYY-MM-DD dates: ${wrong.join(', ')}`);
  return { ...defaultNudgeOptions, months: s.ROTATION_MONTHS, timeZone, holidays: new Set(holidays) };
}

/** Graph proactive install, when Graph credentials and the Teams app's manifest id are configured. */
export function proactiveInstallFrom(config: Config, people: PeopleDirectory | undefined, logger: Logger): ProactiveInstallOptions | undefined {
  const s = config.settings;
  if (!s.GRAPH_TENANT_ID || !s.GRAPH_CLIENT_ID || !s.GRAPH_CLIENT_SECRET || !s.TEAMS_APP_ID || !people) return undefined;
  const app = createConfidentialClient({
    tenantId: s.GRAPH_TENANT_ID,
    clientId: s.GRAPH_CLIENT_ID,
    clientSecret: s.GRAPH_CLIENT_SECRET,
    authorityHost: s.GRAPH_AUTHORITY_HOST,
  });
  const client = createGraphClient({ tokens: accessTokenSource(app), baseUrl: s.GRAPH_BASE_URL });
  return {
    opener: new TeamsAppInstaller({ client, manifestId: s.TEAMS_APP_ID, logger }),
    serviceUrl: s.TEAMS_SERVICE_URL,
    tenantId: s.MicrosoftAppTenantId ?? s.GRAPH_TENANT_ID,
    botId: s.MicrosoftAppId === '' ? 'rotera' : `28:${s.MicrosoftAppId}`,
  };
}

export interface ProactiveParts {
  readonly adapter: ProactiveAdapter;
  readonly store: Store;
  readonly people?: PeopleDirectory;
  readonly logger: Logger;
  readonly renderNotice?: (notice: Notice, locale: Locale) => Attachment;
}

/**
 * Everything that sends proactively, built once per process: one sender, so notices and nudges share
 * Teams' app-wide limit; the conversation references the bot keeps; Graph install when configured.
 */
export function createProactive(config: Config, parts: ProactiveParts): { references: ConversationReferences; notifier: TeamsNotifier } {
  const references = new ConversationReferences(parts.store);
  const install = proactiveInstallFrom(config, parts.people, parts.logger);
  const notifier = new TeamsNotifier({
    references,
    sender: new ProactiveSender({ adapter: parts.adapter, appId: config.settings.MicrosoftAppId, logger: parts.logger }),
    logger: parts.logger,
    ...(parts.people ? { people: parts.people } : {}),
    ...(install ? { install } : {}),
    ...(parts.renderNotice ? { renderNotice: parts.renderNotice } : {}),
  });
  parts.logger.info({ proactiveInstall: install !== undefined }, install ? 'people who never opened Rotera get it installed through Graph' : 'people who never opened Rotera are listed as unreachable (no Graph install configured)');
  return { references, notifier };
}

/** The lock that lets one instance sweep: in the same place as the store. */
export function sweepLockFrom(config: Config, logger: Logger): SweepLock & { close?: () => void } {
  const s = config.settings;
  switch (s.STORAGE) {
    case 'sqlite':
      return new SqliteSweepLock(s.SQLITE_FILE ?? join(s.DATA_DIR, 'rotera.sqlite'), { logger });
    case 'azure':
      if (!s.AZURE_STORAGE_CONNECTION_STRING) throw new ConfigurationError('AZURE_STORAGE_CONNECTION_STRING: required when STORAGE is azure');
      return BlobLeaseSweepLock.fromConnectionString(s.AZURE_STORAGE_CONNECTION_STRING, s.AZURE_STORAGE_CONTAINER, logger);
    case 'memory':
      return new MemorySweepLock();
  }
}

/**
 * The sweep lock, opened on first use: a process that never sweeps (a test server, a bot whose schedule
 * is off) opens no second connection and creates no lock blob.
 */
export function lazySweepLock(open: () => SweepLock & { close?: () => void }): SweepLock & { close(): void } {
  let lock: (SweepLock & { close?: () => void }) | null = null;
  return {
    tryAcquire: () => {
      lock ??= open();
      return lock.tryAcquire();
    },
    close: () => lock?.close?.(),
  };
}

export interface RotationSweepOptions {
  readonly deps: RotationNudgeDependencies;
  readonly lock: SweepLock;
  readonly nudges: NudgeOptions;
  /** Nudges in flight at once (default 16); Teams' limits hold whatever it is. */
  readonly concurrency?: number;
}

/** The rotation sweep of one process: on demand, or on a schedule. */
export class RotationSweep {
  private readonly instanceId = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  /** Runs not yet finished, so shutdown can let them write their ledger before the store closes. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: RotationSweepOptions) {}

  /** One sweep if no other instance is sweeping. `anytime` sends even on a weekend or at night. */
  async runOnce(run: { readonly anytime?: boolean } = {}): Promise<SweepSummary> {
    const running = sweepExclusively(this.options.lock, this.options.deps, {
      nudges: this.options.nudges,
      instanceId: this.instanceId,
      concurrency: this.options.concurrency ?? 16,
      ignoreQuietHours: run.anytime ?? false,
    });
    const tracked = running.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
    return running;
  }

  /**
   * Resolves when every run in flight has finished (true), or after `timeoutMs` (false, runs still going).
   * A run's failure is its caller's to see; here it only counts as finished.
   */
  async settled(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([Promise.all([...this.inFlight]).then(() => true as const), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sweeps on the cron pattern (default 08:30 Monday-Friday) in the time zone; a run still going blocks the next. */
  schedule(pattern: string, timeZone: string): { stop(): void; nextRun(): Date | null } {
    const log = this.options.deps.logger.child({ component: 'sweep-schedule' });
    let job: Cron;
    try {
      job = new Cron(pattern, { timezone: timeZone, unref: true, protect: () => log.warn({}, 'previous sweep still running: this run skipped') }, async () => {
        try {
          await this.runOnce();
        } catch (error) {
          // The ledger keeps what was done; the next run picks up the rest.
          log.error({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'scheduled sweep failed');
        }
      });
    } catch {
      throw new ConfigurationError(`SWEEP_SCHEDULE: "${pattern}" is not a cron pattern (e.g. "30 8 * * 1-5")`);
    }
    log.info({ pattern, timeZone, next: job.nextRun()?.toISOString() ?? null }, 'rotation sweep scheduled');
    return { stop: () => job.stop(), nextRun: () => job.nextRun() };
  }
}
