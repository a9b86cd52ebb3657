import { parseCardAction } from '../../src/teams/cards/actions';
import { Verb } from '../../src/teams/cards/verbs';

describe('card action validation', () => {
  it('accepts Action.Execute (verb + data) and Action.Submit (verb in data) alike', () => {
    expect(parseCardAction(Verb.chooseAccount, { verb: Verb.chooseAccount, account: 'hemtjanstab' })).toEqual({
      ok: true,
      action: { verb: Verb.chooseAccount, account: 'hemtjanstab' },
    });
    expect(parseCardAction(undefined, { verb: Verb.chooseAccount, account: 'hemtjanstab' })).toEqual({
      ok: true,
      action: { verb: Verb.chooseAccount, account: 'hemtjanstab' },
    });
  });

  it('treats an input the client left out as empty', () => {
    expect(parseCardAction(Verb.submitCurrentPassword, { verb: Verb.submitCurrentPassword })).toEqual({
      ok: true,
      action: { verb: Verb.submitCurrentPassword, currentPassword: '' },
    });
  });

  it.each([
    ['unknown verb', 'rotera.nope', { verb: 'rotera.nope' }],
    ['no verb at all', undefined, { account: 'x' }],
    ['extra field', Verb.cancel, { verb: Verb.cancel, extra: '1' }],
    ['wrong type', Verb.submitResetCode, { verb: Verb.submitResetCode, code: 123456 }],
    ['missing field', Verb.removeDelegate, { verb: Verb.removeDelegate, account: 'hemtjanstab' }],
    ['empty account', Verb.chooseAccount, { verb: Verb.chooseAccount, account: '   ' }],
    ['oversized input', Verb.submitNewPassword, { verb: Verb.submitNewPassword, newPassword: 'x'.repeat(10_000) }],
    ['array as data', Verb.cancel, [Verb.cancel]],
    ['verb disagreeing with data', Verb.cancel, { verb: Verb.help }],
  ])('refuses %s, returning at most the verb', (_name, verb, data) => {
    const parsed = parseCardAction(verb, data);
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain('x'.repeat(100));
  });
});
