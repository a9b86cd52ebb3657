import net from 'node:net';
import { TwilioSmsSender, type TwilioSmsSenderOptions } from '../../../src/adapters/twilio/TwilioSmsSender';
import { createPinoLogger } from '../../../src/adapters/logging/pinoLogger';
import { ConfigurationError, SmsRefused, SmsUnavailable, type SmsRefusalReason } from '../../../src/domain/errors';
import { startTwilioFake, type TwilioFake } from '../../servers/twilioFake';

const CALLBACK = 'https://rotera.example.org/api/sms/status';
const TO = '+46701234567';
const BODY = 'Rotera: koden 493817 for hemtjanstab galler i 10 minuter.';

function capturingLogger() {
  const lines: string[] = [];
  const logger = createPinoLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

describe('TwilioSmsSender against a local Twilio fake', () => {
  let fake: TwilioFake;
  const apiKey = { sid: `SK${'1'.repeat(32)}`, secret: 'api-key-secret-for-the-fake' };

  beforeAll(async () => {
    fake = await startTwilioFake({ apiKeys: [apiKey] });
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => fake.reset());

  function sender(overrides: Partial<TwilioSmsSenderOptions> = {}) {
    const { logger, lines } = capturingLogger();
    const instance = new TwilioSmsSender({
      accountSid: fake.accountSid,
      credentials: { kind: 'auth-token', authToken: fake.authToken },
      sender: { kind: 'from', from: 'Rotera' },
      statusCallbackUrl: CALLBACK,
      logger,
      apiBaseUrl: fake.baseUrl,
      retryDelayMs: 1,
      ...overrides,
    });
    return { instance, lines };
  }

  it('sends the message form-encoded with Basic auth and returns the message sid', async () => {
    const { instance } = sender();
    const sent = await instance.send({ to: TO, body: BODY });

    expect(fake.messages).toHaveLength(1);
    const message = fake.messages[0]!;
    expect(sent.providerMessageId).toBe(message.sid);
    expect(message).toMatchObject({ to: TO, from: 'Rotera', body: BODY, statusCallback: CALLBACK, validityPeriod: '600', authUser: fake.accountSid });
    expect(message.messagingServiceSid).toBeNull();
  });

  it('authenticates with an API key and secret when configured so', async () => {
    const { instance } = sender({ credentials: { kind: 'api-key', apiKey: apiKey.sid, apiSecret: apiKey.secret } });
    await instance.send({ to: TO, body: BODY });
    expect(fake.messages[0]?.authUser).toBe(apiKey.sid);
  });

  it('sends through a Messaging Service instead of a fixed sender', async () => {
    const messagingServiceSid = `MG${'a'.repeat(32)}`;
    const { instance } = sender({ sender: { kind: 'messaging-service', messagingServiceSid } });
    await instance.send({ to: TO, body: BODY });
    expect(fake.messages[0]).toMatchObject({ messagingServiceSid, from: null });
  });

  it('sends from a phone number', async () => {
    const { instance } = sender({ sender: { kind: 'from', from: '+46766861234' } });
    await instance.send({ to: TO, body: BODY });
    expect(fake.messages[0]?.from).toBe('+46766861234');
  });

  const refusals: ReadonlyArray<[string, { status: number; code?: number }, SmsRefusalReason]> = [
    ['21211 invalid To number', { status: 400, code: 21211 }, 'invalid-number'],
    ['21614 not a mobile number', { status: 400, code: 21614 }, 'not-a-mobile'],
    ['21408 region not enabled', { status: 400, code: 21408 }, 'country-not-enabled'],
    ['21610 recipient opted out', { status: 400, code: 21610 }, 'opted-out'],
    ['20003 authentication failure', { status: 401, code: 20003 }, 'provider-auth'],
    ['a bare 401', { status: 401 }, 'provider-auth'],
  ];
  it.each(refusals)('maps %s to SmsRefused without retrying', async (_label, error, reason) => {
    fake.failFor(TO, error);
    const { instance } = sender();
    const attempt = instance.send({ to: TO, body: BODY });
    await expect(attempt).rejects.toBeInstanceOf(SmsRefused);
    await expect(attempt).rejects.toMatchObject({ reason });
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
  });

  it('refuses with provider-auth when the credentials are wrong', async () => {
    const { instance } = sender({ credentials: { kind: 'auth-token', authToken: 'not-the-token' } });
    await expect(instance.send({ to: TO, body: BODY })).rejects.toMatchObject({ name: 'SmsRefused', reason: 'provider-auth' });
    expect(fake.requests.map((r) => r.status)).toEqual([401]);
  });

  it.each([
    ['429 Too Many Requests', { status: 429, code: 20429 }],
    ['500', { status: 500 }],
    ['503', { status: 503 }],
  ])('retries a %s once and succeeds the second time', async (_label, error) => {
    fake.failNext(error);
    const { instance } = sender();
    const sent = await instance.send({ to: TO, body: BODY });
    expect(fake.requests.map((r) => r.status)).toEqual([error.status, 201]);
    expect(sent.providerMessageId).toBe(fake.messages[0]?.sid);
  });

  it('gives up with SmsUnavailable after one retry', async () => {
    fake.failNext({ status: 503 }, { status: 429, code: 20429 });
    const waits: number[] = [];
    const { instance } = sender({ sleep: async (ms) => void waits.push(ms), retryDelayMs: 800 });
    await expect(instance.send({ to: TO, body: BODY })).rejects.toBeInstanceOf(SmsUnavailable);
    expect(fake.requests.map((r) => r.status)).toEqual([503, 429]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(800);
    expect(waits[0]).toBeLessThanOrEqual(1200);
  });

  it('treats another 4xx as SmsUnavailable without retrying (a settings problem, not the number)', async () => {
    fake.failNext({ status: 400, code: 21606, message: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination." });
    const { instance } = sender();
    await expect(instance.send({ to: TO, body: BODY })).rejects.toBeInstanceOf(SmsUnavailable);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries once when the connection to Twilio breaks, then reports SmsUnavailable', async () => {
    // Accepts and drops every connection, like a load balancer in trouble.
    let connections = 0;
    const dropper = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const { port } = dropper.address() as net.AddressInfo;
    try {
      const waits: number[] = [];
      const { instance } = sender({ apiBaseUrl: `http://127.0.0.1:${port}`, sleep: async (ms) => void waits.push(ms) });
      await expect(instance.send({ to: TO, body: BODY })).rejects.toBeInstanceOf(SmsUnavailable);
      expect(waits).toHaveLength(1);
      expect(connections).toBe(2);
    } finally {
      await new Promise<void>((resolve) => dropper.close(() => resolve()));
    }
  });

  it('never logs the body, the code in it, or the full number', async () => {
    fake.failNext({ status: 503 });
    const { instance, lines } = sender();
    await instance.send({ to: TO, body: BODY });
    fake.failFor(TO, { status: 400, code: 21211 });
    await expect(instance.send({ to: TO, body: BODY })).rejects.toBeInstanceOf(SmsRefused);

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(log).not.toContain('493817');
    expect(log).not.toContain('hemtjanstab');
    expect(log).not.toContain(TO);
    expect(log).not.toContain(fake.authToken);
    expect(log).toContain('+46 70•••••67');
  });

  it.each([
    [{ kind: 'from', from: 'RoteraSupport' }, 'TWILIO_FROM'],
    [{ kind: 'from', from: '123456' }, 'TWILIO_FROM'],
    [{ kind: 'from', from: 'Örebro' }, 'TWILIO_FROM'],
    [{ kind: 'from', from: 'rotera.se' }, 'TWILIO_FROM'],
    [{ kind: 'messaging-service', messagingServiceSid: 'MG123' }, 'TWILIO_MESSAGING_SERVICE_SID'],
  ] as const)('refuses to start with the sender %j', (badSender, setting) => {
    expect(() => sender({ sender: badSender })).toThrow(ConfigurationError);
    expect(() => sender({ sender: badSender })).toThrow(setting);
  });

  it('accepts an alphanumeric sender id of up to 11 characters with a space or a hyphen', () => {
    expect(() => sender({ sender: { kind: 'from', from: 'Orebro Kom' } })).not.toThrow();
    expect(() => sender({ sender: { kind: 'from', from: 'Rotera-Bot' } })).not.toThrow();
  });
});
