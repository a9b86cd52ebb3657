import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Attachment } from 'botbuilder';
import type { AccountSummary } from '../../src/app/contracts';
import type { Locale } from '../../src/domain/model';
import { defaultPasswordPolicy } from '../../src/domain/passwordPolicy';
import { cardTexts } from '../../src/i18n/cards';
import { parseCardAction } from '../../src/teams/cards/actions';
import { button, note } from '../../src/teams/cards/button';
import { Verb } from '../../src/teams/cards/verbs';
import {
  renderChooseAccount,
  renderConfirmMobileCode,
  renderCurrentPassword,
  renderDelegateSearchResults,
  renderEnterCode,
  renderMessage,
  renderMobileSaved,
  renderMyAccounts,
  renderNewNumber,
  renderNewPassword,
  renderPasswordChanged,
  renderSubmitted,
  renderWelcome,
} from '../../src/teams/cards/renderCards';
import { renderNotice } from '../../src/teams/cards/renderNotice';
import { actionsOf, inputsOf, textsOf } from '../support/teamsHarness';

const at = new Date(Date.UTC(2026, 10, 25, 9, 30));
const account: AccountSummary = {
  name: 'hemtjanstab',
  displayName: 'Hemtjänst Almby',
  role: 'manager',
  managerName: 'Anna Lindqvist',
  delegates: [{ dn: 'CN=Erik Johansson,OU=People,DC=rotera,DC=example', displayName: 'Erik Johansson', email: 'erik@rotera.example' }],
  maskedMobile: '+46 70•••••67',
  passwordLastSet: at,
  nextChangeDue: at,
  overdue: true,
  locked: true,
};

function everyCard(locale: Locale): Array<[string, Attachment]> {
  const code = { locale, account: 'hemtjanstab', maskedMobile: '+46 70•••••67', expiresAt: at, resendAt: at, notes: [] };
  return [
    ['welcome', renderWelcome({ locale, name: 'Anna', accounts: [account] })],
    ['chooseAccount', renderChooseAccount({ locale, routine: 'reset', accounts: [account] })],
    ['currentPassword', renderCurrentPassword({ locale, account: 'hemtjanstab' })],
    ['newNumber', renderNewNumber({ locale, account: 'hemtjanstab', maskedOnFile: null, suggestedMobile: '+46701112233' })],
    ['confirmMobileCode', renderConfirmMobileCode(code)],
    ['mobileSaved', renderMobileSaved({ locale, account: 'hemtjanstab', maskedMobile: '+46 70•••••67', previousNumberNotified: true })],
    ['enterCode', renderEnterCode(code)],
    ['newPassword', renderNewPassword({ locale, account: 'hemtjanstab', verifiedUntil: at, policy: defaultPasswordPolicy })],
    ['passwordChanged', renderPasswordChanged({ locale, account: 'hemtjanstab', serviceName: 'Treserva', nextChangeDue: at, supportContact: 'Support 2000' })],
    ['myAccounts', renderMyAccounts({ locale, accounts: [account, { ...account, name: 'hemvardsgruppen', role: 'delegate', maskedMobile: null, delegates: [] }] })],
    ['delegateSearchResults', renderDelegateSearchResults({ locale, account: 'hemtjanstab', query: 'kar', people: account.delegates })],
    ['message', renderMessage({ locale, notes: [note(cardTexts[locale].common.cancelled)], actions: [button(cardTexts[locale].common.cancel, { verb: Verb.cancel })] })],
    ['submitted', renderSubmitted({ locale })],
    ...(['password-changed', 'mobile-changed', 'delegate-added', 'delegate-removed'] as const).map(
      (kind): [string, Attachment] => [
        `notice ${kind}`,
        renderNotice(
          kind === 'password-changed'
            ? { kind, accountName: 'hemtjanstab', accountDisplayName: 'Hemtjänst Almby', byName: 'Anna', at }
            : kind === 'mobile-changed'
              ? { kind, accountName: 'hemtjanstab', accountDisplayName: 'Hemtjänst Almby', byName: 'Anna', at, maskedMobile: '+46 70•••••67' }
              : { kind, accountName: 'hemtjanstab', accountDisplayName: 'Hemtjänst Almby', byName: 'Anna', at, delegateName: 'Erik' },
          locale,
        ),
      ],
    ),
  ];
}

describe('cards', () => {
  it.each(['sv', 'en'] as const)('every screen renders as an Adaptive Card 1.5 that Teams takes (%s)', (locale) => {
    for (const [name, attachment] of everyCard(locale)) {
      const json = JSON.stringify(attachment.content);
      expect({ name, contentType: attachment.contentType }).toEqual({ name, contentType: 'application/vnd.microsoft.card.adaptive' });
      expect({ name, version: (attachment.content as { version: string }).version }).toEqual({ name, version: '1.5' });
      expect({ name, unresolved: json.includes('${') }).toEqual({ name, unresolved: false });
      expect(Buffer.byteLength(json)).toBeLessThan(80_000);
      for (const action of actionsOf(attachment.content)) {
        // Every button carries a data object with its verb, and that data passes the edge's own validation.
        expect(action.data.verb).toBe(action.verb);
        const filled = Object.fromEntries(Object.entries(action.data).filter(([key]) => key !== 'query'));
        expect({ name, title: action.title, ok: parseCardAction(action.verb, filled).ok }).toEqual({ name, title: action.title, ok: true });
      }
      for (const input of inputsOf(attachment.content)) expect(json).toContain(`"id":"${input.id}"`);
    }
  });

  it('labels every input, masks passwords and uses tel for numbers and codes', () => {
    const cards = Object.fromEntries(everyCard('sv').map(([name, a]) => [name, a.content]));
    const labelled = (card: unknown) => JSON.stringify(card).match(/"type":"Input\.Text"[^}]*"label":"[^"]+"/g)?.length ?? 0;
    expect(labelled(cards.currentPassword)).toBe(1);
    expect(inputsOf(cards.currentPassword)[0]?.style).toBe('password');
    expect(inputsOf(cards.newPassword).map((i) => i.style)).toEqual(['password', 'password']);
    expect(labelled(cards.newPassword)).toBe(2);
    expect(inputsOf(cards.enterCode)[0]?.style).toBe('tel');
    expect(JSON.stringify(cards.enterCode)).toContain('"maxLength":6');
    expect(inputsOf(cards.newNumber)[0]).toEqual({ id: 'newNumber', style: 'tel', value: '+46701112233' });
  });

  it('shows Swedish by default and English for "en", with no text left in one language', () => {
    const sv = everyCard('sv').map(([, a]) => textsOf(a.content).join('\n'));
    const en = everyCard('en').map(([, a]) => textsOf(a.content).join('\n'));
    expect(sv[0]).toContain('Konton du ansvarar för');
    expect(en[0]).toContain('Accounts you are responsible for');
    sv.forEach((text, i) => expect(text).not.toEqual(en[i]));
  });

  it('keeps every word out of the templates: texts come from the catalogue', () => {
    const folder = resolve(__dirname, '../../cards');
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
      const template = JSON.parse(readFileSync(resolve(folder, file), 'utf8')) as unknown;
      for (const text of textsOf(template)) expect({ file, text, bound: /^[^A-Za-zÅÄÖåäö]*\$\{[^}]+\}[^A-Za-zÅÄÖåäö]*$/.test(text) }).toEqual({ file, text, bound: true });
    }
  });
});
