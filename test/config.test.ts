import { loadConfig } from '../src/config';
import { ConfigurationError } from '../src/domain/errors';

const PRODUCTION = {
  NODE_ENV: 'production',
  HOST: '0.0.0.0',
  PUBLIC_BASE_URL: 'https://rotera.kommun.example',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppId: '7b1c0d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e',
  MicrosoftAppPassword: 'app-secret',
  MicrosoftAppTenantId: '11111111-2222-3333-4444-555555555555',
  CODE_HMAC_KEY: 'k'.repeat(32),
  PASSWORD_HISTORY_PEPPER: 'p'.repeat(32),
  DIRECTORY: 'ad',
  LDAP_URL: 'ldaps://dc1.kommun.example',
  LDAP_BIND_DN: 'CN=svc-rotera,OU=Service,DC=kommun,DC=example',
  LDAP_BIND_PASSWORD: 'bind-secret',
  LDAP_ACCOUNTS_BASE_DN: 'OU=Delade konton,DC=kommun,DC=example',
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
  TWILIO_AUTH_TOKEN: 'twilio-token',
  TWILIO_FROM: 'Rotera',
} as const;

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('runs on embedded defaults with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.settings).toMatchObject({ PORT: 3978, HOST: '127.0.0.1', DIRECTORY: 'memory', SMS_PROVIDER: 'console', STORAGE: 'sqlite' });
    expect(config.production).toBe(false);
    expect(Object.isFrozen(config.settings)).toBe(true);
  });

  it('accepts a complete production configuration', () => {
    expect(loadConfig({ ...PRODUCTION }).production).toBe(true);
  });

  it('names a setting of the wrong type', () => {
    expect(problemsOf({ PORT: 'abc' })).toMatch(/^Invalid configuration:\n {2}PORT: /);
  });

  it('names every missing production setting at once', () => {
    const message = problemsOf({ NODE_ENV: 'production' });
    for (const name of ['CODE_HMAC_KEY', 'PASSWORD_HISTORY_PEPPER', 'SMS_PROVIDER', 'DIRECTORY', 'MicrosoftAppId']) {
      expect(message).toContain(`${name}:`);
    }
  });

  it('refuses to listen beyond loopback with authentication off', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })).toContain('MicrosoftAppId: required when HOST is not a loopback address');
    expect(() => loadConfig({ HOST: 'localhost' })).not.toThrow();
    expect(() => loadConfig({ HOST: '127.0.0.2' })).not.toThrow();
  });

  it('wants the public https address for Twilio delivery reports in production', () => {
    expect(problemsOf({ ...PRODUCTION, PUBLIC_BASE_URL: 'http://127.0.0.1:3978' })).toContain('PUBLIC_BASE_URL:');
    expect(problemsOf({ ...PRODUCTION, PUBLIC_BASE_URL: 'http://rotera.kommun.example' })).toContain('PUBLIC_BASE_URL:');
  });

  it('refuses plain LDAP for a real directory', () => {
    expect(problemsOf({ ...PRODUCTION, LDAP_TLS: 'none' })).toContain('LDAP_TLS:');
  });

  it('wants the tenant of a single-tenant bot', () => {
    const { MicrosoftAppTenantId: _tenant, ...withoutTenant } = PRODUCTION;
    expect(problemsOf(withoutTenant)).toContain('MicrosoftAppTenantId:');
  });

  it('refuses secrets that are too short to be keys', () => {
    expect(problemsOf({ ...PRODUCTION, CODE_HMAC_KEY: 'short' })).toContain('CODE_HMAC_KEY');
  });

  it('never puts a secret value into its error message', () => {
    const message = problemsOf({ ...PRODUCTION, PORT: 'abc', CODE_HMAC_KEY: 'short-but-secret' });
    expect(message).not.toContain('short-but-secret');
    expect(message).not.toContain('app-secret');
    expect(message).not.toContain('bind-secret');
  });
});

describe('loadConfig: sweep settings, checked before anything listens', () => {
  it('accepts the default schedule, time zone and a list of holidays', () => {
    expect(() => loadConfig({ SWEEP_HOLIDAYS: '2026-12-24, 2026-12-25,2026-12-31' })).not.toThrow();
  });

  it('names a schedule that is not a cron pattern', () => {
    expect(problemsOf({ SWEEP_SCHEDULE: 'every morning' })).toContain('SWEEP_SCHEDULE: "every morning" is not a cron pattern');
    expect(problemsOf({ SWEEP_SCHEDULE: '61 8 * * 1-5' })).toContain('SWEEP_SCHEDULE:');
  });

  it('names a time zone that does not exist', () => {
    expect(problemsOf({ SWEEP_TIMEZONE: 'Europe/Atlantis' })).toContain('SWEEP_TIMEZONE: "Europe/Atlantis" is not a time zone');
  });

  it('names holidays that are not calendar dates, also when Date.parse would roll them over', () => {
    const message = problemsOf({ SWEEP_HOLIDAYS: '2026-12-24,24/12/2026,2026-02-30' });
    expect(message).toContain('SWEEP_HOLIDAYS: not YYYY-MM-DD dates: 24/12/2026, 2026-02-30');
    expect(message).not.toContain('2026-12-24,');
  });

  it('names every wrong sweep setting at once, with the others', () => {
    const message = problemsOf({ PORT: '3978', SWEEP_SCHEDULE: 'x', SWEEP_TIMEZONE: 'Nowhere', SWEEP_HOLIDAYS: 'soon', HOST: '0.0.0.0' });
    for (const name of ['SWEEP_SCHEDULE:', 'SWEEP_TIMEZONE:', 'SWEEP_HOLIDAYS:', 'MicrosoftAppId:']) expect(message).toContain(name);
  });
});
