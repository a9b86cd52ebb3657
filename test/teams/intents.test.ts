import { matchIntent, normalizeText, type Intent } from '../../src/i18n/intents';

describe('free-text intents', () => {
  const cases: Array<[string, Intent | null]> = [
    ['byt lösenord', 'reset'],
    ['Byt lösenord!', 'reset'],
    ['  ÅTERSTÄLL LÖSENORD ', 'reset'],
    ['nytt lösenord', 'reset'],
    ['reset password', 'reset'],
    ['Change password.', 'reset'],
    ['byt lösenrod', 'reset'],
    ['mobilnummer', 'register-mobile'],
    ['byt mobilnummer', 'register-mobile'],
    ['registrera mobil', 'register-mobile'],
    ['phone number', 'register-mobile'],
    ['mobile', 'register-mobile'],
    ['mina konton', 'my-accounts'],
    ['konton', 'my-accounts'],
    ['status', 'my-accounts'],
    ['My accounts', 'my-accounts'],
    ['hjälp', 'help'],
    ['help', 'help'],
    ['?', 'help'],
    ['avbryt', 'cancel'],
    ['Avbryt.', 'cancel'],
    ['avbyrt', 'cancel'],
    ['cancel', 'cancel'],
    ['stopp', 'cancel'],
    ['stop', 'cancel'],
    ['hej', 'welcome'],
    ['Hi!', 'welcome'],
    ['hello', 'welcome'],
    // Whole intents only: a sentence that contains an intent word is not that intent.
    ['jag vill inte byta lösenord', null],
    ['avbryt inte', null],
    ['hemtjanstab', null],
    ['123456', null],
    ['', null],
    ['hejdå och tack för kaffet', null],
  ];

  it.each(cases)('"%s" -> %s', (text, intent) => {
    expect(matchIntent(text)).toBe(intent);
  });

  it('folds å, ä and ö and strips punctuation for matching', () => {
    expect(normalizeText(' Återställ   LÖSENORD!! ')).toBe('aterstall losenord');
  });
});
