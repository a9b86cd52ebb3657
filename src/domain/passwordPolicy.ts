// API fixed by the lead; the implementation is filled in by the domain work.
export type CharacterKind = 'upper' | 'lower' | 'digit' | 'special';

/** Categories of blocked words; the word itself is never echoed back (it is part of the password). */
export type BlockedWordCategory = 'season-month-weekday' | 'common-word' | 'keyboard-run' | 'municipality';

/** One reason a new password is refused. Every failing rule is reported, not just the first. */
export type PolicyFailure =
  | { readonly kind: 'too-short'; readonly min: number }
  | { readonly kind: 'too-long'; readonly max: number }
  | { readonly kind: 'too-few-kinds'; readonly required: number; readonly missing: readonly CharacterKind[] }
  /** å ä ö Å Ä Ö and every other non-ASCII character. */
  | { readonly kind: 'non-ascii' }
  /** Control characters (tab, newline, ...). */
  | { readonly kind: 'control-character' }
  | { readonly kind: 'contains-account-name' }
  | { readonly kind: 'contains-display-name' }
  | { readonly kind: 'blocked-word'; readonly category: BlockedWordCategory };

export interface PasswordContext {
  readonly accountName: string;
  readonly displayName: string;
}

export interface PasswordPolicyOptions {
  readonly minLength: number;
  readonly maxLength: number;
  readonly requiredKinds: number;
  /** The municipality's name(s), blocked like the built-in words. */
  readonly municipalityNames: readonly string[];
}

export const defaultPasswordPolicy: PasswordPolicyOptions = {
  minLength: 8,
  maxLength: 128,
  requiredKinds: 3,
  municipalityNames: ['orebro'],
};
