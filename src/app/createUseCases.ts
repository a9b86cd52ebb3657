import type { RawSettings } from '../config';
import { defaultCodeOptions } from '../domain/securityCode';
import type { Clock } from '../ports/Clock';
import type { Directory } from '../ports/Directory';
import type { Logger } from '../ports/Logger';
import type { Notifier } from '../ports/Notifier';
import type { PeopleDirectory } from '../ports/PeopleDirectory';
import type { SmsSender } from '../ports/SmsSender';
import type { Store } from '../ports/Store';
import { abandonRoutine } from './abandonRoutine';
import { findMyAccount, identify, myAccounts, searchPeople } from './accounts';
import { changePassword } from './changePassword';
import { checkCurrentPassword } from './checkCurrentPassword';
import { confirmMobile } from './confirmMobile';
import type { UseCases } from './contracts';
import { buildCore } from './core';
import { addDelegate, removeDelegate } from './delegates';
import { startMobileConfirmation } from './startMobileConfirmation';
import { startReset } from './startReset';
import { verifyResetCode } from './verifyResetCode';

export interface CoreSettings {
  /** Calendar months between password changes. */
  readonly rotationMonths: number;
  /** Shown when the account is locked or disabled, and after a change. */
  readonly supportContact: string;
  /** The system the shared accounts log into ("Treserva"), named in SMS texts. */
  readonly serviceName: string;
  /** Blocked in new passwords like the built-in words. */
  readonly municipalityNames: readonly string[];
  /** Wrong current passwords per account per window, across all users; keep below the directory's lockout threshold. */
  readonly passwordCheckMaxFailures: number;
  readonly passwordCheckWindowMs: number;
  readonly codeTtlMs: number;
  readonly codeMaxAttempts: number;
  /** How long a verified reset code lets the user set a password. */
  readonly verifiedSessionMs: number;
  /** How long a proven current password lets the user register a mobile. */
  readonly proofMs: number;
  /**
   * How long a turn waits for the notices to the other responsible people. Delivery goes on afterwards:
   * a slow Teams (a sweep in progress, 429s) must not make the user's own answer time out.
   */
  readonly noticeWaitMs: number;
}

export const defaultCoreSettings: CoreSettings = Object.freeze({
  rotationMonths: 3,
  supportContact: 'Support: 2000 knappval 3 och 1, vardochstod@orebro.se',
  serviceName: 'Treserva',
  municipalityNames: Object.freeze(['Örebro']),
  passwordCheckMaxFailures: 3,
  passwordCheckWindowMs: 30 * 60_000,
  codeTtlMs: defaultCodeOptions.ttlMs,
  codeMaxAttempts: defaultCodeOptions.maxAttempts,
  verifiedSessionMs: 10 * 60_000,
  proofMs: 10 * 60_000,
  noticeWaitMs: 3_000,
});

/** The core's settings from the parsed configuration; what configuration does not cover keeps its default. */
export function coreSettingsFrom(
  settings: Pick<
    RawSettings,
    'ROTATION_MONTHS' | 'SUPPORT_CONTACT' | 'SERVICE_NAME' | 'MUNICIPALITY_NAMES' | 'PASSWORD_CHECK_MAX_FAILURES' | 'PASSWORD_CHECK_WINDOW_MINUTES'
  >,
): CoreSettings {
  return Object.freeze({
    ...defaultCoreSettings,
    rotationMonths: settings.ROTATION_MONTHS,
    supportContact: settings.SUPPORT_CONTACT,
    serviceName: settings.SERVICE_NAME,
    municipalityNames: Object.freeze(
      settings.MUNICIPALITY_NAMES.split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    ),
    passwordCheckMaxFailures: settings.PASSWORD_CHECK_MAX_FAILURES,
    passwordCheckWindowMs: settings.PASSWORD_CHECK_WINDOW_MINUTES * 60_000,
  });
}

export interface CoreDependencies {
  readonly directory: Directory;
  readonly people: PeopleDirectory;
  readonly sms: SmsSender;
  readonly store: Store;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly logger: Logger;
  /** `codeKey` keys the code HMAC; `historyPepper` is mixed into every password-history hash. */
  readonly secrets: { readonly codeKey: string; readonly historyPepper: string };
  readonly settings: CoreSettings;
}

/** The core's one entry point: every routine of the bot, over the ports it is given. */
export function createUseCases(deps: CoreDependencies): UseCases {
  const core = buildCore(deps);
  return {
    identify: (user) => identify(core, user),
    myAccounts: (actor) => myAccounts(core, actor),
    findMyAccount: (actor, accountName) => findMyAccount(core, actor, accountName),
    checkCurrentPassword: (actor, accountName, password) => checkCurrentPassword(core, actor, accountName, password),
    startMobileConfirmation: (actor, accountName, rawNumber) => startMobileConfirmation(core, actor, accountName, rawNumber),
    confirmMobile: (actor, accountName, code) => confirmMobile(core, actor, accountName, code),
    startReset: (actor, accountName) => startReset(core, actor, accountName),
    verifyResetCode: (actor, accountName, code) => verifyResetCode(core, actor, accountName, code),
    changePassword: (actor, accountName, newPassword, repeated) => changePassword(core, actor, accountName, newPassword, repeated),
    abandon: (actor, accountName) => abandonRoutine(core, actor, accountName),
    searchPeople: (actor, query) => searchPeople(core, actor, query),
    addDelegate: (actor, accountName, personDn) => addDelegate(core, actor, accountName, personDn),
    removeDelegate: (actor, accountName, personDn) => removeDelegate(core, actor, accountName, personDn),
  };
}
