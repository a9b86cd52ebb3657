import { createPinoLogger } from '../../../src/adapters/logging/pinoLogger';
import { smsStatusCallbackUrl, twilioSmsSenderOptions } from '../../../src/adapters/twilio/twilioSettings';
import { loadConfig } from '../../../src/config';
import { ConfigurationError } from '../../../src/domain/errors';

const logger = createPinoLogger({ level: 'silent' });
const SID = `AC${'a'.repeat(32)}`;
const base = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'token-0123456789', TWILIO_FROM: 'Rotera' };

describe('Twilio settings', () => {
  it('builds the callback URL from PUBLIC_BASE_URL, with or without a trailing slash', () => {
    expect(smsStatusCallbackUrl('https://rotera.example.se')).toBe('https://rotera.example.se/api/sms/status');
    expect(smsStatusCallbackUrl('https://rotera.example.se/bot/')).toBe('https://rotera.example.se/bot/api/sms/status');
  });

  it('sends with the auth token and the fixed sender by default', () => {
    const config = loadConfig({ ...base, PUBLIC_BASE_URL: 'https://rotera.example.se' });
    expect(twilioSmsSenderOptions(config.settings, logger)).toMatchObject({
      accountSid: SID,
      credentials: { kind: 'auth-token', authToken: 'token-0123456789' },
      sender: { kind: 'from', from: 'Rotera' },
      statusCallbackUrl: 'https://rotera.example.se/api/sms/status',
    });
  });

  it('prefers the API key for sending and the Messaging Service as sender', () => {
    const config = loadConfig({ ...base, TWILIO_API_KEY: 'SK123', TWILIO_API_SECRET: 'secret', TWILIO_MESSAGING_SERVICE_SID: `MG${'b'.repeat(32)}` });
    expect(twilioSmsSenderOptions(config.settings, logger)).toMatchObject({
      credentials: { kind: 'api-key', apiKey: 'SK123', apiSecret: 'secret' },
      sender: { kind: 'messaging-service', messagingServiceSid: `MG${'b'.repeat(32)}` },
    });
  });

  it('takes the test base URL only when set', () => {
    expect(twilioSmsSenderOptions(loadConfig(base).settings, logger).apiBaseUrl).toBeUndefined();
    expect(twilioSmsSenderOptions(loadConfig({ ...base, TWILIO_API_BASE_URL: 'http://127.0.0.1:9' }).settings, logger).apiBaseUrl).toBe('http://127.0.0.1:9');
  });

  it.each([
    [{ TWILIO_AUTH_TOKEN: '' }, 'TWILIO_AUTH_TOKEN'],
    [{ TWILIO_AUTH_TOKEN: '', TWILIO_API_KEY: 'SK1', TWILIO_API_SECRET: 's' }, 'TWILIO_AUTH_TOKEN'],
    [{ TWILIO_API_KEY: 'SK1' }, 'TWILIO_API_SECRET'],
    [{ TWILIO_FROM: '' }, 'TWILIO_FROM'],
    [{ TWILIO_ACCOUNT_SID: '' }, 'TWILIO_ACCOUNT_SID'],
  ])('refuses to start with %j, naming %s', (change, setting) => {
    expect(() => loadConfig({ ...base, ...change })).toThrow(ConfigurationError);
    expect(() => loadConfig({ ...base, ...change })).toThrow(setting);
  });
});
