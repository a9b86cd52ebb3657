import { DEMO_PASSWORDS } from '../../src/adapters/memory/demoData';
import { Verb } from '../../src/teams/cards/verbs';
import { scriptCodes } from '../support/scriptedCodes';
import { ANNA, createHarness, type Harness } from '../support/teamsHarness';

const NEW_PASSWORD = 'Kanelbulle#Gata42';

/** Starts a reset for hemtjanstab (which has a mobile) and returns the code that was sent. */
async function toCodeStep(h: Harness): Promise<string> {
  await h.say('byt lösenord');
  const codeCard = await h.execute(Verb.chooseAccount, { verb: Verb.chooseAccount, account: 'hemtjanstab' });
  expect(codeCard.text).toContain('Jag har skickat en kod med sms till +46 70•••••67.');
  return h.world.sms.lastCode();
}

describe('cancelling a routine', () => {
  afterEach(() => jest.restoreAllMocks());

  it('at the code step: the code sent no longer works, and a new start sends a new code that does', async () => {
    const h = createHarness();
    scriptCodes('314159', '271828');
    const oldCode = await toCodeStep(h);
    const cancelled = await h.say('avbryt');
    expect(cancelled.text).toContain('Avbrutet.');

    // Straight back in: the cancelled code is gone, so a new one goes out at once, and only it works.
    await h.say('byt lösenord');
    const again = await h.execute(Verb.chooseAccount, { verb: Verb.chooseAccount, account: 'hemtjanstab' });
    expect(again.text).toContain('Jag har skickat en kod med sms till +46 70•••••67.');
    expect(h.world.sms.sent).toHaveLength(2);
    const newCode = h.world.sms.lastCode();
    const refused = await h.execute(Verb.submitResetCode, { verb: Verb.submitResetCode, code: oldCode });
    expect(refused.text).toContain('Fel kod');
    expect(refused.text).not.toContain('Nytt lösenord för hemtjanstab');
    const verified = await h.execute(Verb.submitResetCode, { verb: Verb.submitResetCode, code: newCode });
    expect(verified.text).toContain('Nytt lösenord för hemtjanstab');
    h.world.logs.assertNoSecrets([oldCode, newCode]);
  });

  it('with the Cancel button at the new-password step: the verified session ends', async () => {
    const h = createHarness();
    const code = await toCodeStep(h);
    const passwordCard = await h.execute(Verb.submitResetCode, { verb: Verb.submitResetCode, code });
    expect(passwordCard.text).toContain('Nytt lösenord för hemtjanstab');
    const passwordCardId = h.lastCardId();
    const cancelled = await h.execute(Verb.cancel);
    expect(cancelled.text).toContain('Avbrutet.');
    expect(h.world.store.dump().filter((e) => e.key.startsWith('reset-session/'))).toEqual([]);

    // The old password card, answered after the cancel, changes nothing.
    await h.execute(Verb.submitNewPassword, { verb: Verb.submitNewPassword, newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD }, passwordCardId);
    expect(h.world.directory.callCount('resetPassword')).toBe(0);
    h.world.logs.assertNoSecrets([code, NEW_PASSWORD]);
  });

  it('in the mobile routine: the proven current password no longer lets anyone send a confirmation code', async () => {
    const h = createHarness();
    await h.say('mobilnummer');
    await h.submit({ verb: Verb.chooseAccount, account: 'hemvardsgruppen' });
    const numberCard = await h.submit({ verb: Verb.submitCurrentPassword, currentPassword: DEMO_PASSWORDS.hemvardsgruppen }, h.lastCardId());
    expect(numberCard.text).toContain('Inget mobilnummer är registrerat ännu.');
    await h.say('avbryt');
    expect(h.world.store.dump().filter((e) => e.key.startsWith('proof/'))).toEqual([]);
    const actor = await h.useCases.identify({ teamsUserId: ANNA.id, aadObjectId: ANNA.aadObjectId, userPrincipalName: null, name: ANNA.name, locale: 'sv' });
    if (!actor) throw new Error('Anna is in the demo directory');
    expect(await h.useCases.startMobileConfirmation(actor, 'hemvardsgruppen', '070-765 43 21')).toEqual({ kind: 'proof-expired' });
    expect(h.world.sms.sent).toHaveLength(0);
  });
});
