/**
 * One typed render function per screen. Each takes the user's locale plus the facts to show, takes every
 * word from the sv/en catalogue and fills the screen's template in cards/. Inputs are never pre-filled
 * with anything secret: only a phone number the user may use is.
 */
import type { Attachment } from 'botbuilder';
import type { AccountSummary, PersonSummary } from '../../app/contracts';
import type { Locale } from '../../domain/model';
import { formatDate, formatTime } from '../../i18n/catalogue';
import { cardTexts } from '../../i18n/cards';
import { button, note, submitButton, type Button, type Note } from './button';
import { expandCard } from './template';
import { Verb } from './verbs';

const cancelButton = (locale: Locale): Button => button(cardTexts[locale].common.cancel, { verb: Verb.cancel });
const lines = (texts: readonly string[]) => texts.map((text) => ({ text }));

export interface MessageData {
  readonly locale: Locale;
  readonly title?: string;
  readonly notes: readonly Note[];
  readonly actions?: readonly Button[];
}

/** A simple information or error card, with optional buttons. */
export function renderMessage(data: MessageData): Attachment {
  return expandCard('message', { title: data.title ?? '', notes: data.notes, actions: data.actions ?? [] });
}

/** What a submitted password card turns into, so its inputs are gone from the chat. */
export function renderSubmitted(data: { readonly locale: Locale }): Attachment {
  return expandCard('submitted', { text: cardTexts[data.locale].common.submitted });
}

export interface WelcomeData {
  readonly locale: Locale;
  readonly name: string | null;
  readonly accounts: readonly Pick<AccountSummary, 'name' | 'displayName'>[];
  /** Shown above the hint, e.g. "I did not understand that". */
  readonly notes?: readonly Note[];
}

export function renderWelcome(data: WelcomeData): Attachment {
  const t = cardTexts[data.locale].welcome;
  return expandCard('welcome', {
    title: t.title(data.name),
    intro: t.intro,
    routines: lines(t.routines),
    accountsHeading: t.accountsHeading,
    noAccountsText: t.noAccounts,
    accounts: data.accounts.map((a) => ({ name: a.name, displayName: a.displayName })),
    notes: data.notes ?? [],
    hint: t.hint,
    actions: [
      button(t.reset, { verb: Verb.startReset }, { style: 'positive' }),
      button(t.registerMobile, { verb: Verb.startRegisterMobile }),
      button(t.myAccounts, { verb: Verb.myAccounts }),
    ],
  });
}

export interface ChooseAccountData {
  readonly locale: Locale;
  readonly routine: 'reset' | 'register-mobile';
  readonly accounts: readonly Pick<AccountSummary, 'name' | 'displayName'>[];
  readonly notes?: readonly Note[];
}

export function renderChooseAccount(data: ChooseAccountData): Attachment {
  const t = cardTexts[data.locale].chooseAccount;
  return expandCard('chooseAccount', {
    title: t.title(data.routine),
    text: t.text,
    notes: data.notes ?? [],
    accounts: data.accounts.map((a) => {
      const choice = button(`${a.name} – ${a.displayName}`, { verb: Verb.chooseAccount, account: a.name });
      return { title: choice.title, verb: choice.verb, data: choice.data };
    }),
    actions: [cancelButton(data.locale)],
  });
}

export interface CurrentPasswordData {
  readonly locale: Locale;
  readonly account: string;
  readonly notes?: readonly Note[];
}

export function renderCurrentPassword(data: CurrentPasswordData): Attachment {
  const t = cardTexts[data.locale].currentPassword;
  return expandCard('currentPassword', {
    title: t.title,
    text: t.text(data.account),
    notes: data.notes ?? [],
    label: t.label(data.account),
    actions: [submitButton(t.submit, Verb.submitCurrentPassword), cancelButton(data.locale)],
  });
}

export interface NewNumberData {
  readonly locale: Locale;
  readonly account: string;
  readonly maskedOnFile: string | null;
  /** The user's own work mobile, pre-filled: the guide asks for it first. */
  readonly suggestedMobile: string | null;
  readonly notes?: readonly Note[];
}

export function renderNewNumber(data: NewNumberData): Attachment {
  const t = cardTexts[data.locale].newNumber;
  return expandCard('newNumber', {
    title: t.title(data.account),
    onFile: data.maskedOnFile ? t.onFile(data.maskedOnFile) : t.noneOnFile,
    hint: data.suggestedMobile ? t.workMobileFilled : t.noWorkMobile,
    notes: data.notes ?? [],
    label: t.label,
    placeholder: t.placeholder,
    value: data.suggestedMobile ?? '',
    actions: [submitButton(t.submit, Verb.submitNewNumber), cancelButton(data.locale)],
  });
}

export interface CodeCardData {
  readonly locale: Locale;
  readonly account: string;
  readonly maskedMobile: string;
  readonly expiresAt: Date | null;
  readonly resendAt: Date | null;
  readonly notes?: readonly Note[];
}

function codeLines(data: CodeCardData): string[] {
  const t = cardTexts[data.locale].code;
  const result = [t.sentTo(data.maskedMobile), t.mayTake];
  if (data.expiresAt) result.push(t.validUntil(formatTime(data.expiresAt, data.locale)));
  if (data.resendAt) result.push(t.resendFrom(formatTime(data.resendAt, data.locale)));
  return result;
}

/** The two code cards differ in template, title, lines and verbs; the code field, resend and cancel are shared. */
function codeEntryCard(
  data: CodeCardData,
  card: 'confirmMobileCode' | 'enterCode',
  text: { readonly title: string; readonly lines: readonly string[]; readonly submit: string },
  verbs: { readonly submit: typeof Verb.submitMobileCode | typeof Verb.submitResetCode; readonly resend: typeof Verb.resendMobileCode | typeof Verb.resendResetCode },
): Attachment {
  const t = cardTexts[data.locale].code;
  return expandCard(card, {
    title: text.title,
    lines: lines(text.lines),
    notes: data.notes ?? [],
    label: t.label,
    placeholder: t.placeholder,
    actions: [submitButton(text.submit, verbs.submit), button(t.resend, { verb: verbs.resend }), cancelButton(data.locale)],
  });
}

/** Routine 2: the code sent to the NEW number, to confirm it before it is saved. */
export function renderConfirmMobileCode(data: CodeCardData): Attachment {
  const t = cardTexts[data.locale].confirmMobile;
  const text = { title: t.title, lines: [...codeLines(data), t.why], submit: t.submit };
  return codeEntryCard(data, 'confirmMobileCode', text, { submit: Verb.submitMobileCode, resend: Verb.resendMobileCode });
}

export interface MobileSavedData {
  readonly locale: Locale;
  readonly account: string;
  readonly maskedMobile: string;
  readonly previousNumberNotified: boolean;
}

export function renderMobileSaved(data: MobileSavedData): Attachment {
  const t = cardTexts[data.locale].mobileSaved;
  return expandCard('mobileSaved', {
    title: t.title,
    lines: lines([t.text(data.account, data.maskedMobile), ...(data.previousNumberNotified ? [t.previousNotified] : []), t.offerReset]),
    notes: [],
    actions: [
      button(t.resetNow, { verb: Verb.startReset, account: data.account }, { style: 'positive' }),
      button(cardTexts[data.locale].common.myAccountsButton, { verb: Verb.myAccounts }),
    ],
  });
}

/** Routine 3: the code sent to the number on file. */
export function renderEnterCode(data: CodeCardData): Attachment {
  const t = cardTexts[data.locale].resetCode;
  const text = { title: t.title(data.account), lines: codeLines(data), submit: t.submit };
  return codeEntryCard(data, 'enterCode', text, { submit: Verb.submitResetCode, resend: Verb.resendResetCode });
}

export interface NewPasswordData {
  readonly locale: Locale;
  readonly account: string;
  readonly verifiedUntil: Date | null;
  readonly policy: { readonly minLength: number; readonly maxLength: number; readonly requiredKinds: number };
  readonly notes?: readonly Note[];
}

export function renderNewPassword(data: NewPasswordData): Attachment {
  const t = cardTexts[data.locale].newPassword;
  return expandCard('newPassword', {
    title: t.title(data.account),
    verifiedUntil: data.verifiedUntil ? t.verifiedUntil(formatTime(data.verifiedUntil, data.locale)) : '',
    rulesHeading: t.rulesHeading,
    rules: lines(t.rules(data.policy.minLength, data.policy.maxLength, data.policy.requiredKinds)),
    notes: data.notes ?? [],
    label: t.label,
    repeatLabel: t.repeatLabel,
    actions: [submitButton(t.submit, Verb.submitNewPassword), cancelButton(data.locale)],
  });
}

export interface PasswordChangedData {
  readonly locale: Locale;
  readonly account: string;
  readonly serviceName: string;
  readonly nextChangeDue: Date;
  readonly supportContact: string;
}

export function renderPasswordChanged(data: PasswordChangedData): Attachment {
  const t = cardTexts[data.locale].passwordChanged;
  return expandCard('passwordChanged', {
    title: t.title,
    lines: lines([t.text(data.account), t.notified]),
    testLogin: t.testLogin(data.serviceName),
    nextDue: t.nextDue(formatDate(data.nextChangeDue, data.locale)),
    support: t.support(data.supportContact),
    actions: [button(cardTexts[data.locale].common.myAccountsButton, { verb: Verb.myAccounts })],
  });
}

export interface MyAccountsData {
  readonly locale: Locale;
  readonly accounts: readonly AccountSummary[];
  readonly notes?: readonly Note[];
}

export function renderMyAccounts(data: MyAccountsData): Attachment {
  const { locale } = data;
  const t = cardTexts[locale].myAccounts;
  return expandCard('myAccounts', {
    title: t.title,
    notes: [...(data.notes ?? []), ...(data.accounts.length === 0 ? [note(cardTexts[locale].common.noAccounts)] : [])],
    accounts: data.accounts.map((a) => {
      const manager = a.role === 'manager';
      return {
        heading: `${a.name} – ${a.displayName}`,
        role: manager ? t.roleManager : t.roleDelegate(a.managerName),
        facts: [
          { title: t.lastChange, value: a.passwordLastSet ? formatDate(a.passwordLastSet, locale) : t.never },
          { title: t.due, value: formatDate(a.nextChangeDue, locale) },
          { title: t.mobile, value: a.maskedMobile ?? t.noMobile },
          { title: t.delegates, value: a.delegates.length > 0 ? a.delegates.map((d) => d.displayName).join(', ') : t.noDelegates },
        ],
        warnings: [...(a.overdue ? [{ text: t.overdue }] : []), ...(a.locked ? [{ text: t.locked }] : [])],
        removals: manager
          ? a.delegates.map((d) => {
              const b = button(t.remove(d.displayName), { verb: Verb.removeDelegate, account: a.name, personDn: d.dn });
              return { title: b.title, verb: b.verb, data: b.data };
            })
          : [],
        buttons: [
          button(t.reset, { verb: Verb.startReset, account: a.name }, { style: 'positive' }),
          button(t.changeMobile, { verb: Verb.startRegisterMobile, account: a.name }),
          ...(manager ? [button(t.addDelegate, { verb: Verb.searchDelegate, account: a.name, query: '' })] : []),
        ].map((b) => ({ title: b.title, verb: b.verb, data: b.data, style: b.style })),
      };
    }),
    actions: [],
  });
}

export interface DelegateSearchData {
  readonly locale: Locale;
  readonly account: string;
  readonly query: string;
  readonly people: readonly PersonSummary[];
  readonly notes?: readonly Note[];
}

export function renderDelegateSearchResults(data: DelegateSearchData): Attachment {
  const t = cardTexts[data.locale];
  return expandCard('delegateSearchResults', {
    title: t.delegates.resultsTitle(data.account),
    notes: data.notes ?? [],
    label: t.myAccounts.searchLabel,
    placeholder: t.myAccounts.searchPlaceholder,
    query: data.query,
    searchTitle: t.myAccounts.search,
    searchVerb: Verb.searchDelegate,
    searchData: { verb: Verb.searchDelegate, account: data.account },
    people: data.people.map((p) => ({
      name: p.displayName,
      email: p.email ?? '',
      addTitle: t.delegates.add,
      verb: Verb.addDelegate,
      data: { verb: Verb.addDelegate, account: data.account, personDn: p.dn },
    })),
    actions: [button(t.delegates.back, { verb: Verb.myAccounts })],
  });
}
