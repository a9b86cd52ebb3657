import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Attachment } from 'botbuilder';
import * as ACData from 'adaptivecards-templating';
import type { Locale } from '../../domain/model';
import type { Nudge } from '../../domain/rotationNudges';
import { formatDate } from '../../i18n/catalogue';
import { nudgeTexts } from '../../i18n/nudges';
import { Verb } from '../cards/verbs';

/** Verbs of the nudge card's own buttons ("Byt lösenord nu" reuses the reset routine's verb). */
export const NudgeVerb = {
  snooze: 'rotera.nudge.snooze',
  alreadyChanged: 'rotera.nudge.changed',
} as const;

export interface CardButton {
  readonly title: string;
  readonly verb: string;
  readonly data: Record<string, unknown>;
}

const templates = new Map<string, ACData.Template>();

/** cards/ sits at the project root, both when run from src/ (tsx) and from dist/src/ (built). */
function cardsFolder(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'cards', 'nudge.json')) && existsSync(join(dir, 'package.json'))) return join(dir, 'cards');
    dir = dirname(dir);
  }
  throw new Error('cards folder not found');
}

function template(name: 'nudge' | 'nudgeReply'): ACData.Template {
  let loaded = templates.get(name);
  if (!loaded) {
    loaded = new ACData.Template(JSON.parse(readFileSync(join(cardsFolder(), `${name}.json`), 'utf8')) as object);
    templates.set(name, loaded);
  }
  return loaded;
}

function attachment(content: unknown): Attachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content };
}

const button = (title: string, verb: string, data: Record<string, string>): CardButton => ({ title, verb, data: { verb, ...data } });

/** The rotation nudge (or register-mobile nudge, or the note to the manager's manager) in the person's language. */
export function renderNudge(nudge: Nudge, locale: Locale): Attachment {
  const t = nudgeTexts[locale];
  const account = nudge.accountName;
  const facts = [
    { title: t.factAccount, value: `${nudge.accountDisplayName} (${account})` },
    ...(nudge.kind === 'register-mobile' ? [] : [
      { title: t.factDue, value: formatDate(nudge.dueAt, locale) },
      { title: t.factStatus, value: t.status({ daysLeft: nudge.daysLeft }) },
    ]),
  ];
  const snooze = button(t.snooze, NudgeVerb.snooze, { account });
  let title: string;
  let body: string;
  let note = '';
  let actions: CardButton[];
  switch (nudge.kind) {
    case 'rotation':
      title = t.rotationTitle({ account });
      body = t.rotationBody({ displayName: nudge.accountDisplayName, account });
      if (!nudge.hasMobile) note = t.noMobileNote;
      actions = [
        nudge.hasMobile ? button(t.changeNow, Verb.startReset, { account }) : button(t.registerMobile, Verb.startRegisterMobile, { account }),
        snooze,
        button(t.alreadyChanged, NudgeVerb.alreadyChanged, { account }),
      ];
      break;
    case 'register-mobile':
      title = t.registerTitle({ account });
      body = t.registerBody({ displayName: nudge.accountDisplayName, account });
      actions = [button(t.registerMobile, Verb.startRegisterMobile, { account }), snooze];
      break;
    case 'escalation':
      // The manager's manager is not responsible for the account: information only, nothing to press.
      title = t.escalationTitle({ account });
      body = t.escalationBody({ managerName: nudge.managerName ?? '', displayName: nudge.accountDisplayName, account });
      actions = [];
      break;
  }
  const label = nudge.reminder ? t.reminderLabel : '';
  return attachment(template('nudge').expand({ $root: { label, title, facts, body, note, actions } }));
}

/** The answer to a nudge button: a short text, optionally with buttons. */
export function renderNudgeReply(text: string, actions: readonly CardButton[] = [], title = ''): Attachment {
  return attachment(template('nudgeReply').expand({ $root: { title, text, actions } }));
}

export function changeNowButton(locale: Locale, account: string): CardButton {
  return button(nudgeTexts[locale].changeNow, Verb.startReset, { account });
}

/** Plain text of a nudge, for the notification preview and for clients that do not render cards. */
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
