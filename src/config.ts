/**
 * Every setting Rotera reads, parsed once from the environment (and `.env`) into a frozen, typed Config.
 * Start-up stops with a message naming each missing or wrong setting. Only `src/index.ts` (and the
 * command-line entry points) call `loadConfig`; everything else receives the parts it needs.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { ConfigurationError } from './domain/errors';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(0, 65535).default(3978),
  /** Public HTTPS base of the bot, for callbacks (Twilio status). Never derived from the Host header. */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3978'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),

  // Bot Framework authentication. An empty app id disables authentication (local development only).
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppCertificateThumbprint: optionalText,
  MicrosoftAppCertificatePrivateKeyFile: optionalText,

  // Secrets of Rotera itself. Development generates and keeps them in DATA_DIR; production must set them.
  CODE_HMAC_KEY: optionalText.pipe(z.string().min(32).optional()),
  PASSWORD_HISTORY_PEPPER: optionalText.pipe(z.string().min(32).optional()),

  // The rules.
  ROTATION_MONTHS: int(1, 24).default(3),
  MUNICIPALITY_NAMES: z.string().default('Örebro'),
  SUPPORT_CONTACT: z.string().default('Support: 2000 knappval 3 och 1, vardochstod@orebro.se'),
  SERVICE_NAME: z.string().default('Treserva'),
  PASSWORD_CHECK_MAX_FAILURES: int(1, 10).default(3),
  PASSWORD_CHECK_WINDOW_MINUTES: int(1, 1440).default(30),

  // Directory.
  DIRECTORY: z.enum(['memory', 'ad', 'openldap']).default('memory'),
  LDAP_URL: optionalText,
  LDAP_TLS: z.enum(['ldaps', 'starttls', 'none']).default('ldaps'),
  LDAP_CA_FILE: optionalText,
  LDAP_SERVERNAME: optionalText,
  LDAP_BIND_DN: optionalText,
  LDAP_BIND_PASSWORD: optionalText,
  LDAP_ACCOUNTS_BASE_DN: optionalText,
  LDAP_ACCOUNTS_FILTER: optionalText,
  LDAP_PEOPLE_BASE_DN: optionalText,
  LDAP_PERSON_MATCH_ATTRIBUTE: z.string().default('userPrincipalName'),
  LDAP_MANAGER_ATTRIBUTE: z.string().default('manager'),
  LDAP_DELEGATES_ATTRIBUTE: z.string().default('secretary'),
  LDAP_MOBILE_ATTRIBUTE: z.string().default('mobile'),
  LDAP_CONNECT_TIMEOUT_MS: int(100, 60000).default(5000),
  LDAP_TIMEOUT_MS: int(100, 120000).default(10000),
  /** OpenLDAP: the ppolicy entry for accounts without pwdPolicySubentry (enables the lockout guard there). */
  LDAP_PASSWORD_POLICY_DN: optionalText,
  /**
   * OpenLDAP: ppolicy refuses earlier passwords on Rotera's resets, so Rotera may skip its own exact check.
   * True only when the service identity has `write` (not `manage`) on userPassword and the policy has
   * pwdInHistory: with `manage`, ppolicy skips history. Active Directory is asked instead (rootDSE).
   */
  LDAP_DIRECTORY_ENFORCES_HISTORY: bool.default(false),

  // People lookup: the directory itself, or Microsoft Graph.
  PEOPLE: z.enum(['directory', 'graph']).default('directory'),
  GRAPH_TENANT_ID: optionalText,
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  GRAPH_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  /** The Teams app's manifest id, to find it in the org catalog for proactive install. */
  TEAMS_APP_ID: optionalText,

  // SMS.
  SMS_PROVIDER: z.enum(['console', 'twilio']).default('console'),
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_API_KEY: optionalText,
  TWILIO_API_SECRET: optionalText,
  TWILIO_FROM: optionalText,
  TWILIO_MESSAGING_SERVICE_SID: optionalText,
  /** Only for tests against a local fake of Twilio's REST API. */
  TWILIO_API_BASE_URL: optionalText,
  SMS_DAILY_CAP: int(1, 1_000_000).default(500),

  // Storage.
  STORAGE: z.enum(['sqlite', 'azure', 'memory']).default('sqlite'),
  SQLITE_FILE: optionalText,
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_CONTAINER: z.string().default('rotera'),

  // Rotation nudges.
  SWEEP_SCHEDULE: z.string().default('30 8 * * 1-5'),
  SWEEP_TIMEZONE: z.string().default('Europe/Stockholm'),
  SWEEP_ENABLED: bool.default(true),
  /** Extra days without reminders (public holidays), comma-separated YYYY-MM-DD; weekends are always off. */
  SWEEP_HOLIDAYS: z.string().default(''),
  /** Where Teams takes bot messages for chats Rotera opened itself (Graph proactive install). */
  TEAMS_SERVICE_URL: z.url().default('https://smba.trafficmanager.net/teams/'),
});

export type RawSettings = z.infer<typeof schema>;

export interface Config {
  readonly env: RawSettings['NODE_ENV'];
  readonly production: boolean;
  readonly settings: Readonly<RawSettings>;
  /** Bot Framework configuration keys as botbuilder reads them (including the auth-endpoint overrides tests use). */
  readonly botFramework: Readonly<Record<string, string>>;
}

/** Bot Framework keys passed through to ConfigurationBotFrameworkAuthentication when set. */
const BOT_FRAMEWORK_OVERRIDE_KEYS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'OAuthUrl',
  'CallerId',
  'ValidateAuthority',
  'ChannelService',
] as const;

function describe(issue: z.core.$ZodIssue): string {
  const name = issue.path.join('.') || '(environment)';
  return `${name}: ${issue.message}`;
}

/** Parses the environment; throws ConfigurationError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid configuration:\n  ${parsed.error.issues.map(describe).join('\n  ')}`);
  }
  const s = parsed.data;
  const problems = crossChecks(s);
  if (problems.length > 0) throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);

  const botFramework: Record<string, string> = {
    MicrosoftAppType: s.MicrosoftAppType,
    MicrosoftAppId: s.MicrosoftAppId,
  };
  if (s.MicrosoftAppPassword) botFramework.MicrosoftAppPassword = s.MicrosoftAppPassword;
  if (s.MicrosoftAppTenantId) botFramework.MicrosoftAppTenantId = s.MicrosoftAppTenantId;
  for (const key of BOT_FRAMEWORK_OVERRIDE_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') botFramework[key] = value;
  }
  return Object.freeze({
    env: s.NODE_ENV,
    production: s.NODE_ENV === 'production',
    settings: Object.freeze(s),
    botFramework: Object.freeze(botFramework),
  });
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function crossChecks(s: RawSettings): string[] {
  const problems: string[] = [];
  const need = (condition: boolean, name: string, why: string) => {
    if (condition) problems.push(`${name}: required ${why}`);
  };
  const production = s.NODE_ENV === 'production';
  need(production && !s.CODE_HMAC_KEY, 'CODE_HMAC_KEY', 'in production (at least 32 characters)');
  need(production && !s.PASSWORD_HISTORY_PEPPER, 'PASSWORD_HISTORY_PEPPER', 'in production (at least 32 characters)');
  need(production && s.SMS_PROVIDER === 'console', 'SMS_PROVIDER', 'to be "twilio" in production (the console sender is for development)');
  need(production && s.DIRECTORY === 'memory', 'DIRECTORY', 'to be "ad" or "openldap" in production');
  need(production && s.MicrosoftAppId === '', 'MicrosoftAppId', 'in production (authentication cannot be off)');
  // Without an app id nobody's identity is checked: only the local machine may talk to such a bot.
  need(
    s.MicrosoftAppId === '' && !isLoopback(s.HOST),
    'MicrosoftAppId',
    `when HOST is not a loopback address (HOST=${s.HOST}): without it anyone who reaches the port could act as any manager`,
  );
  if (production && s.SMS_PROVIDER === 'twilio') {
    const base = new URL(s.PUBLIC_BASE_URL);
    if (base.protocol !== 'https:' || isLoopback(base.hostname)) {
      problems.push('PUBLIC_BASE_URL: must be the bot\'s public https address in production (Twilio posts delivery reports to it and signs them for that URL)');
    }
  }
  if (s.MicrosoftAppId !== '' && s.MicrosoftAppType === 'SingleTenant') {
    need(!s.MicrosoftAppTenantId, 'MicrosoftAppTenantId', 'when MicrosoftAppType is SingleTenant');
  }
  if (s.MicrosoftAppId !== '' && s.MicrosoftAppType !== 'UserAssignedMSI') {
    need(
      !s.MicrosoftAppPassword && !s.MicrosoftAppCertificateThumbprint,
      'MicrosoftAppPassword',
      '(or MicrosoftAppCertificateThumbprint with MicrosoftAppCertificatePrivateKeyFile) when MicrosoftAppId is set',
    );
  }
  if (s.DIRECTORY !== 'memory') {
    for (const [name, value] of [
      ['LDAP_URL', s.LDAP_URL],
      ['LDAP_BIND_DN', s.LDAP_BIND_DN],
      ['LDAP_BIND_PASSWORD', s.LDAP_BIND_PASSWORD],
      ['LDAP_ACCOUNTS_BASE_DN', s.LDAP_ACCOUNTS_BASE_DN],
    ] as const) {
      need(!value, name, `when DIRECTORY is ${s.DIRECTORY}`);
    }
    if (s.LDAP_TLS === 'none') {
      problems.push('LDAP_TLS: "none" cannot be used: password operations need an encrypted connection (use ldaps or starttls)');
    }
  }
  if (s.SMS_PROVIDER === 'twilio') {
    need(!s.TWILIO_ACCOUNT_SID, 'TWILIO_ACCOUNT_SID', 'when SMS_PROVIDER is twilio');
    // Twilio signs delivery reports with the auth token even when messages are sent with an API key.
    need(!s.TWILIO_AUTH_TOKEN, 'TWILIO_AUTH_TOKEN', 'when SMS_PROVIDER is twilio (it verifies the signed delivery reports; sending may use TWILIO_API_KEY and TWILIO_API_SECRET instead)');
    need(Boolean(s.TWILIO_API_KEY) !== Boolean(s.TWILIO_API_SECRET), 'TWILIO_API_SECRET', 'together with TWILIO_API_KEY (set both or neither)');
    need(!s.TWILIO_FROM && !s.TWILIO_MESSAGING_SERVICE_SID, 'TWILIO_FROM', '(or TWILIO_MESSAGING_SERVICE_SID) when SMS_PROVIDER is twilio');
  }
  if (s.STORAGE === 'azure') {
    need(!s.AZURE_STORAGE_CONNECTION_STRING, 'AZURE_STORAGE_CONNECTION_STRING', 'when STORAGE is azure');
  }
  if (s.PEOPLE === 'graph') {
    need(!s.GRAPH_TENANT_ID, 'GRAPH_TENANT_ID', 'when PEOPLE is graph');
    need(!s.GRAPH_CLIENT_ID, 'GRAPH_CLIENT_ID', 'when PEOPLE is graph');
    need(!s.GRAPH_CLIENT_SECRET, 'GRAPH_CLIENT_SECRET', 'when PEOPLE is graph');
  }
  problems.push(...sweepProblems(s));
  return problems;
}

/** Date.parse rolls 2026-02-30 over to March; a holiday must name a real day. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

// Checked here, before anything listens, rather than when the sweep is scheduled after start-up.
function sweepProblems(s: RawSettings): string[] {
  const problems: string[] = [];
  let timeZoneKnown = true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: s.SWEEP_TIMEZONE });
  } catch {
    timeZoneKnown = false;
    problems.push(`SWEEP_TIMEZONE: "${s.SWEEP_TIMEZONE}" is not a time zone (e.g. Europe/Stockholm)`);
  }
  try {
    // Paused: parses the pattern without arming a timer.
    new Cron(s.SWEEP_SCHEDULE, { paused: true, ...(timeZoneKnown ? { timezone: s.SWEEP_TIMEZONE } : {}) }).stop();
  } catch {
    problems.push(`SWEEP_SCHEDULE: "${s.SWEEP_SCHEDULE}" is not a cron pattern (e.g. "30 8 * * 1-5")`);
  }
  const wrong = s.SWEEP_HOLIDAYS.split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !isCalendarDate(d));
  if (wrong.length > 0) problems.push(`SWEEP_HOLIDAYS: not YYYY-MM-DD dates: ${wrong.join(', ')}`);
  return problems;
}
