import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CardFactory, type Attachment } from 'botbuilder';
import { Template } from 'adaptivecards-templating';

/** The template files, one per screen, in the repository's cards/ folder (from src/ or from dist/src/). */
export type CardName =
  | 'welcome'
  | 'chooseAccount'
  | 'currentPassword'
  | 'newNumber'
  | 'confirmMobileCode'
  | 'mobileSaved'
  | 'enterCode'
  | 'newPassword'
  | 'passwordChanged'
  | 'myAccounts'
  | 'delegateSearchResults'
  | 'message'
  | 'submitted'
  | 'notice'
  | 'nudge';

function findCardsFolder(): string {
  const candidates = [resolve(__dirname, '../../../cards'), resolve(__dirname, '../../../../cards')];
  const found = candidates.find((folder) => existsSync(resolve(folder, 'welcome.json')));
  if (!found) throw new Error(`card templates not found in ${candidates.join(' or ')}`);
  return found;
}

let folder: string | undefined;
const templates = new Map<CardName, Template>();

function template(name: CardName): Template {
  let loaded = templates.get(name);
  if (!loaded) {
    folder ??= findCardsFolder();
    loaded = new Template(JSON.parse(readFileSync(resolve(folder, `${name}.json`), 'utf8')) as object);
    templates.set(name, loaded);
  }
  return loaded;
}

/** Expands a template with its data (every text already in the user's language) into a Teams attachment. */
export function expandCard(name: CardName, data: object): Attachment {
  const card = template(name).expand({ $root: data }) as object;
  return CardFactory.adaptiveCard(card);
}
