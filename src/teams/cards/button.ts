import type { CardAction } from './actions';

/** One card button, rendered as Action.Execute whose `data` always repeats the verb (Action.Submit clients need it). */
export interface Button {
  readonly title: string;
  readonly verb: string;
  readonly data: Readonly<Record<string, string>>;
  readonly style: 'default' | 'positive' | 'destructive';
  /** 'none' for buttons that must not send the card's inputs (cancel, resend). */
  readonly associatedInputs: 'auto' | 'none';
}

/** A button for an action whose data is fully known now (no inputs from the card). */
export function button(
  title: string,
  action: CardAction,
  options: { style?: Button['style']; withInputs?: boolean } = {},
): Button {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(action)) if (typeof value === 'string') data[key] = value;
  return {
    title,
    verb: action.verb,
    data,
    style: options.style ?? 'default',
    associatedInputs: options.withInputs ? 'auto' : 'none',
  };
}

/** A button that sends the card's inputs with it; the inputs are filled in by the client. */
export function submitButton(title: string, verb: CardAction['verb'], extra: Readonly<Record<string, string>> = {}): Button {
  return { title, verb, data: { verb, ...extra }, style: 'positive', associatedInputs: 'auto' };
}

export type NoteColor = 'Default' | 'Attention' | 'Good' | 'Warning' | 'Accent';

export interface Note {
  readonly text: string;
  readonly color: NoteColor;
  readonly weight: 'Default' | 'Bolder';
}

export const note = (text: string, color: NoteColor = 'Default', weight: Note['weight'] = 'Default'): Note => ({ text, color, weight });
export const problem = (text: string): Note => note(text, 'Attention', 'Bolder');
