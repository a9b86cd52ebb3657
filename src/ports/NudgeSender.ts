import type { Nudge } from '../domain/rotationNudges';

export type NudgeDelivery =
  | { readonly kind: 'delivered' }
  /** No way to reach the person: they never opened the bot, and Rotera could not install itself for them. */
  | { readonly kind: 'unreachable' }
  /** Teams did not take it (throttled, unavailable, refused); the sweep records it and tries again next time. */
  | { readonly kind: 'failed'; readonly retryable: boolean; readonly detail: string };

/** Delivers a rotation nudge to a person (in Teams, proactively), in the language they last used. */
export interface NudgeSender {
  sendNudge(personDn: string, nudge: Nudge): Promise<NudgeDelivery>;
}
