import { z } from 'zod';
import { Verb } from './verbs';

/** Card inputs arrive as strings; a client may leave an empty input out. Bounded so nobody posts megabytes. */
const input = (max: number) => z.string().max(max).optional().transform((v) => v ?? '');
const accountName = z.string().trim().min(1).max(64);
const dn = z.string().min(1).max(1024);

const action = <V extends string, S extends z.ZodRawShape>(verb: V, shape: S) =>
  z.object({ verb: z.literal(verb), ...shape }).strict();

/** Every card action Rotera accepts: `.strict()`, so an extra field is as wrong as a missing one. */
export const cardActionSchema = z.discriminatedUnion('verb', [
  action(Verb.startReset, { account: accountName.optional() }),
  action(Verb.startRegisterMobile, { account: accountName.optional() }),
  action(Verb.myAccounts, {}),
  action(Verb.help, {}),
  action(Verb.cancel, {}),
  action(Verb.chooseAccount, { account: accountName }),
  action(Verb.submitCurrentPassword, { currentPassword: input(256) }),
  action(Verb.submitNewNumber, { newNumber: input(64) }),
  action(Verb.submitMobileCode, { code: input(32) }),
  action(Verb.resendMobileCode, {}),
  action(Verb.submitResetCode, { code: input(32) }),
  action(Verb.resendResetCode, {}),
  action(Verb.submitNewPassword, { newPassword: input(256), repeatPassword: input(256) }),
  action(Verb.searchDelegate, { account: accountName, query: input(128) }),
  action(Verb.addDelegate, { account: accountName, personDn: dn }),
  action(Verb.removeDelegate, { account: accountName, personDn: dn }),
  action(Verb.snoozeNudge, { account: accountName }),
  action(Verb.alreadyChanged, { account: accountName }),
]);

export type CardAction = z.infer<typeof cardActionSchema>;
export type CardActionOf<V extends CardAction['verb']> = Extract<CardAction, { verb: V }>;

export type ParsedAction = { readonly ok: true; readonly action: CardAction } | { readonly ok: false; readonly verb: string | null };

/**
 * Validates what a card sent. Action.Execute gives (verb, data); Action.Submit gives one object with `verb` inside.
 * On failure only the verb (if it is a string) is returned: the data may hold a password.
 */
export function parseCardAction(verb: unknown, data: unknown): ParsedAction {
  const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const effectiveVerb = verb ?? fields.verb;
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    return { ok: false, verb: typeof effectiveVerb === 'string' ? effectiveVerb : null };
  }
  // Action.Execute repeats the verb in `data` (we always put it there); it must agree with the action's verb.
  if (verb !== undefined && fields.verb !== undefined && fields.verb !== verb) return { ok: false, verb: typeof verb === 'string' ? verb : null };
  const parsed = cardActionSchema.safeParse({ ...fields, verb: effectiveVerb });
  if (!parsed.success) return { ok: false, verb: typeof effectiveVerb === 'string' ? effectiveVerb.slice(0, 64) : null };
  return { ok: true, action: parsed.data };
}
