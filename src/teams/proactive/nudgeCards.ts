import type { Attachment } from 'botbuilder';
import type { Locale } from '../../domain/model';
import type { Nudge } from '../../domain/rotationNudges';
import { formatDate } from '../../i18n/catalogue';
import { nudgeTexts } from '../../i18n/nudges';
import { button, type Button } from '../cards/button';
import { expandCard } from '../cards/template';
import { Verb } from '../cards/verbs';

/** "Byt lösenord nu": starts the reset routine with the account chosen. */
export function changeNowButton(locale: Locale, account: string): Button {
  return button(nudgeTexts[locale].changeNow, { verb: Verb.startReset, account }, { style: 'positive' });
}

/** The rotation nudge (or register-mobile nudge, or the note to the manager's manager) in the person's language. */
export function renderNudge(nudge: Nudge, locale: Locale): Attachment {
  const t = nudgeTexts[locale];
  const account = nudge.accountName;
  const facts = [
    { title: t.factAccount, value: `${nudge.accountDisplayName} (${account})` },
    ...(nudge.kind === 'register-mobile'
      ? []
      : [
          { title: t.factDue, value: formatDate(nudge.dueAt, locale) },
          { title: t.factStatus, value: t.status({ daysLeft: nudge.daysLeft }) },
        ]),
  ];
  const register = button(t.registerMobile, { verb: Verb.startRegisterMobile, account }, { style: 'positive' });
  const snooze = button(t.snooze, { verb: Verb.snoozeNudge, account });
  let title: string;
  let body: string;
  let note = '';
  let actions: Button[];
  switch (nudge.kind) {
    case 'rotation':
      title = t.rotationTitle({ account });
      body = t.rotationBody({ displayName: nudge.accountDisplayName, account });
      if (!nudge.hasMobile) note = t.noMobileNote;
      actions = [nudge.hasMobile ? changeNowButton(locale, account) : register, snooze, button(t.alreadyChanged, { verb: Verb.alreadyChanged, account })];
      break;
    case 'register-mobile':
      title = t.registerTitle({ account });
      body = t.registerBody({ displayName: nudge.accountDisplayName, account });
      actions = [register, snooze];
      break;
    case 'escalation':
      // The manager's manager is not responsible for the account: information only, nothing to press.
      title = t.escalationTitle({ account });
      body = t.escalationBody({ managerName: nudge.managerName ?? '', displayName: nudge.accountDisplayName, account });
      actions = [];
      break;
  }
  return expandCard('nudge', { label: nudge.reminder ? t.reminderLabel : '', title, facts, body, note, actions });
}

/** Plain text of a nudge: the notification preview, and what clients without cards show. */
export function nudgeSummary(nudge: Nudge, locale: Locale): string {
  const t = nudgeTexts[locale];
  const account = nudge.accountName;
  switch (nudge.kind) {
    case 'rotation':
      return `${t.rotationTitle({ account })}: ${t.status({ daysLeft: nudge.daysLeft })}`;
    case 'register-mobile':
      return t.registerTitle({ account });
    case 'escalation':
      return t.escalationTitle({ account });
  }
}
