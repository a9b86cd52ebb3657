import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryDirectory, type MemoryDataset } from '../../src/adapters/memory/MemoryDirectory';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingNotifier } from '../../src/adapters/memory/RecordingNotifier';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { DEMO_PEOPLE, demoDataset } from '../../src/adapters/memory/demoData';
import { createUseCases, defaultCoreSettings, type CoreSettings } from '../../src/app/createUseCases';
import type { UseCases } from '../../src/app/contracts';
import type { Actor, Locale } from '../../src/domain/model';
import { captureLogs, codesIn, secretsSeen } from './logCapture';

export type DemoPerson = keyof typeof DEMO_PEOPLE;

export interface HarnessOptions {
  readonly settings?: Partial<CoreSettings>;
  readonly dataset?: (now: Date) => MemoryDataset;
  readonly directory?: (dataset: MemoryDataset, clock: ManualClock) => MemoryDirectory;
}

/**
 * The core over memory adapters and a manual clock, as the use-case tests drive it. Every password and
 * code a test uses is remembered, so `leakedSecrets()` can prove none reached the store or a log line.
 */
export class UseCaseHarness {
  readonly clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
  readonly store = new MemoryStore(this.clock);
  readonly sms = new RecordingSmsSender();
  readonly notifier = new RecordingNotifier();
  readonly directory: MemoryDirectory;
  readonly logLines: string[];
  readonly useCases: UseCases;
  readonly settings: CoreSettings;
  private readonly secrets = new Set<string>();

  constructor(options: HarnessOptions = {}) {
    const dataset = (options.dataset ?? demoDataset)(this.clock.now());
    this.directory = options.directory ? options.directory(dataset, this.clock) : new MemoryDirectory(dataset, { clock: this.clock });
    this.settings = { ...defaultCoreSettings, ...options.settings };
    // Captured for the suite too, so checkLogsAfterAll also sees what the core logged here.
    const { logger, lines } = captureLogs('debug');
    this.logLines = lines;
    secretsSeen.from(() => codesIn(this.sms.sent.map((s) => s.body)));
    this.useCases = createUseCases({
      directory: this.directory,
      people: this.directory,
      sms: this.sms,
      store: this.store,
      clock: this.clock,
      notifier: this.notifier,
      logger,
      secrets: { codeKey: 'test-code-key-0123456789abcdef0123456789', historyPepper: 'test-pepper-0123456789abcdef0123456789' },
      settings: this.settings,
    });
  }

  actor(who: DemoPerson, locale: Locale = 'sv'): Actor {
    return { teamsUserId: `29:${who}`, person: { ...DEMO_PEOPLE[who] }, locale };
  }

  /** Marks a password or code as used in the test; returns it for inline use. */
  secret(value: string): string {
    this.secrets.add(value);
    return secretsSeen.add(value);
  }

  /** The code in the last SMS, as the person reads it off the phone. */
  lastCode(): string {
    return this.secret(this.sms.lastCode());
  }

  /** Used secrets found in any stored value or log line. */
  leakedSecrets(): string[] {
    const haystacks = [...this.store.dump().map((e) => `${e.key} ${e.json}`), ...this.logLines];
    return [...this.secrets].filter((s) => haystacks.some((h) => h.includes(s)));
  }

  /** Proves the current password for `who`, as routine 2 starts. */
  async prove(who: DemoPerson, account: string, password: string): Promise<Actor> {
    const actor = this.actor(who);
    const outcome = await this.useCases.checkCurrentPassword(actor, account, this.secret(password));
    if (outcome.kind !== 'proven') throw new Error(`expected proven, got ${outcome.kind}`);
    return actor;
  }

  /** Runs routine 3 up to a verified session. */
  async verified(who: DemoPerson, account: string): Promise<Actor> {
    const actor = this.actor(who);
    const start = await this.useCases.startReset(actor, account);
    if (start.kind !== 'code-sent') throw new Error(`expected code-sent, got ${start.kind}`);
    const verified = await this.useCases.verifyResetCode(actor, account, this.lastCode());
    if (verified.kind !== 'verified') throw new Error(`expected verified, got ${verified.kind}`);
    return actor;
  }

  storedKeys(prefix = ''): string[] {
    return this.store
      .dump()
      .map((e) => e.key)
      .filter((k) => k.startsWith(prefix));
  }
}
