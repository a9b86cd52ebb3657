import { deleet, foldToAscii } from './passwordPolicy';

/** A single leading character that usually stands for a letter ("$ommar", "@dmin"); "1" and "!" are too ambiguous there. */
const LEADING_LEET = /^[$@03457]$/;
const LEET_RUN = /^[013457@$!]+$/;

/**
 * The letters a password is built around, to spot a variant of an earlier one ("Sommar2026!" after
 * "Sommar2025!"): lower case, trailing digits and specials dropped (they are what people increment),
 * leetspeak undone, only a-z kept. "Sommar2025!" -> "sommar", "S0mmar#26" -> "sommar". Returns ''
 * when fewer than 4 letters remain: too little to compare without refusing unrelated passwords.
 */
export function passwordSkeleton(password: string): string {
  const folded = foldToAscii(password);
  const trimmed = folded.replace(/[^a-z]+$/, '');
  const lead = /^[^a-z]+/.exec(trimmed)?.[0] ?? '';
  const body = lead.length === 1 && LEADING_LEET.test(lead) ? trimmed : trimmed.slice(lead.length);
  // Inside, a run of leet characters stands for letters ("P@$$word"); a run with anything else ("2026", "#") is filler.
  const letters = body.replace(/[^a-z]+/g, (run) => (LEET_RUN.test(run) ? deleet(run, 'i') : '')).replace(/[^a-z]/g, '');
  return letters.length >= 4 ? letters : '';
}
