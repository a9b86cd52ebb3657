/** Dialog ids, in one place: they are stored in dialog state, so renaming one abandons routines in progress. */
export const DialogId = {
  main: 'rotera.main',
  registerMobile: 'rotera.registerMobile',
  resetPassword: 'rotera.resetPassword',
  myAccounts: 'rotera.myAccounts',
} as const;
