import { MemoryDirectory } from '../../src/adapters/memory/MemoryDirectory';
import { DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { DirectoryUnavailable } from '../../src/domain/errors';
import { UseCaseHarness } from '../support/useCaseHarness';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const GOOD = 'Kaffe-Kopp-Tag9';

/** Active Directory with the policy hint: its own history refuses earlier passwords on reset. */
class HistoryKeepingDirectory extends MemoryDirectory {
  override async refusesEarlierPasswordsOnReset(): Promise<boolean> {
    return true;
  }
}

describe('changePassword', () => {
  let h: UseCaseHarness;
  beforeEach(() => {
    h = new UseCaseHarness();
  });
  afterEach(() => {
    expect(h.leakedSecrets()).toEqual([]);
  });

  const change = (who: 'anna' | 'erik', password: string, repeated = password) =>
    h.useCases.changePassword(h.actor(who), 'hemtjanstab', h.secret(password), h.secret(repeated));

  it('sets the password after a verified code, ends the session, and says when the next change is due', async () => {
    await h.verified('anna', 'hemtjanstab');
    expect(await change('anna', GOOD)).toEqual({
      kind: 'password-changed',
      nextChangeDue: new Date(Date.UTC(2027, 1, 25, 9, 0, 0)),
      supportContact: h.settings.supportContact,
    });
    expect(h.directory.currentPassword('hemtjanstab')).toBe(GOOD);
    expect((await h.directory.findSharedAccount('hemtjanstab'))?.passwordLastSet).toEqual(new Date(T0));
    expect(await change('anna', 'Another-Good8')).toEqual({ kind: 'not-verified' });
  });

  it('requires a verified session of this user', async () => {
    expect(await change('anna', GOOD)).toEqual({ kind: 'not-verified' });
    await h.verified('erik', 'hemtjanstab');
    expect(await change('anna', GOOD)).toEqual({ kind: 'not-verified' });
    expect(h.directory.callCount('resetPassword')).toBe(0);
  });

  it('ends the session after 10 minutes', async () => {
    await h.verified('anna', 'hemtjanstab');
    h.clock.advance(10 * MINUTE);
    expect(await change('anna', GOOD)).toEqual({ kind: 'not-verified' });
  });

  it('refuses two different entries', async () => {
    await h.verified('anna', 'hemtjanstab');
    expect(await change('anna', GOOD, 'Kaffe-Kopp-Tag8')).toEqual({ kind: 'mismatch' });
    expect((await change('anna', GOOD)).kind).toBe('password-changed');
  });

  it('lists every rule the password breaks', async () => {
    await h.verified('anna', 'hemtjanstab');
    const outcome = await change('anna', 'åhemtjanstab');
    expect(outcome).toEqual({ kind: 'policy', failures: expect.any(Array) });
    const kinds = outcome.kind === 'policy' ? outcome.failures.map((f) => f.kind) : [];
    expect(kinds).toEqual(expect.arrayContaining(['too-few-kinds', 'non-ascii', 'contains-account-name']));
  });

  it('refuses Sommar2026! although it meets 3 of 4 kinds', async () => {
    await h.verified('anna', 'hemtjanstab');
    expect(await change('anna', 'Sommar2026!')).toEqual({ kind: 'policy', failures: [{ kind: 'blocked-word', category: 'season-month-weekday' }] });
  });

  it('refuses the configured municipality name', async () => {
    const local = new UseCaseHarness({ settings: { municipalityNames: ['Lindesberg'] } });
    await local.verified('anna', 'hemtjanstab');
    const outcome = await local.useCases.changePassword(local.actor('anna'), 'hemtjanstab', 'Lindesberg#42', 'Lindesberg#42');
    expect(outcome).toEqual({ kind: 'policy', failures: [{ kind: 'blocked-word', category: 'municipality' }] });
  });

  it('keeps the session after a directory refusal, so another password needs no new code', async () => {
    await h.verified('anna', 'hemtjanstab');
    h.directory.refuseNextReset('too-young');
    expect(await change('anna', GOOD)).toEqual({ kind: 'directory-refused', reason: 'too-young' });
    expect(h.sms.sent).toHaveLength(1);
    expect((await change('anna', 'Regn-Paraply-44')).kind).toBe('password-changed');
    expect(h.sms.sent).toHaveLength(1);
  });

  it('lets one verified session reset the password once, whichever of two concurrent submits gets there first', async () => {
    await h.verified('anna', 'hemtjanstab');
    const outcomes = await Promise.all([change('anna', GOOD), change('anna', 'Regn-Paraply-44')]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['not-verified', 'password-changed']);
    expect(h.directory.callCount('resetPassword')).toBe(1);
    expect(h.storedKeys('reset-session/')).toEqual([]);
    expect(await change('anna', 'Trappsteg&Moln93')).toEqual({ kind: 'not-verified' });
  });

  it('gives the claimed session back after a directory refusal, with its expiry unchanged', async () => {
    await h.verified('anna', 'hemtjanstab');
    h.clock.advance(4 * MINUTE);
    h.directory.refuseNextReset('too-young');
    const [refused, concurrent] = await Promise.all([change('anna', GOOD), change('anna', 'Trappsteg&Moln93')]);
    expect(refused).toEqual({ kind: 'directory-refused', reason: 'too-young' });
    // The second submit found the session claimed by the first: it did not reach the directory.
    expect(concurrent).toEqual({ kind: 'not-verified' });
    expect(h.directory.callCount('resetPassword')).toBe(1);
    h.clock.advance(5 * MINUTE);
    expect((await change('anna', 'Regn-Paraply-44')).kind).toBe('password-changed');
    expect(h.sms.sent).toHaveLength(1);
  });

  it('ends the given-back session at its original expiry', async () => {
    await h.verified('anna', 'hemtjanstab');
    h.clock.advance(4 * MINUTE);
    h.directory.refuseNextReset('too-young');
    expect((await change('anna', GOOD)).kind).toBe('directory-refused');
    h.clock.advance(6 * MINUTE);
    expect(await change('anna', 'Regn-Paraply-44')).toEqual({ kind: 'not-verified' });
  });

  it('refuses a password Rotera set before, and a variant of it', async () => {
    await h.verified('anna', 'hemtjanstab');
    await change('anna', GOOD);
    h.clock.advance(2 * MINUTE);
    await h.verified('anna', 'hemtjanstab');
    expect(await change('anna', GOOD)).toEqual({ kind: 'earlier-password', variant: false });
    expect(await change('anna', 'kaffe_kopp_tag2026')).toEqual({ kind: 'earlier-password', variant: true });
    expect(await change('anna', 'K4ffe-K0pp-T4g#1')).toEqual({ kind: 'earlier-password', variant: true });
    expect((await change('anna', 'Regn-Paraply-44')).kind).toBe('password-changed');
    expect(h.directory.callCount('resetPassword')).toBe(2);
  });

  it('recognises an earlier password too short in letters to have a skeleton', async () => {
    const fewLetters = 'Q9#2%8&6*K';
    await h.verified('anna', 'hemtjanstab');
    expect((await change('anna', fewLetters)).kind).toBe('password-changed');
    h.clock.advance(2 * MINUTE);
    await h.verified('anna', 'hemtjanstab');
    expect(await change('anna', fewLetters)).toEqual({ kind: 'earlier-password', variant: false });
    expect((await change('anna', 'Q9#2%8&6*X')).kind).toBe('password-changed');
  });

  it('checks only variants where the directory refuses earlier passwords itself', async () => {
    const ad = new UseCaseHarness({ directory: (dataset, clock) => new HistoryKeepingDirectory(dataset, { clock }) });
    await ad.verified('anna', 'hemtjanstab');
    await ad.useCases.changePassword(ad.actor('anna'), 'hemtjanstab', GOOD, GOOD);
    ad.clock.advance(2 * MINUTE);
    await ad.verified('anna', 'hemtjanstab');
    // The same password is a variant of itself; the exact check is left to the directory.
    expect(await ad.useCases.changePassword(ad.actor('anna'), 'hemtjanstab', GOOD, GOOD)).toEqual({ kind: 'earlier-password', variant: true });
    expect(await ad.useCases.changePassword(ad.actor('anna'), 'hemtjanstab', 'Kaffe-Kopp-Tag8', 'Kaffe-Kopp-Tag8')).toEqual({ kind: 'earlier-password', variant: true });
  });

  it('keeps only salted hashes in the history', async () => {
    await h.verified('anna', 'hemtjanstab');
    await change('anna', GOOD);
    const history = h.store.dump().find((e) => e.key === 'pwhistory/hemtjanstab');
    expect(history?.json).not.toMatch(/kaffe/i);
    const parsed = JSON.parse(history?.json ?? '{}') as { entries: Array<{ password: { salt: string; hash: string }; skeleton?: { salt: string; hash: string } }> };
    expect(parsed.entries).toHaveLength(1);
    expect(Buffer.from(parsed.entries[0]?.password.salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(parsed.entries[0]?.password.hash ?? '', 'base64')).toHaveLength(32);
    expect(parsed.entries[0]?.skeleton?.salt).not.toBe(parsed.entries[0]?.password.salt);
  });

  it('tells the other managers and delegates, never the password', async () => {
    await h.verified('anna', 'hemtjanstab');
    await change('anna', GOOD);
    expect(h.notifier.noticesFor(DEMO_PEOPLE.erik.dn)).toEqual([
      { kind: 'password-changed', accountName: 'hemtjanstab', accountDisplayName: 'Hemtjänst Almby', byName: 'Anna Lindqvist', at: new Date(T0) },
    ]);
    expect(h.notifier.noticesFor(DEMO_PEOPLE.anna.dn)).toEqual([]);
    expect(JSON.stringify(h.notifier.sent)).not.toContain(GOOD);
  });

  it('changes nothing and keeps the session when the directory is unavailable', async () => {
    await h.verified('anna', 'hemtjanstab');
    h.directory.failNextCall('resetPassword');
    await expect(change('anna', GOOD)).rejects.toBeInstanceOf(DirectoryUnavailable);
    expect(h.storedKeys('pwhistory/')).toEqual([]);
    expect(h.notifier.sent).toHaveLength(0);
    expect((await change('anna', GOOD)).kind).toBe('password-changed');
  });

  it('audits the change with who, which account and when', async () => {
    await h.verified('anna', 'hemtjanstab');
    await change('anna', GOOD);
    const audit = h.store
      .dump()
      .filter((e) => e.key.startsWith('audit/'))
      .map((e) => JSON.parse(e.json) as { action: string; outcome: string; account: string; actorDn: string; at: string });
    expect(audit.map((a) => `${a.action}:${a.outcome}`).sort()).toEqual(['change-password:password-changed', 'start-reset:code-sent', 'verify-reset-code:verified']);
    expect(audit.every((a) => a.account === 'hemtjanstab' && a.actorDn === DEMO_PEOPLE.anna.dn && a.at === new Date(T0).toISOString())).toBe(true);
  });
});
