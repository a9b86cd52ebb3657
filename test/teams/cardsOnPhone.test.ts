/**
 * Every card template, filled by its typed render function with the longest realistic data, rendered by the
 * `adaptivecards` JS renderer in headless Chromium at phone size (360x640), in Swedish and English.
 * Screenshots land in test-output/cards/<card>-<locale>.png for people to look at.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Attachment } from 'botbuilder';
import type { Page } from 'playwright-core';
import type { AccountSummary } from '../../src/app/contracts';
import type { Locale } from '../../src/domain/model';
import { maskMobile } from '../../src/domain/phoneNumber';
import type { Nudge } from '../../src/domain/rotationNudges';
import { cardTexts } from '../../src/i18n/cards';
import { formatDate, formatTime } from '../../src/i18n/catalogue';
import { nudgeTexts } from '../../src/i18n/nudges';
import { smsStatusTexts } from '../../src/i18n/smsStatus';
import { note, problem } from '../../src/teams/cards/button';
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
import { renderNudge } from '../../src/teams/proactive/nudgeCards';
import { launchChromium, type Chromium } from '../support/chromium';

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output', 'cards');
const PHONE = { width: 360, height: 640 };
const LOCALES: readonly Locale[] = ['sv', 'en'];

// Worst cases seen in the municipality's directory: sAMAccountName is at most 20 characters and has no
// spaces to break at; unit names and people's names run long; e-mail addresses longer still.
const ACCOUNT = 'hemtjanstnattpatrull';
const ACCOUNT_2 = 'lssboendevasterhaga2';
const DISPLAY = 'Hemtjänstgruppen Norra Lindhult–Väster nattpatrull';
const DISPLAY_2 = 'LSS-boendet Västerhaga gruppbostad 2 (Daglig verksamhet)';
const PEOPLE = [
  { dn: 'CN=Anna-Karin Johansson Lindqvist-Öberg,OU=People', displayName: 'Anna-Karin Johansson Lindqvist-Öberg', email: 'anna-karin.johansson-lindqvist-oberg@socialforvaltningen.lindhult.se' },
  { dn: 'CN=Maximilian Ekström-Gyllenhammar,OU=People', displayName: 'Maximilian Ekström-Gyllenhammar', email: 'maximilian.ekstrom-gyllenhammar@socialforvaltningen.lindhult.se' },
  { dn: 'CN=Fatima Abdulrahman Al-Husseini,OU=People', displayName: 'Fatima Abdulrahman Al-Husseini', email: null },
] as const;
const MANAGER = 'Karl-Johan Wennerström-Bergqvist';
const MOBILE = '+46701234567';
const MASKED = maskMobile(MOBILE);
const SUPPORT = 'Support: 2000 knappval 3 och 1, vardochstod@socialforvaltningen.lindhult.se';
const SERVICE = 'Treserva';
const NOW = new Date('2026-11-25T09:32:00Z');
const LATER = new Date('2026-11-25T09:42:00Z');
const DUE = new Date('2027-02-23T08:00:00Z');
const LAST_SET = new Date('2026-08-25T08:00:00Z');
const POLICY = { minLength: 12, maxLength: 128, requiredKinds: 3 };

type Texts = Record<string, unknown>;

/** Every plain string of a catalogue (nested records and lists included). */
function staticStrings(node: unknown, into: Set<string>): Set<string> {
  if (typeof node === 'string') into.add(node);
  else if (Array.isArray(node)) node.forEach((item) => staticStrings(item, into));
  else if (node !== null && typeof node === 'object') Object.values(node).forEach((value) => staticStrings(value, into));
  return into;
}

/** Spies on every text function of a catalogue so the texts it produced for a render can be read back. */
function spyOnTexts(node: Texts, spies: jest.SpyInstance[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'function') {
      spies.push(jest.spyOn(node as Record<string, (...args: unknown[]) => unknown>, key));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      spyOnTexts(value as Texts, spies);
    }
  }
}

const catalogues = (locale: Locale): Texts[] => [
  cardTexts[locale] as unknown as Texts,
  nudgeTexts[locale] as unknown as Texts,
  smsStatusTexts[locale] as unknown as Texts,
];

const spies: Record<Locale, jest.SpyInstance[]> = { sv: [], en: [] };
const staticTexts: Record<Locale, Set<string>> = { sv: new Set(), en: new Set() };
for (const locale of LOCALES) {
  for (const catalogue of catalogues(locale)) {
    staticStrings(catalogue, staticTexts[locale]);
    spyOnTexts(catalogue, spies[locale]);
  }
}

/** The longest fixed message of the catalogue: the worst case for a note on any card. */
function longestMessage(locale: Locale): string {
  return [...staticTexts[locale]].reduce((longest, text) => (text.length > longest.length ? text : longest), '');
}

function producedTexts(locale: Locale): Set<string> {
  const produced = new Set<string>();
  for (const spy of spies[locale]) {
    for (const result of spy.mock.results) if (result.type === 'return') staticStrings(result.value, produced);
  }
  return produced;
}

/** Data the cards show as they are (names, dates, numbers): not catalogue text, in either language. */
function dataValues(locale: Locale): string[] {
  return [
    ACCOUNT, ACCOUNT_2, DISPLAY, DISPLAY_2, MANAGER, MASKED, MOBILE, SUPPORT, SERVICE,
    ...PEOPLE.flatMap((p) => [p.displayName, p.email ?? '']),
    ...[NOW, LATER, DUE, LAST_SET].flatMap((d) => [formatDate(d, locale), formatTime(d, locale)]),
    'Anna',
  ].filter((value) => value !== '');
}

function account(name: string, displayName: string, role: 'manager' | 'delegate'): AccountSummary {
  return {
    name,
    displayName,
    role,
    managerName: role === 'delegate' ? MANAGER : null,
    delegates: role === 'manager' ? PEOPLE : [],
    maskedMobile: role === 'manager' ? MASKED : null,
    passwordLastSet: role === 'manager' ? LAST_SET : null,
    nextChangeDue: DUE,
    overdue: true,
    locked: true,
  };
}

const nudge = (kind: Nudge['kind'], hasMobile: boolean): Nudge => ({
  kind,
  stage: 'overdue',
  accountName: ACCOUNT,
  accountDisplayName: DISPLAY,
  dueAt: DUE,
  daysLeft: -12,
  hasMobile,
  managerName: MANAGER,
  reminder: true,
});

interface CardCase {
  /** The template in cards/ this render function fills. */
  readonly template: string;
  readonly variant?: string;
  readonly render: (locale: Locale) => Attachment;
}

const codeData = (locale: Locale) => ({
  locale,
  account: ACCOUNT,
  maskedMobile: MASKED,
  expiresAt: LATER,
  resendAt: LATER,
  notes: [problem(longestMessage(locale)), note(smsStatusTexts[locale].deliveredLine(formatTime(NOW, locale)), 'Good')],
});

const CASES: readonly CardCase[] = [
  {
    template: 'welcome',
    render: (locale) =>
      renderWelcome({
        locale,
        name: PEOPLE[0].displayName,
        accounts: [{ name: ACCOUNT, displayName: DISPLAY }, { name: ACCOUNT_2, displayName: DISPLAY_2 }],
        notes: [problem(cardTexts[locale].common.notUnderstood)],
      }),
  },
  {
    template: 'chooseAccount',
    render: (locale) =>
      renderChooseAccount({
        locale,
        routine: 'register-mobile',
        accounts: [{ name: ACCOUNT, displayName: DISPLAY }, { name: ACCOUNT_2, displayName: DISPLAY_2 }],
        notes: [problem(cardTexts[locale].common.notResponsible)],
      }),
  },
  {
    template: 'currentPassword',
    render: (locale) =>
      renderCurrentPassword({ locale, account: ACCOUNT, notes: [problem(cardTexts[locale].currentPassword.exhausted(formatTime(LATER, locale)))] }),
  },
  {
    template: 'newNumber',
    render: (locale) =>
      renderNewNumber({
        locale,
        account: ACCOUNT,
        maskedOnFile: MASKED,
        suggestedMobile: MOBILE,
        notes: [problem(cardTexts[locale].newNumber.problem['not-a-mobile'])],
      }),
  },
  { template: 'confirmMobileCode', render: (locale) => renderConfirmMobileCode(codeData(locale)) },
  {
    template: 'mobileSaved',
    render: (locale) => renderMobileSaved({ locale, account: ACCOUNT, maskedMobile: MASKED, previousNumberNotified: true }),
  },
  { template: 'enterCode', render: (locale) => renderEnterCode(codeData(locale)) },
  {
    template: 'newPassword',
    render: (locale) => {
      const t = cardTexts[locale].newPassword;
      return renderNewPassword({
        locale,
        account: ACCOUNT,
        verifiedUntil: LATER,
        policy: POLICY,
        notes: [
          problem(t.refusedHeading),
          note(t.failure({ kind: 'too-few-kinds', required: 3, missing: ['upper', 'digit', 'special'] } as Parameters<typeof t.failure>[0])),
          note(t.earlier(true)),
          note(t.tryAnother),
        ],
      });
    },
  },
  {
    template: 'passwordChanged',
    render: (locale) => renderPasswordChanged({ locale, account: ACCOUNT, serviceName: SERVICE, nextChangeDue: DUE, supportContact: SUPPORT }),
  },
  {
    template: 'myAccounts',
    render: (locale) =>
      renderMyAccounts({ locale, accounts: [account(ACCOUNT, DISPLAY, 'manager'), account(ACCOUNT_2, DISPLAY_2, 'delegate')] }),
  },
  {
    template: 'delegateSearchResults',
    render: (locale) =>
      renderDelegateSearchResults({
        locale,
        account: ACCOUNT,
        query: 'Anna',
        people: PEOPLE,
        notes: [note(cardTexts[locale].delegates.alreadyDelegate, 'Attention')],
      }),
  },
  {
    template: 'message',
    render: (locale) =>
      renderMessage({
        locale,
        title: smsStatusTexts[locale].failedTitle,
        notes: [problem(longestMessage(locale)), note(smsStatusTexts[locale].problem.unreachable(MASKED))],
        actions: [],
      }),
  },
  { template: 'submitted', render: (locale) => renderSubmitted({ locale }) },
  {
    template: 'notice',
    render: (locale) =>
      renderNotice(
        { kind: 'delegate-removed', accountName: ACCOUNT, accountDisplayName: DISPLAY, byName: MANAGER, delegateName: PEOPLE[0].displayName, at: NOW },
        locale,
      ),
  },
  { template: 'nudge', render: (locale) => renderNudge(nudge('rotation', false), locale) },
  { template: 'nudge', variant: 'escalation', render: (locale) => renderNudge(nudge('escalation', true), locale) },
];

const TEXT_KEYS = new Set(['text', 'title', 'label', 'placeholder', 'value', 'altText', 'fallbackText', 'errorMessage']);

/** Every text the card shows: text blocks, fact titles and values, button titles, labels, placeholders, prefilled values. */
function cardStrings(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => cardStrings(item, into));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data') continue; // action payloads are not shown
      if (TEXT_KEYS.has(key) && typeof value === 'string') into.push(value);
      else cardStrings(value, into);
    }
  }
  return into;
}

/** What remains of a text once every known data value is taken out: only punctuation if it was pure data. */
function withoutData(text: string, data: readonly string[]): string {
  let rest = text;
  for (const value of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  return rest.replace(/[\s–\-(),.:]+/g, '');
}

interface PhoneReport {
  readonly parseErrors: string[];
  readonly overflow: { card: [number, number]; body: [number, number]; document: [number, number] };
  readonly outside: string[];
  readonly truncated: string[];
  readonly inputs: { id: string; type: string; label: string }[];
}

/** Renders the card with the adaptivecards renderer in the page and measures it (test/support/cardProbe.browser.js). */
async function renderOnPage(page: Page, card: object): Promise<PhoneReport> {
  return page.evaluate((json) => (globalThis as unknown as { roteraCardProbe(c: object): PhoneReport }).roteraCardProbe(json), card);
}

describe('cards on a phone (360x640, adaptivecards renderer in Chromium)', () => {
  let browser: Chromium;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium(PHONE);
    page = await browser.context.newPage();
    // Teams on a phone gives a bot card almost the whole width; 8 px on each side is what is left of the chat margin.
    await page.setContent('<!doctype html><html><body style="margin:0;padding:8px;background:#f5f5f5"><div id="host"></div></body></html>');
    await page.addStyleTag({ path: require.resolve('adaptivecards/dist/adaptivecards.css') });
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    await page.addScriptTag({ path: join(__dirname, '../support/cardProbe.browser.js') });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('has a phone case for every template in cards/', () => {
    const templates = readdirSync(join(ROOT, 'cards')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    expect([...new Set(CASES.map((c) => c.template))].sort()).toEqual(templates);
  });

  describe.each(CASES.map((c) => [c.variant ? `${c.template} (${c.variant})` : c.template, c] as const))('%s', (_name, cardCase) => {
    const rendered = {} as Record<Locale, { content: object; produced: Set<string> }>;
    beforeAll(() => {
      for (const locale of LOCALES) {
        for (const spy of spies[locale]) spy.mockClear();
        const attachment = cardCase.render(locale);
        rendered[locale] = { content: attachment.content as object, produced: producedTexts(locale) };
      }
    });

    it.each(LOCALES)('%s: fits 360 px without horizontal overflow, every input labelled, passwords masked', async (locale) => {
      const report = await renderOnPage(page, rendered[locale].content);
      const file = `${cardCase.template}${cardCase.variant ? `-${cardCase.variant}` : ''}-${locale}.png`;
      await page.locator('#host').screenshot({ path: join(SHOTS, file) });

      expect(report.parseErrors).toEqual([]);
      expect(report.overflow.card[0]).toBeLessThanOrEqual(report.overflow.card[1]);
      expect(report.overflow.body[0]).toBeLessThanOrEqual(report.overflow.body[1]);
      expect(report.overflow.document[0]).toBeLessThanOrEqual(report.overflow.document[1]);
      expect(report.outside).toEqual([]);
      expect(report.truncated).toEqual([]);
      for (const input of report.inputs) {
        expect({ id: input.id, labelled: input.label.length > 0 }).toEqual({ id: input.id, labelled: true });
        if (/password/i.test(input.id)) expect({ id: input.id, type: input.type }).toEqual({ id: input.id, type: 'password' });
      }
      const declaredPasswords = JSON.stringify(rendered[locale].content).match(/"style":"password"/g)?.length ?? 0;
      expect(report.inputs.filter((i) => i.type === 'password')).toHaveLength(declaredPasswords);
    });

    it.each(LOCALES)("%s: every text comes from that language's catalogue, none from the other", (locale) => {
      const other: Locale = locale === 'sv' ? 'en' : 'sv';
      const own = new Set([...staticTexts[locale], ...rendered[locale].produced]);
      const foreign = new Set([...staticTexts[other], ...rendered[other].produced].filter((text) => !own.has(text)));
      const data = dataValues(locale);
      const texts = cardStrings(rendered[locale].content);
      expect(texts.length).toBeGreaterThan(0);
      const strays = texts.filter((text) => {
        const bare = text.replace(/^- /, '');
        return !own.has(bare) && withoutData(bare, data) !== '';
      });
      const wrongLanguage = texts.filter((text) => foreign.has(text.replace(/^- /, '')));
      expect({ strays, wrongLanguage }).toEqual({ strays: [], wrongLanguage: [] });
    });
  });
});
