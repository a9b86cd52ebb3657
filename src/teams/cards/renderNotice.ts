import type { Attachment } from 'botbuilder';
import type { Locale } from '../../domain/model';
import type { Notice } from '../../ports/Notifier';
import { formatDate, formatTime } from '../../i18n/catalogue';
import { cardTexts } from '../../i18n/cards';
import { button } from './button';
import { expandCard } from './template';
import { Verb } from './verbs';

/** The card another manager or delegate gets when something changed on an account they share. Never carries a secret. */
export function renderNotice(notice: Notice, locale: Locale): Attachment {
  const t = cardTexts[locale].notice;
  const date = formatDate(notice.at, locale);
  const time = formatTime(notice.at, locale);
  const account = `${notice.accountName} (${notice.accountDisplayName})`;
  let title: string;
  let text: string;
  switch (notice.kind) {
    case 'password-changed':
      title = t.passwordChangedTitle;
      text = t.passwordChanged(notice.byName, account, date, time);
      break;
    case 'mobile-changed':
      title = t.mobileChangedTitle;
      text = t.mobileChanged(notice.byName, account, notice.maskedMobile, date, time);
      break;
    case 'delegate-added':
      title = t.delegateAddedTitle;
      text = t.delegateAdded(notice.byName, notice.delegateName, account, date, time);
      break;
    case 'delegate-removed':
      title = t.delegateRemovedTitle;
      text = t.delegateRemoved(notice.byName, notice.delegateName, account, date, time);
      break;
  }
  return expandCard('notice', {
    title,
    text,
    note: t.unexpected,
    actions: [button(cardTexts[locale].common.myAccountsButton, { verb: Verb.myAccounts })],
  });
}
