import { DEMO_PASSWORDS, DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { DirectoryUnavailable } from '../../src/domain/errors';
import { scriptCodes } from '../support/scriptedCodes';
import { UseCaseHarness } from '../support/useCaseHarness';

const MINUTE = 60_000;

describe('startMobileConfirmation and confirmMobile', () => {
  let h: UseCaseHarness;
  beforeEach(() => {
    h = new UseCaseHarness();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    expect(h.leakedSecrets()).toEqual([]);
  });

  const mobileOnFile = async (account: string) => (await h.directory.findSharedAccount(account))?.recoveryMobile;

  it('sends the code to the NEW number and saves it only after the code comes back', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    const start = await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '070-111 22 33');
    expect(start).toMatchObject({ kind: 'code-sent', maskedMobile: '+46 70•••••33' });
    expect(h.sms.last()?.to).toBe('+46701112233');
    expect(h.sms.last()?.body).toMatch(/koppla detta nummer till Treserva-kontot hemtjanstab/);
    expect(await mobileOnFile('hemtjanstab')).toBe('+46701234567');

    const saved = await h.useCases.confirmMobile(anna, 'hemtjanstab', h.lastCode());
    expect(saved).toEqual({ kind: 'mobile-saved', maskedMobile: '+46 70•••••33', previousNumberNotified: true });
    expect(await mobileOnFile('hemtjanstab')).toBe('+46701112233');
  });

  it('tells the replaced number, without a code or the new number', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '+46 70 111 22 33');
    await h.useCases.confirmMobile(anna, 'hemtjanstab', h.lastCode());
    const told = h.sms.last();
    expect(told?.to).toBe('+46701234567');
    expect(told?.body).toMatch(/inte längre kopplat till Treserva-kontot hemtjanstab/);
    expect(told?.body).not.toMatch(/\d{4,}/);
    expect(h.sms.sent).toHaveLength(2);
  });

  it('tells nobody by SMS when no number was on file', async () => {
    const anna = await h.prove('anna', 'hemvardsgruppen', DEMO_PASSWORDS.hemvardsgruppen);
    await h.useCases.startMobileConfirmation(anna, 'hemvardsgruppen', '0046701112233');
    expect(await h.useCases.confirmMobile(anna, 'hemvardsgruppen', h.lastCode())).toMatchObject({ kind: 'mobile-saved', previousNumberNotified: false });
    expect(h.sms.sent).toHaveLength(1);
  });

  it('still saves the number when the replaced number cannot be told', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233');
    const code = h.lastCode();
    h.sms.refuseNext('invalid-number');
    expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', code)).toMatchObject({ kind: 'mobile-saved', previousNumberNotified: false });
    expect(await mobileOnFile('hemtjanstab')).toBe('+46701112233');
  });

  it('notifies the other managers and delegates, with the masked number only', async () => {
    const erik = await h.prove('erik', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(erik, 'hemtjanstab', '0705556677');
    await h.useCases.confirmMobile(erik, 'hemtjanstab', h.lastCode());
    expect(h.notifier.noticesFor(DEMO_PEOPLE.anna.dn)).toEqual([
      {
        kind: 'mobile-changed',
        accountName: 'hemtjanstab',
        accountDisplayName: 'Hemtjänst Almby',
        byName: 'Erik Johansson',
        at: h.clock.now(),
        maskedMobile: '+46 70•••••77',
      },
    ]);
    expect(h.notifier.noticesFor(DEMO_PEOPLE.erik.dn)).toEqual([]);
    expect(JSON.stringify(h.notifier.sent)).not.toContain('0705556677');
  });

  it('requires the current password proven by this user within 10 minutes', async () => {
    expect(await h.useCases.startMobileConfirmation(h.actor('anna'), 'hemtjanstab', '0701112233')).toEqual({ kind: 'proof-expired' });
    await h.prove('erik', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    expect(await h.useCases.startMobileConfirmation(h.actor('anna'), 'hemtjanstab', '0701112233')).toEqual({ kind: 'proof-expired' });

    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233');
    const code = h.lastCode();
    h.clock.advance(10 * MINUTE);
    expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', code)).toEqual({ kind: 'proof-expired' });
    expect(h.sms.sent).toHaveLength(1);
    expect(await mobileOnFile('hemtjanstab')).toBe('+46701234567');
  });

  it.each([
    ['019-123 45 67', 'not-a-mobile'],
    ['0900-123 45 67', 'special-service'],
    ['ring mig', 'not-a-number'],
  ] as const)('refuses %s as %s and sends nothing', async (raw, problem) => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    expect(await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', raw)).toEqual({ kind: 'invalid-number', problem });
    expect(h.sms.sent).toHaveLength(0);
  });

  it('takes the number from the code it sent, not from anything sent back', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    scriptCodes('314159', '271828');
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233');
    const first = h.lastCode();
    h.clock.advance(MINUTE);
    // A second start for another number replaces the first code; the first one no longer saves anything.
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0705556677');
    const second = h.lastCode();
    expect([first, second]).toEqual(['314159', '271828']);
    expect((await h.useCases.confirmMobile(anna, 'hemtjanstab', first)).kind).toBe('wrong-code');
    expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', second)).toMatchObject({ kind: 'mobile-saved', maskedMobile: '+46 70•••••77' });
    expect(await mobileOnFile('hemtjanstab')).toBe('+46705556677');
  });

  it('keeps the live confirmation code when a code to another number cannot be sent', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233');
    const first = h.lastCode();
    h.clock.advance(MINUTE);
    h.sms.refuseNext('invalid-number');
    expect(await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0705556677')).toEqual({ kind: 'sms-refused', reason: 'invalid-number', supportContact: h.settings.supportContact });
    expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', first)).toMatchObject({ kind: 'mobile-saved', maskedMobile: '+46 70•••••33' });
    expect(await mobileOnFile('hemtjanstab')).toBe('+46701112233');
  });

  it('lets the reset start at once after a new mobile is confirmed (the resend gap is per purpose)', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233');
    expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', h.lastCode())).toMatchObject({ kind: 'mobile-saved' });
    expect(await h.useCases.startReset(anna, 'hemtjanstab')).toMatchObject({ kind: 'code-sent', maskedMobile: '+46 70•••••33' });
  });

  it('counts confirmation and reset codes together against the account\'s limit of 3 per 15 minutes', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    for (let i = 0; i < 2; i += 1) {
      expect((await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233')).kind).toBe('code-sent');
      h.clock.advance(MINUTE);
    }
    expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('code-sent');
    h.clock.advance(MINUTE);
    expect((await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233')).kind).toBe('rate-limited');
    expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('rate-limited');
  });

  it('ends the code after 5 wrong tries and saves nothing', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233');
    const wrong = h.secret(h.lastCode().replace(/\d/g, (d) => String((Number(d) + 5) % 10)));
    for (const left of [4, 3, 2, 1]) expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', wrong)).toEqual({ kind: 'wrong-code', attemptsLeft: left });
    expect(await h.useCases.confirmMobile(anna, 'hemtjanstab', wrong)).toEqual({ kind: 'too-many-attempts' });
    expect(await mobileOnFile('hemtjanstab')).toBe('+46701234567');
  });

  it('keeps the code usable when the directory fails to save, and saves on the next try', async () => {
    const anna = await h.prove('anna', 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    await h.useCases.startMobileConfirmation(anna, 'hemtjanstab', '0701112233');
    const code = h.lastCode();
    h.directory.failNextCall('setRecoveryMobile');
    await expect(h.useCases.confirmMobile(anna, 'hemtjanstab', code)).rejects.toBeInstanceOf(DirectoryUnavailable);
    expect(await mobileOnFile('hemtjanstab')).toBe('+46701234567');
    expect(h.sms.sent).toHaveLength(1);
    expect(h.notifier.sent).toHaveLength(0);
    expect((await h.useCases.confirmMobile(anna, 'hemtjanstab', code)).kind).toBe('mobile-saved');
  });
});
