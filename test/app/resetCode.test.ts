import { DEMO_PASSWORDS } from '../../src/adapters/memory/demoData';
import { SmsUnavailable } from '../../src/domain/errors';
import { scriptCodes } from '../support/scriptedCodes';
import { UseCaseHarness } from '../support/useCaseHarness';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/** A wrong code that differs from the right one in every digit. */
const wrongFor = (code: string) => code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));

describe('startReset and verifyResetCode', () => {
  let h: UseCaseHarness;
  beforeEach(() => {
    h = new UseCaseHarness();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('sends a code only to the number on file, in the user\'s language, and stores only its HMAC', async () => {
    const start = await h.useCases.startReset(h.actor('anna', 'en'), 'hemtjanstab');
    expect(start).toEqual({
      kind: 'code-sent',
      maskedMobile: '+46 70•••••67',
      sentAt: new Date(T0),
      resendAt: new Date(T0 + MINUTE),
      expiresAt: new Date(T0 + 10 * MINUTE),
      providerMessageId: 'recorded-1',
    });
    expect(h.sms.sent).toHaveLength(1);
    expect(h.sms.last()?.to).toBe('+46701234567');
    expect(h.sms.last()?.body).toMatch(/is your code to reset the password of the Treserva account hemtjanstab/);
    h.lastCode();
    expect(h.storedKeys('code/')).toEqual(['code/reset/hemtjanstab']);
  });

  it('says so when no mobile is registered, and sends nothing', async () => {
    expect(await h.useCases.startReset(h.actor('anna'), 'hemvardsgruppen')).toEqual({ kind: 'no-mobile' });
    expect(h.sms.sent).toHaveLength(0);
  });

  it('verifies the right code once, opening a 10-minute session', async () => {
    const anna = h.actor('anna');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const code = h.lastCode();
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', `${code.slice(0, 3)} ${code.slice(3)}`)).toEqual({ kind: 'verified', until: new Date(T0 + 10 * MINUTE) });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', code)).toEqual({ kind: 'no-code' });
    expect(h.storedKeys('code/')).toEqual([]);
    expect(h.storedKeys('reset-session/')).toEqual(['reset-session/hemtjanstab/29%3Aanna']);
  });

  it('shows attempts left, and 5 wrong tries end the code', async () => {
    const anna = h.actor('anna');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const code = h.lastCode();
    const wrong = h.secret(wrongFor(code));
    for (const left of [4, 3, 2, 1]) expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', wrong)).toEqual({ kind: 'wrong-code', attemptsLeft: left });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', wrong)).toEqual({ kind: 'too-many-attempts' });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', code)).toEqual({ kind: 'no-code' });
  });

  it('uses no attempt on something that is not six digits', async () => {
    const anna = h.actor('anna');
    await h.useCases.startReset(anna, 'hemtjanstab');
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', '12a456')).toEqual({ kind: 'malformed-code' });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', h.secret(wrongFor(h.lastCode())))).toEqual({ kind: 'wrong-code', attemptsLeft: 4 });
  });

  it('binds the code to the user: another responsible user cannot use it', async () => {
    await h.useCases.startReset(h.actor('anna'), 'hemtjanstab');
    const annasCode = h.lastCode();
    expect(await h.useCases.verifyResetCode(h.actor('erik'), 'hemtjanstab', annasCode)).toEqual({ kind: 'wrong-code', attemptsLeft: 4 });
    expect((await h.useCases.verifyResetCode(h.actor('anna'), 'hemtjanstab', annasCode)).kind).toBe('verified');
  });

  it('binds the code to its purpose: a reset code does not confirm a mobile', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    // Two different codes by construction: equal draws would leave nothing to tell apart.
    scriptCodes('314159', '271828');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const resetCode = h.lastCode();
    h.clock.advance(SECOND);
    expect((await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233')).kind).toBe('code-sent');
    const confirmCode = h.lastCode();
    expect([resetCode, confirmCode]).toEqual(['314159', '271828']);
    expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', resetCode)).toEqual({ kind: 'wrong-code', attemptsLeft: 4 });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', confirmCode)).toEqual({ kind: 'wrong-code', attemptsLeft: 4 });
    expect((await h.useCases.verifyResetCode(anna, 'hemtjanstab', resetCode)).kind).toBe('verified');
    expect((await h.useCases.confirmMobile(anna, 'hemtjanstab', confirmCode)).kind).toBe('mobile-saved');
  });

  it('binds the code to the account: a code for one account does not verify another', async () => {
    h.directory.update('hemvardsgruppen', { recoveryMobile: '+46709998877' });
    const anna = h.actor('anna');
    scriptCodes('314159', '271828');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const code = h.lastCode();
    await h.useCases.startReset(anna, 'hemvardsgruppen');
    expect([code, h.lastCode()]).toEqual(['314159', '271828']);
    expect((await h.useCases.verifyResetCode(anna, 'hemvardsgruppen', code)).kind).toBe('wrong-code');
    expect((await h.useCases.verifyResetCode(anna, 'hemtjanstab', code)).kind).toBe('verified');
  });

  it('refuses a code after its 10 minutes', async () => {
    const anna = h.actor('anna');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const code = h.lastCode();
    h.clock.advance(10 * MINUTE);
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', code)).toEqual({ kind: 'code-expired' });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', code)).toEqual({ kind: 'no-code' });
  });

  it('offers a new code only after 60 seconds, and the new code replaces the old', async () => {
    const anna = h.actor('anna');
    scriptCodes('314159', '271828');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const first = h.lastCode();
    h.clock.advance(59 * SECOND);
    expect(await h.useCases.startReset(anna, 'hemtjanstab')).toEqual({ kind: 'resend-too-early', resendAt: new Date(T0 + MINUTE) });
    h.clock.advance(SECOND);
    expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('code-sent');
    const second = h.lastCode();
    expect([first, second]).toEqual(['314159', '271828']);
    expect((await h.useCases.verifyResetCode(anna, 'hemtjanstab', first)).kind).toBe('wrong-code');
    expect((await h.useCases.verifyResetCode(anna, 'hemtjanstab', second)).kind).toBe('verified');
  });

  it('sends at most 3 codes per account in 15 minutes', async () => {
    const sends = [h.actor('anna'), h.actor('erik'), h.actor('anna')];
    for (const actor of sends) {
      expect((await h.useCases.startReset(actor, 'hemtjanstab')).kind).toBe('code-sent');
      h.clock.advance(MINUTE);
    }
    expect(await h.useCases.startReset(h.actor('erik'), 'hemtjanstab')).toEqual({ kind: 'rate-limited', retryAt: new Date(T0 + 15 * MINUTE) });
    expect(h.sms.sent).toHaveLength(3);
    h.clock.set(T0 + 15 * MINUTE);
    expect((await h.useCases.startReset(h.actor('erik'), 'hemtjanstab')).kind).toBe('code-sent');
  });

  it('sends at most 10 codes per account in a day', async () => {
    const anna = h.actor('anna');
    for (let i = 0; i < 10; i += 1) {
      expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('code-sent');
      h.clock.advance(5 * MINUTE + 1);
    }
    expect(await h.useCases.startReset(anna, 'hemtjanstab')).toEqual({ kind: 'rate-limited', retryAt: new Date(T0 + 24 * 60 * MINUTE) });
    expect(h.sms.sent).toHaveLength(10);
  });

  it('does not reset the account\'s wrong-code count with a new code', async () => {
    const anna = h.actor('anna');
    const wrongTries = async (n: number) => {
      const wrong = h.secret(wrongFor(h.lastCode()));
      for (let i = 0; i < n; i += 1) await h.useCases.verifyResetCode(anna, 'hemtjanstab', wrong);
    };
    await h.useCases.startReset(anna, 'hemtjanstab');
    await wrongTries(4);
    h.clock.advance(MINUTE);
    await h.useCases.startReset(anna, 'hemtjanstab');
    await wrongTries(4);
    h.clock.advance(MINUTE);
    await h.useCases.startReset(anna, 'hemtjanstab');
    const wrong = h.secret(wrongFor(h.lastCode()));
    // A fresh code has 5 tries, but the account has 1 left of its 10 wrong codes a day.
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', wrong)).toEqual({ kind: 'wrong-code', attemptsLeft: 1 });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', wrong)).toEqual({ kind: 'too-many-attempts' });
    h.clock.advance(15 * MINUTE);
    expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('rate-limited');
    expect(h.sms.sent).toHaveLength(3);
  });

  it('leaves no live code and uses up no send when the SMS provider refuses', async () => {
    const anna = h.actor('anna');
    h.sms.refuseNext('opted-out');
    expect(await h.useCases.startReset(anna, 'hemtjanstab')).toEqual({ kind: 'sms-refused', reason: 'opted-out', supportContact: h.settings.supportContact });
    expect(h.storedKeys('code/')).toEqual([]);
    expect(h.storedKeys('code-sends/')).toEqual([]);
    // Not even the 60-second wait applies: nothing was sent.
    for (let i = 0; i < 3; i += 1) {
      expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('code-sent');
      h.clock.advance(MINUTE);
    }
  });

  it.each([
    [
      'refuses',
      (h: UseCaseHarness) => h.sms.refuseNext('opted-out'),
      (start: Promise<unknown>) => expect(start).resolves.toEqual({ kind: 'sms-refused', reason: 'opted-out', supportContact: h.settings.supportContact }),
    ],
    [
      'cannot take',
      (h: UseCaseHarness) => h.sms.failNext(),
      (start: Promise<unknown>) => expect(start).rejects.toBeInstanceOf(SmsUnavailable),
    ],
  ])('keeps the live code as it was, and counts no send, when the provider %s a new code', async (_label, breakNextSend, expectFailure) => {
    const anna = h.actor('anna');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const first = h.lastCode();
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', h.secret(wrongFor(first)))).toEqual({ kind: 'wrong-code', attemptsLeft: 4 });
    const before = h.store.dump().filter((e) => e.key === 'code/reset/hemtjanstab');
    expect(before).toHaveLength(1);
    h.clock.advance(MINUTE);
    breakNextSend(h);
    await expectFailure(h.useCases.startReset(anna, 'hemtjanstab'));
    expect(h.sms.sent).toHaveLength(1);
    expect(h.store.dump().filter((e) => e.key === 'code/reset/hemtjanstab')).toEqual(before);
    // The failed send used none of the 3 sends per 15 minutes: two more go out, then the limit.
    for (let i = 0; i < 2; i += 1) {
      h.clock.advance(MINUTE);
      expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('code-sent');
    }
    h.clock.advance(MINUTE);
    expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('rate-limited');
  });

  it('lets the first code verify after a new code failed to go out', async () => {
    const anna = h.actor('anna');
    await h.useCases.startReset(anna, 'hemtjanstab');
    const first = h.lastCode();
    h.clock.advance(MINUTE);
    h.sms.failNext();
    await expect(h.useCases.startReset(anna, 'hemtjanstab')).rejects.toBeInstanceOf(SmsUnavailable);
    h.sms.refuseNext('not-a-mobile');
    expect(await h.useCases.startReset(anna, 'hemtjanstab')).toEqual({ kind: 'sms-refused', reason: 'not-a-mobile', supportContact: h.settings.supportContact });
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', first)).toEqual({ kind: 'verified', until: new Date(T0 + MINUTE + 10 * MINUTE) });
  });

  it('leaves no live code and uses up no send when the SMS provider is unavailable', async () => {
    h.sms.failNext();
    await expect(h.useCases.startReset(h.actor('anna'), 'hemtjanstab')).rejects.toBeInstanceOf(SmsUnavailable);
    expect(h.storedKeys('code')).toEqual([]);
    expect(await h.useCases.verifyResetCode(h.actor('anna'), 'hemtjanstab', '123456')).toEqual({ kind: 'no-code' });
  });
});
