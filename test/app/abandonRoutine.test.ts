import { DEMO_PASSWORDS, DEMO_PEOPLE } from '../../src/adapters/memory/demoData';
import { UseCaseHarness } from '../support/useCaseHarness';

const MINUTE = 60_000;

describe('abandon', () => {
  let h: UseCaseHarness;
  beforeEach(() => {
    h = new UseCaseHarness();
  });
  afterEach(() => {
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('ends the verified reset session: no password can be set with it any more', async () => {
    const anna = await h.verified('anna', 'hemtjanstab');
    await h.useCases.abandon(anna, 'hemtjanstab');
    expect(h.storedKeys('reset-session/')).toEqual([]);
    expect(await h.useCases.changePassword(anna, 'hemtjanstab', h.secret('Kaffe-Kopp-Tag9'), 'Kaffe-Kopp-Tag9')).toEqual({ kind: 'not-verified' });
    expect(h.directory.callCount('resetPassword')).toBe(0);
  });

  it('removes the live reset code sent to this user, so it no longer verifies', async () => {
    const anna = h.actor('anna');
    expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('code-sent');
    const code = h.lastCode();
    await h.useCases.abandon(anna, 'hemtjanstab');
    expect(h.storedKeys('code/')).toEqual([]);
    expect(await h.useCases.verifyResetCode(anna, 'hemtjanstab', code)).toEqual({ kind: 'no-code' });
  });

  it('removes the proven current password and the code sent to confirm a new mobile', async () => {
    const anna = await h.prove('anna', 'hemvardsgruppen', DEMO_PASSWORDS.hemvardsgruppen);
    expect((await h.useCases.startMobileConfirmation(anna, 'hemvardsgruppen', '070-765 43 21')).kind).toBe('code-sent');
    const code = h.lastCode();
    await h.useCases.abandon(anna, 'HemVardsGruppen');
    expect(h.storedKeys('proof/')).toEqual([]);
    expect(h.storedKeys('code/')).toEqual([]);
    expect(await h.useCases.confirmMobile(anna, 'hemvardsgruppen', code)).toEqual({ kind: 'proof-expired' });
    expect(await h.useCases.startMobileConfirmation(anna, 'hemvardsgruppen', '070-765 43 21')).toEqual({ kind: 'proof-expired' });
    expect((await h.directory.findSharedAccount('hemvardsgruppen'))?.recoveryMobile).toBeNull();
  });

  it("leaves another user's live code and session alone", async () => {
    const erik = h.actor('erik');
    const anna = await h.verified('anna', 'hemtjanstab');
    h.clock.advance(2 * MINUTE);
    expect((await h.useCases.startReset(erik, 'hemtjanstab')).kind).toBe('code-sent');
    const eriksCode = h.lastCode();
    await h.useCases.abandon(anna, 'hemtjanstab');
    expect(h.storedKeys('reset-session/')).toEqual([]);
    expect(h.storedKeys('code/')).toEqual(['code/reset/hemtjanstab']);
    expect((await h.useCases.verifyResetCode(erik, 'hemtjanstab', eriksCode)).kind).toBe('verified');

    await h.useCases.abandon(anna, 'hemtjanstab');
    expect(h.storedKeys('reset-session/')).toEqual([`reset-session/hemtjanstab/${encodeURIComponent('29:erik')}`]);
  });

  it('keeps the send and wrong-try counts: cancelling is no way around the limits', async () => {
    const anna = h.actor('anna');
    for (let i = 0; i < 3; i += 1) {
      // A cancelled code is gone, so starting again sends a new one at once; the account's limit still counts it.
      expect((await h.useCases.startReset(anna, 'hemtjanstab')).kind).toBe('code-sent');
      await h.useCases.abandon(anna, 'hemtjanstab');
    }
    expect(await h.useCases.startReset(anna, 'hemtjanstab')).toMatchObject({ kind: 'rate-limited' });
    expect(h.storedKeys('code-sends/')).toEqual(['code-sends/hemtjanstab']);
  });

  it('audits who abandoned which account, and keeps no name when nothing was live', async () => {
    const anna = await h.verified('anna', 'hemtjanstab');
    await h.useCases.abandon(anna, 'hemtjanstab');
    h.clock.advance(MINUTE);
    await h.useCases.abandon(anna, h.secret('Mistyped-Password-1'));
    const audit = h.store
      .dump()
      .filter((e) => e.key.startsWith('audit/'))
      .map((e) => JSON.parse(e.json) as { action: string; outcome: string; account: string | null; actorDn: string; detail?: unknown })
      .filter((a) => a.action === 'abandon-routine');
    expect(audit).toEqual([
      expect.objectContaining({ outcome: 'abandoned', account: 'hemtjanstab', actorDn: DEMO_PEOPLE.anna.dn, detail: { session: true, proof: false, codes: 0 } }),
      expect.objectContaining({ outcome: 'nothing-live', account: null, actorDn: DEMO_PEOPLE.anna.dn }),
    ]);
  });
});
