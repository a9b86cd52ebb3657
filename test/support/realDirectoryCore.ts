import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingNotifier } from '../../src/adapters/memory/RecordingNotifier';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { createUseCases, defaultCoreSettings } from '../../src/app/createUseCases';
import type { UseCases } from '../../src/app/contracts';
import type { Actor } from '../../src/domain/model';
import type { Directory } from '../../src/ports/Directory';
import type { PeopleDirectory } from '../../src/ports/PeopleDirectory';
import { codesIn, secretsSeen } from './logCapture';
import { capturedLogger } from './ldapAdapters';

/**
 * The real core (createUseCases) over a real directory adapter; SMS, store and notifier in memory.
 * Drives routine 3 the way the Teams dialogs do.
 */
export class RealDirectoryCore {
  readonly clock = new ManualClock(Date.now());
  readonly sms = new RecordingSmsSender();
  readonly useCases: UseCases;

  constructor(directory: Directory, people: PeopleDirectory) {
    this.useCases = createUseCases({
      directory,
      people,
      sms: this.sms,
      store: new MemoryStore(this.clock),
      clock: this.clock,
      notifier: new RecordingNotifier(),
      logger: capturedLogger(),
      secrets: { codeKey: 'integration-code-key-0123456789abcdef012345', historyPepper: 'integration-pepper-0123456789abcdef0123456' },
      settings: defaultCoreSettings,
    });
    // Passwords are recorded by the directory (ldapAdapters' recordingPasswords); codes are read off the phone.
    secretsSeen.from(() => codesIn(this.sms.sent.map((s) => s.body)));
  }

  async actor(userPrincipalName: string): Promise<Actor> {
    const actor = await this.useCases.identify({ teamsUserId: `29:${userPrincipalName}`, aadObjectId: null, userPrincipalName, name: null, locale: 'sv' });
    if (!actor) throw new Error(`${userPrincipalName} is not in the directory`);
    return actor;
  }

  /** Routine 3 up to a verified code: the session then survives refused passwords, like in the dialog. */
  async verified(actor: Actor, account: string): Promise<void> {
    // A new code is only sent a minute after the last one; the core's clock is ours to move.
    this.clock.advance(61_000);
    const start = await this.useCases.startReset(actor, account);
    if (start.kind !== 'code-sent') throw new Error(`expected code-sent, got ${start.kind}`);
    const verified = await this.useCases.verifyResetCode(actor, account, this.sms.lastCode());
    if (verified.kind !== 'verified') throw new Error(`expected verified, got ${verified.kind}`);
  }

  /** The new password, typed twice, in a verified session. */
  change(actor: Actor, account: string, newPassword: string) {
    return this.useCases.changePassword(actor, account, newPassword, newPassword);
  }
}
