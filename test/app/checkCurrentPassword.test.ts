import { DEMO_PASSWORDS } from '../../src/adapters/memory/demoData';
import { DirectoryUnavailable } from '../../src/domain/errors';
import { UseCaseHarness } from '../support/useCaseHarness';

const MINUTE = 60_000;

describe('checkCurrentPassword', () => {
  let h: UseCaseHarness;
  beforeEach(() => {
    h = new UseCaseHarness();
  });
  afterEach(() => {
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('proves the right password, offers the own work mobile, and leaves a proof (not the password) in the store', async () => {
    const anna = h.actor('anna');
    const outcome = await h.useCases.checkCurrentPassword(anna, 'HEMTJANSTAB', h.secret(DEMO_PASSWORDS.hemtjanstab));
    expect(outcome).toMatchObject({ kind: 'proven', suggestedMobile: '+46701112233', mustChange: false, account: { name: 'hemtjanstab', maskedMobile: '+46 70•••••67', role: 'manager' } });
    expect(h.storedKeys('proof/')).toEqual(['proof/hemtjanstab/29%3Aanna']);
    expect(h.storedKeys('pwcheck/')).toEqual([]);
  });

  it('refuses an empty password without asking the directory', async () => {
    const outcome = await h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', '');
    expect(outcome).toEqual({ kind: 'empty-password' });
    expect(h.directory.callCount('checkPassword')).toBe(0);
  });

  it('stops after 3 wrong tries across two users, asking the directory only 3 times', async () => {
    const anna = h.actor('anna');
    const erik = h.actor('erik');
    expect(await h.useCases.checkCurrentPassword(anna, 'hemtjanstab', h.secret('Wrong-One1'))).toEqual({ kind: 'wrong-password', attemptsLeft: 2 });
    expect(await h.useCases.checkCurrentPassword(erik, 'hemtjanstab', h.secret('Wrong-Two2'))).toEqual({ kind: 'wrong-password', attemptsLeft: 1 });
    h.clock.advance(MINUTE);
    expect(await h.useCases.checkCurrentPassword(anna, 'hemtjanstab', h.secret('Wrong-Three3'))).toEqual({ kind: 'wrong-password', attemptsLeft: 0 });
    const exhausted = await h.useCases.checkCurrentPassword(erik, 'hemtjanstab', DEMO_PASSWORDS.hemtjanstab);
    expect(exhausted).toEqual({ kind: 'attempts-exhausted', retryAt: new Date(Date.UTC(2026, 10, 25, 9, 30, 0)) });
    expect(h.directory.callCount('checkPassword')).toBe(3);

    // Once the first try leaves the 30-minute window, one more try is allowed, and the right one succeeds.
    h.clock.set(Date.UTC(2026, 10, 25, 9, 30, 0));
    expect((await h.useCases.checkCurrentPassword(erik, 'hemtjanstab', h.secret(DEMO_PASSWORDS.hemtjanstab))).kind).toBe('proven');
  });

  it('never lets parallel wrong tries past the limit', async () => {
    const tries = Array.from({ length: 6 }, (_, i) => h.useCases.checkCurrentPassword(h.actor(i % 2 ? 'anna' : 'erik'), 'hemtjanstab', h.secret(`Wrong-${i}x`)));
    const outcomes = await Promise.all(tries);
    expect(outcomes.filter((o) => o.kind === 'wrong-password')).toHaveLength(3);
    expect(outcomes.filter((o) => o.kind === 'attempts-exhausted')).toHaveLength(3);
    expect(h.directory.callCount('checkPassword')).toBe(3);
  });

  it('counts wrong tries per account: another account is not affected', async () => {
    const anna = h.actor('anna');
    for (let i = 0; i < 3; i += 1) await h.useCases.checkCurrentPassword(anna, 'hemtjanstab', h.secret(`Wrong-${i}y`));
    expect((await h.useCases.checkCurrentPassword(anna, 'hemvardsgruppen', h.secret(DEMO_PASSWORDS.hemvardsgruppen))).kind).toBe('proven');
  });

  it('does not count a right password against the limit', async () => {
    const anna = h.actor('anna');
    await h.useCases.checkCurrentPassword(anna, 'hemtjanstab', h.secret('Wrong-a1'));
    await h.useCases.checkCurrentPassword(anna, 'hemtjanstab', h.secret(DEMO_PASSWORDS.hemtjanstab));
    expect(await h.useCases.checkCurrentPassword(anna, 'hemtjanstab', h.secret('Wrong-b2'))).toEqual({ kind: 'wrong-password', attemptsLeft: 1 });
  });

  it('counts "valid but must change" as proven, and says so', async () => {
    h.directory.update('hemtjanstab', { mustChange: true });
    const outcome = await h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', h.secret(DEMO_PASSWORDS.hemtjanstab));
    expect(outcome).toMatchObject({ kind: 'proven', mustChange: true });
  });

  it('does not try when the directory is one wrong try from locking the account', async () => {
    h.directory.failLogons('hemtjanstab', 4);
    const outcome = await h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', h.secret(DEMO_PASSWORDS.hemtjanstab));
    expect(outcome).toEqual({ kind: 'lockout-risk' });
    // The try was given back: Rotera's own counter did not move.
    expect(h.storedKeys('pwcheck/')).toEqual([]);
  });

  it('reports a locked and a disabled account with the support contact, without using a try', async () => {
    h.directory.update('hemtjanstab', { locked: true });
    expect(await h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', h.secret(DEMO_PASSWORDS.hemtjanstab))).toEqual({
      kind: 'account-locked',
      supportContact: h.settings.supportContact,
    });
    h.directory.update('hemvardsgruppen', { disabled: true });
    expect(await h.useCases.checkCurrentPassword(h.actor('anna'), 'hemvardsgruppen', h.secret(DEMO_PASSWORDS.hemvardsgruppen))).toEqual({
      kind: 'account-disabled',
      supportContact: h.settings.supportContact,
    });
    expect(h.directory.callCount('checkPassword')).toBe(0);
  });

  it('maps a lock the directory reports at check time', async () => {
    // Locked by someone else between the read and the bind.
    const original = h.directory.checkPassword.bind(h.directory);
    h.directory.checkPassword = async (name, password) => {
      h.directory.update(name, { locked: true });
      return original(name, password);
    };
    const outcome = await h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', h.secret(DEMO_PASSWORDS.hemtjanstab));
    expect(outcome).toEqual({ kind: 'account-locked', supportContact: h.settings.supportContact });
    expect(h.storedKeys('pwcheck/')).toEqual([]);
  });

  it('gives the reserved try back when the directory is unavailable', async () => {
    h.directory.failNextCall('checkPassword');
    await expect(h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', h.secret(DEMO_PASSWORDS.hemtjanstab))).rejects.toBeInstanceOf(DirectoryUnavailable);
    expect(h.storedKeys('pwcheck/')).toEqual([]);
    expect(h.storedKeys('proof/')).toEqual([]);
  });

  it('uses the configured limit', async () => {
    const strict = new UseCaseHarness({ settings: { passwordCheckMaxFailures: 1 } });
    expect(await strict.useCases.checkCurrentPassword(strict.actor('anna'), 'hemtjanstab', 'Wrong-c3')).toEqual({ kind: 'wrong-password', attemptsLeft: 0 });
    expect((await strict.useCases.checkCurrentPassword(strict.actor('anna'), 'hemtjanstab', 'Wrong-d4')).kind).toBe('attempts-exhausted');
  });

  it('audits every try without the password', async () => {
    await h.useCases.checkCurrentPassword(h.actor('anna'), 'hemtjanstab', h.secret('Wrong-e5'));
    const audit = h.store.dump().filter((e) => e.key.startsWith('audit/')).map((e) => JSON.parse(e.json) as Record<string, unknown>);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'check-current-password', account: 'hemtjanstab', outcome: 'wrong-password', actorDn: h.actor('anna').person.dn, teamsUserId: '29:anna' }),
    ]);
    expect(h.logLines.some((l) => l.includes('"outcome":"wrong-password"'))).toBe(true);
  });
});
