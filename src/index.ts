/**
 * The one composition root: configuration -> logger -> store -> directory -> SMS -> use cases -> bot -> server.
 * `startRotera` starts it in-process (tests, scripts inject adapters through `overrides`); run as a program
 * it reads the environment (and .env) and stops with the offending setting's name when it is wrong.
 */
import { join } from 'node:path';
import type { Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { loadConfig, type Config } from './config';
import { ConfigurationError } from './domain/errors';
import { defaultPasswordPolicy } from './domain/passwordPolicy';
import type { UseCases } from './app/contracts';
import { coreSettingsFrom, createUseCases } from './app/createUseCases';
import { describeHistoryProtection } from './app/passwordHistory';
import { createPinoLogger } from './adapters/logging/pinoLogger';
import { loadOrCreateDevSecrets, type CoreSecrets } from './adapters/localSecrets';
import { MemoryStore } from './adapters/memory/MemoryStore';
import { demoDirectory } from './adapters/memory/demoData';
import { createDirectory as createLdapDirectories } from './adapters/ldap/createDirectory';
import { SqliteStore } from './adapters/sqlite/SqliteStore';
import { AzureBlobStore } from './adapters/azure/AzureBlobStore';
import { createGraphClient } from './adapters/graph/createGraphClient';
import { accessTokenSource, createConfidentialClient } from './adapters/graph/entraApp';
import { GraphPeopleDirectory } from './adapters/graph/GraphPeopleDirectory';
import { ConsoleSmsSender } from './adapters/console/ConsoleSmsSender';
import { TwilioSmsSender } from './adapters/twilio/TwilioSmsSender';
import { smsStatusCallbackUrl, twilioSmsSenderOptions } from './adapters/twilio/twilioSettings';
import { twilioSignatureCheck } from './adapters/twilio/twilioSignature';
import { DailyCapSmsSender } from './app/DailyCapSmsSender';
import { systemClock, type Clock } from './ports/Clock';
import type { Directory } from './ports/Directory';
import type { Logger } from './ports/Logger';
import type { Notifier } from './ports/Notifier';
import type { PeopleDirectory } from './ports/PeopleDirectory';
import type { SmsSender } from './ports/SmsSender';
import type { Store } from './ports/Store';
import { createAdapter } from './teams/createAdapter';
import { renderNotice } from './teams/cards/renderNotice';
import { createProactive, lazySweepLock, nudgeOptionsFrom, RotationSweep, sweepLockFrom } from './teams/proactive/rotationSweep';
import { RoteraBot } from './teams/RoteraBot';
import { close, createServer, listen, MESSAGES_PATH, type Route } from './teams/server';
import { cardActionTracker, smsStatusRoute } from './teams/smsStatusRoute';
import { DuplicateActivityGuard } from './teams/duplicateActivityGuard';
import { healthRoutes } from './teams/healthRoutes';
import { activityLogContext, useRequestContext, withRequestContext } from './teams/requestContext';

/** How long stop() lets a running sweep finish: inside the 25 s main() gives the whole shutdown. */
const SWEEP_DRAIN_MS = 20_000;
/** After SIGTERM the process exits after this long whatever is still running. */
const SHUTDOWN_GRACE_MS = 25_000;

/** Parts a test or script supplies instead of the ones the configuration would build. */
export interface RoteraOverrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly store?: Store;
  readonly directory?: Directory;
  /** Defaults to `directory` when that also implements PeopleDirectory (the memory directory does). */
  readonly people?: PeopleDirectory;
  readonly sms?: SmsSender;
  readonly notifier?: Notifier;
  readonly secrets?: CoreSecrets;
  readonly credentialsFactory?: ServiceClientCredentialsFactory;
  /** Extra HTTP routes (they can also be added to `server` later with `registerRoute`). */
  readonly routes?: readonly Route[];
}

export interface RunningRotera {
  readonly server: Server;
  /** Base URL, e.g. `http://127.0.0.1:3978` (the real port when PORT=0). */
  readonly url: string;
  /** `${url}/api/messages` */
  readonly messagesUrl: string;
  readonly adapter: CloudAdapter;
  readonly store: Store;
  readonly useCases: UseCases;
  readonly logger: Logger;
  /** The rotation sweep of this process (scheduled when SWEEP_ENABLED); `runOnce()` for tests and scripts. */
  readonly rotationSweep: RotationSweep;
  stop(): Promise<void>;
}

export function createStore(config: Config, clock: Clock): Store & { close?: () => void } {
  const s = config.settings;
  switch (s.STORAGE) {
    case 'memory':
      return new MemoryStore(clock);
    case 'sqlite':
      return new SqliteStore(s.SQLITE_FILE ?? join(s.DATA_DIR, 'rotera.sqlite'), { clock });
    case 'azure':
      return AzureBlobStore.fromConnectionString(s.AZURE_STORAGE_CONNECTION_STRING ?? '', s.AZURE_STORAGE_CONTAINER, clock);
  }
}

export function createDirectory(config: Config, clock: Clock): Directory & Partial<PeopleDirectory> {
  switch (config.settings.DIRECTORY) {
    case 'memory':
      return demoDirectory(clock.now(), clock);
    case 'ad':
    case 'openldap':
      // Built in startRotera with createLdapDirectories (src/adapters/ldap): it needs the logger and is closed on stop.
      throw new ConfigurationError(`DIRECTORY: "${config.settings.DIRECTORY}" is built by startRotera, not here`);
  }
}

function createSms(config: Config, logger: Logger): SmsSender {
  switch (config.settings.SMS_PROVIDER) {
    case 'console':
      return new ConsoleSmsSender({ env: { NODE_ENV: config.env } });
    case 'twilio':
      return new TwilioSmsSender(twilioSmsSenderOptions(config.settings, logger));
  }
}

/** PEOPLE=graph: people from Microsoft Graph with app-only tokens (User.Read.All). */
export function createGraphPeople(config: Config, logger: Logger): PeopleDirectory {
  const s = config.settings;
  const app = createConfidentialClient({
    tenantId: s.GRAPH_TENANT_ID ?? '',
    clientId: s.GRAPH_CLIENT_ID ?? '',
    clientSecret: s.GRAPH_CLIENT_SECRET ?? '',
    authorityHost: s.GRAPH_AUTHORITY_HOST,
  });
  return new GraphPeopleDirectory({ client: createGraphClient({ tokens: accessTokenSource(app), baseUrl: s.GRAPH_BASE_URL }), logger });
}

export function isPeopleDirectory(value: unknown): value is PeopleDirectory {
  const candidate = value as Partial<PeopleDirectory> | null;
  return typeof candidate?.personForTeamsUser === 'function' && typeof candidate.searchPeople === 'function' && typeof candidate.personByDn === 'function';
}

/** Builds everything and starts listening on HOST:PORT. */
export async function startRotera(config: Config, overrides: RoteraOverrides = {}): Promise<RunningRotera> {
  const s = config.settings;
  // Every line written while a request is handled carries its request id and activity id.
  const logger = withRequestContext(overrides.logger ?? createPinoLogger({ level: s.LOG_LEVEL }));
  const clock = overrides.clock ?? systemClock;
  const store = overrides.store ?? createStore(config, clock);
  const ldap = !overrides.directory && s.DIRECTORY !== 'memory' ? createLdapDirectories(config, logger) : null;
  if (ldap) logger.info({}, `Directory: ${ldap.describe()}`);
  const directory = overrides.directory ?? ldap?.directory ?? createDirectory(config, clock);
  const people =
    overrides.people ?? (s.PEOPLE === 'graph' ? createGraphPeople(config, logger) : (ldap?.people ?? (isPeopleDirectory(directory) ? directory : undefined)));
  if (!people) throw new ConfigurationError('PEOPLE: no people directory for this directory');
  // The bot-wide daily cap guards whichever provider is configured (tests inject their own sender).
  const sms = overrides.sms ?? new DailyCapSmsSender(createSms(config, logger), store, clock, logger, { cap: s.SMS_DAILY_CAP });
  const secrets = overrides.secrets ?? loadOrCreateDevSecrets(s.DATA_DIR, { codeKey: s.CODE_HMAC_KEY, historyPepper: s.PASSWORD_HISTORY_PEPPER });

  const adapter = createAdapter(config, logger, overrides.credentialsFactory ? { credentialsFactory: overrides.credentialsFactory } : {});
  adapter.use(activityLogContext);
  // First: a redelivered activity (Teams retries slow turns) must not send a second SMS or reset twice.
  adapter.use(new DuplicateActivityGuard({ store, logger }));
  adapter.use(cardActionTracker(store));
  // One proactive sender for notices and nudges, so both share Teams' app-wide limit.
  const proactive = createProactive(config, { adapter, store, people, logger, renderNotice });
  const conversationReferences = proactive.references;
  const notifier = overrides.notifier ?? proactive.notifier;

  const settings = coreSettingsFrom(s);
  const useCases = createUseCases({ directory, people, sms, store, clock, notifier, logger, secrets, settings });
  logger.info({}, await describeHistoryProtection(directory).catch(() => 'Earlier passwords: the directory could not be asked at start-up'));
  const bot = new RoteraBot({
    deps: {
      useCases,
      store,
      clock,
      logger,
      serviceName: settings.serviceName,
      policy: { minLength: defaultPasswordPolicy.minLength, maxLength: defaultPasswordPolicy.maxLength, requiredKinds: defaultPasswordPolicy.requiredKinds },
    },
    store,
    conversationReferences,
    logger,
  });
  // Twilio's signed delivery reports, shown on the code cards; only Twilio sends them.
  const smsStatus =
    s.SMS_PROVIDER === 'twilio' && s.TWILIO_AUTH_TOKEN
      ? smsStatusRoute({ verifySignature: twilioSignatureCheck(s.TWILIO_AUTH_TOKEN, smsStatusCallbackUrl(s.PUBLIC_BASE_URL)), store, clock, logger, adapter, appId: s.MicrosoftAppId })
      : null;
  let draining = false;
  const probes = healthRoutes({ store, directory, logger, draining: () => draining });
  const server = createServer({ adapter, bot, logger, routes: [...probes, ...(overrides.routes ?? []), ...(smsStatus ? [smsStatus] : [])] });
  useRequestContext(server);
  const url = await listen(server, s.PORT, s.HOST);
  logger.info({ url: `${url}${MESSAGES_PATH}`, storage: s.STORAGE, directory: s.DIRECTORY, sms: s.SMS_PROVIDER }, 'Rotera is listening');

  const sweepLock = lazySweepLock(() => sweepLockFrom(config, logger));
  const rotationSweep = new RotationSweep({ deps: { directory, people, store, clock, sender: proactive.notifier, logger }, lock: sweepLock, nudges: nudgeOptionsFrom(config) });
  const sweepSchedule = s.SWEEP_ENABLED ? rotationSweep.schedule(s.SWEEP_SCHEDULE, s.SWEEP_TIMEZONE) : null;

  return {
    server,
    url,
    messagesUrl: `${url}${MESSAGES_PATH}`,
    adapter,
    store,
    useCases,
    logger,
    rotationSweep,
    async stop() {
      draining = true;
      sweepSchedule?.stop();
      await close(server);
      await smsStatus?.settled();
      // A sweep under way finishes and writes its ledger before the lock, directory and store close under it.
      if (!(await rotationSweep.settled(SWEEP_DRAIN_MS))) {
        logger.warn({ waitedMs: SWEEP_DRAIN_MS }, 'rotation sweep still running at shutdown; closing anyway (the next sweep picks up the rest)');
      }
      sweepLock.close();
      await ldap?.close();
      if (!overrides.store) (store as { close?: () => void }).close?.();
    },
  };
}

async function main(): Promise<void> {
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let running: RunningRotera;
  try {
    running = await startRotera(config);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // New connections are refused and /readyz says unavailable; the turns in flight finish, then we exit.
    running.logger.info({ signal }, 'stopping: finishing the turns in flight');
    setTimeout(() => {
      running.logger.warn({}, `turns still running after ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) void main();
