/**
 * The use cases over the real twilio SDK (through the daily cap) against the local Twilio fake:
 * what users get when Twilio refuses or fails, and that a failed send neither leaves a live code
 * behind nor uses up the account's code budget.
 */
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingNotifier } from '../../src/adapters/memory/RecordingNotifier';
import { DEMO_PASSWORDS, DEMO_PEOPLE, demoDirectory } from '../../src/adapters/memory/demoData';
import { TwilioSmsSender } from '../../src/adapters/twilio/TwilioSmsSender';
import { DailyCapSmsSender } from '../../src/app/DailyCapSmsSender';
import type { UseCases } from '../../src/app/contracts';
import { createUseCases, defaultCoreSettings } from '../../src/app/createUseCases';
import { SmsUnavailable, type SmsRefusalReason } from '../../src/domain/errors';
import { startTwilioFake, type TwilioFake } from '../servers/twilioFake';
import { captureLogs, checkLogsAfterAll, codesIn, secretsSeen } from '../support/logCapture';

// Issues 2 and 5: no password or code this suite used may appear in any line it logged.
checkLogsAfterAll(...Object.values(DEMO_PASSWORDS));

const ON_FILE = '+46701234567'; // hemtjanstab's recovery mobile in the demo data
const NEW_NUMBER = '+46709876543';
const MINUTE = 60_000;

describe('use cases sending through Twilio', () => {
  let twilio: TwilioFake;

  beforeAll(async () => {
    twilio = await startTwilioFake();
    secretsSeen.add(twilio.authToken);
    secretsSeen.from(() => codesIn(twilio.messages.map((m) => m.body)));
  });
  afterAll(async () => {
    await twilio.stop();
  });
  beforeEach(() => twilio.reset());

  async function setup(dailyCap = 500) {
    const lines: string[] = [];
    const logger = captureLogs('debug', lines).logger;
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    const store = new MemoryStore(clock);
    const directory = demoDirectory(clock.now(), clock);
    const twilioSender = new TwilioSmsSender({
      accountSid: twilio.accountSid,
      credentials: { kind: 'auth-token', authToken: twilio.authToken },
      sender: { kind: 'from', from: 'Rotera' },
      statusCallbackUrl: 'https://rotera.example.org/api/sms/status',
      logger,
      apiBaseUrl: twilio.baseUrl,
      retryDelayMs: 1,
    });
    const sms = new DailyCapSmsSender(twilioSender, store, clock, logger, { cap: dailyCap });
    const useCases: UseCases = createUseCases({
      directory,
      people: directory,
      sms,
      store,
      clock,
      notifier: new RecordingNotifier(),
      logger,
      secrets: { codeKey: 'k'.repeat(40), historyPepper: 'p'.repeat(40) },
      settings: defaultCoreSettings,
    });
    const anna = await useCases.identify({
      teamsUserId: '29:anna',
      aadObjectId: DEMO_PEOPLE.anna.aadObjectId,
      userPrincipalName: DEMO_PEOPLE.anna.userPrincipalName,
      name: DEMO_PEOPLE.anna.displayName,
      locale: 'sv',
    });
    if (!anna) throw new Error('demo manager not found');
    return { useCases, anna, clock, lines };
  }

  const codeIn = (body: string | undefined) => /\b(\d{6})\b/.exec(body ?? '')?.[1] ?? 'no code';

  const refusals: ReadonlyArray<[number, number, SmsRefusalReason]> = [
    [400, 21211, 'invalid-number'],
    [400, 21614, 'not-a-mobile'],
    [400, 21408, 'country-not-enabled'],
    [400, 21610, 'opted-out'],
    [401, 20003, 'provider-auth'],
  ];

  it.each(refusals)('a reset code refused with %i/%i is "sms-refused: %s", and leaves no live code', async (status, code, reason) => {
    const { useCases, anna } = await setup();
    twilio.failFor(ON_FILE, { status, code }, 1);

    await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toEqual({ kind: 'sms-refused', reason, supportContact: defaultCoreSettings.supportContact });
    await expect(useCases.verifyResetCode(anna, 'hemtjanstab', '123456')).resolves.toEqual({ kind: 'no-code' });
    expect(twilio.messages).toHaveLength(0);
  });

  it('does not count refused sends against the codes an account may get', async () => {
    const { useCases, anna, clock } = await setup();
    twilio.failFor(ON_FILE, { status: 400, code: 21614 }, 3);
    for (let i = 0; i < 3; i += 1) {
      await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toMatchObject({ kind: 'sms-refused', reason: 'not-a-mobile' });
    }
    // Right away, no "wait 60 s before a new code": the refused sends were no codes.
    await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toMatchObject({ kind: 'code-sent', maskedMobile: '+46 70•••••67' });
    for (let i = 0; i < 2; i += 1) {
      clock.advance(MINUTE + 1000);
      await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toMatchObject({ kind: 'code-sent' });
    }
    expect(twilio.messages).toHaveLength(3);

    const code = codeIn(twilio.messages.at(-1)?.body);
    await expect(useCases.verifyResetCode(anna, 'hemtjanstab', code)).resolves.toMatchObject({ kind: 'verified' });
  });

  it('retries a 429 once and the user gets one working code', async () => {
    const { useCases, anna } = await setup();
    twilio.failNext({ status: 429, code: 20429 });

    const started = await useCases.startReset(anna, 'hemtjanstab');
    expect(started).toMatchObject({ kind: 'code-sent', providerMessageId: twilio.messages[0]?.sid });
    expect(twilio.requests.map((r) => r.status)).toEqual([429, 201]);
    await expect(useCases.verifyResetCode(anna, 'hemtjanstab', codeIn(twilio.messages[0]?.body))).resolves.toMatchObject({ kind: 'verified' });
  });

  it('throws SmsUnavailable when Twilio keeps failing, with no live code and no budget used', async () => {
    const { useCases, anna } = await setup();
    twilio.failNext({ status: 503 }, { status: 500 });

    await expect(useCases.startReset(anna, 'hemtjanstab')).rejects.toBeInstanceOf(SmsUnavailable);
    expect(twilio.requests.map((r) => r.status)).toEqual([503, 500]);
    await expect(useCases.verifyResetCode(anna, 'hemtjanstab', '123456')).resolves.toEqual({ kind: 'no-code' });
    await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toMatchObject({ kind: 'code-sent' });
  });

  it('sends the confirmation code to the new number, and a refusal there leaves nothing to confirm', async () => {
    const { useCases, anna } = await setup();
    await expect(useCases.checkCurrentPassword(anna, 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab)).resolves.toMatchObject({ kind: 'proven' });
    twilio.failFor(NEW_NUMBER, { status: 400, code: 21610 }, 1);

    await expect(useCases.startMobileConfirmation(anna, 'hemtjanstab', '070-987 65 43')).resolves.toEqual({ kind: 'sms-refused', reason: 'opted-out', supportContact: defaultCoreSettings.supportContact });
    await expect(useCases.confirmMobile(anna, 'hemtjanstab', '123456')).resolves.toEqual({ kind: 'no-code' });

    await expect(useCases.startMobileConfirmation(anna, 'hemtjanstab', '070-987 65 43')).resolves.toMatchObject({ kind: 'code-sent' });
    expect(twilio.messages.map((m) => m.to)).toEqual([NEW_NUMBER]);
    await expect(useCases.confirmMobile(anna, 'hemtjanstab', codeIn(twilio.messages[0]?.body))).resolves.toMatchObject({ kind: 'mobile-saved' });
    // The number that was replaced is told, through Twilio too.
    expect(twilio.messages.map((m) => m.to)).toEqual([NEW_NUMBER, ON_FILE]);
  });

  it('stops sending at the daily cap, tells the user, and logs the alert once', async () => {
    const { useCases, anna, clock, lines } = await setup(2);
    await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toMatchObject({ kind: 'code-sent' });
    clock.advance(MINUTE + 1000);
    await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toMatchObject({ kind: 'code-sent' });
    clock.advance(MINUTE + 1000);
    await expect(useCases.startReset(anna, 'hemtjanstab')).resolves.toEqual({ kind: 'sms-refused', reason: 'daily-cap-reached', supportContact: defaultCoreSettings.supportContact });
    await expect(useCases.checkCurrentPassword(anna, 'hemvardsgruppen', DEMO_PASSWORDS.hemvardsgruppen)).resolves.toMatchObject({ kind: 'proven' });
    await expect(useCases.startMobileConfirmation(anna, 'hemvardsgruppen', '0709876543')).resolves.toEqual({ kind: 'sms-refused', reason: 'daily-cap-reached', supportContact: defaultCoreSettings.supportContact });

    expect(twilio.messages).toHaveLength(2);
    expect(lines.filter((line) => line.includes('"alert":"sms-daily-cap-reached"'))).toHaveLength(1);
  });

  it('never logs a code or an SMS body', async () => {
    const { useCases, anna, lines } = await setup();
    twilio.failNext({ status: 503 });
    await useCases.startReset(anna, 'hemtjanstab');
    const code = codeIn(twilio.messages[0]?.body);
    expect(code).toMatch(/^\d{6}$/);
    expect(lines.join('\n')).not.toContain(code);
    expect(lines.join('\n')).not.toContain(twilio.messages[0]?.body ?? 'no body');
  });
});
