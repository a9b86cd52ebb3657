/**
 * Every card action's verb. Cards send them as Action.Execute verbs (and as `verb` in Action.Submit data);
 * `actions.ts` validates the data that comes with each one.
 */
export const Verb = {
  /** Start routine 3 (reset the password); data may name the account. */
  startReset: 'rotera.reset.start',
  /** Start routine 2 (register or change the recovery mobile); data may name the account. */
  startRegisterMobile: 'rotera.mobile.start',
  /** Show routine 4 (my accounts). */
  myAccounts: 'rotera.accounts.show',
  help: 'rotera.help',
  /** Ends whatever routine runs. */
  cancel: 'rotera.cancel',

  chooseAccount: 'rotera.account.choose',

  submitCurrentPassword: 'rotera.mobile.currentPassword',
  submitNewNumber: 'rotera.mobile.newNumber',
  submitMobileCode: 'rotera.mobile.code',
  resendMobileCode: 'rotera.mobile.resend',

  submitResetCode: 'rotera.reset.code',
  resendResetCode: 'rotera.reset.resend',
  submitNewPassword: 'rotera.reset.newPassword',

  searchDelegate: 'rotera.delegate.search',
  addDelegate: 'rotera.delegate.add',
  removeDelegate: 'rotera.delegate.remove',

  /** Rotation nudge: "Påminn mig i morgon" for the account in data. */
  snoozeNudge: 'rotera.nudge.snooze',
  /** Rotation nudge: "Jag har redan bytt": re-read the directory and say what it shows. */
  alreadyChanged: 'rotera.nudge.changed',
} as const;

export type VerbName = (typeof Verb)[keyof typeof Verb];

/** Ids of card inputs; their values arrive merged into the action's data. */
export const InputId = {
  currentPassword: 'currentPassword',
  newNumber: 'newNumber',
  code: 'code',
  newPassword: 'newPassword',
  repeatPassword: 'repeatPassword',
  query: 'query',
} as const;
