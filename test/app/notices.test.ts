import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryDirectory } from '../../src/adapters/memory/MemoryDirectory';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { DEMO_PEOPLE, demoDataset } from '../../src/adapters/memory/demoData';
import { createUseCases, defaultCoreSettings } from '../../src/app/createUseCases';
import type { Notice, NoticeDelivery, Notifier } from '../../src/ports/Notifier';

/** A Teams that takes the notice and never answers (a sweep saturating the rate limits, a hung connection). */
class StalledNotifier implements Notifier {
  readonly asked: Array<{ dn: string; kind: Notice['kind'] }> = [];
  notify(personDn: string, notice: Notice): Promise<NoticeDelivery> {
    this.asked.push({ dn: personDn, kind: notice.kind });
    return new Promise<NoticeDelivery>(() => undefined);
  }
}

describe('notices to the other responsible people', () => {
  it('do not hold up the user\'s own answer when Teams is slow to take them', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    const directory = new MemoryDirectory(demoDataset(clock.now()), { clock });
    const notifier = new StalledNotifier();
    const logLines: string[] = [];
    const useCases = createUseCases({
      directory,
      people: directory,
      sms: new RecordingSmsSender(),
      store: new MemoryStore(clock),
      clock,
      notifier,
      logger: createPinoLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }),
      secrets: { codeKey: 'test-code-key-0123456789abcdef0123456789', historyPepper: 'test-pepper-0123456789abcdef0123456789' },
      settings: { ...defaultCoreSettings, noticeWaitMs: 20 },
    });
    const anna = { teamsUserId: '29:anna', person: { ...DEMO_PEOPLE.anna }, locale: 'sv' as const };

    const outcome = await useCases.addDelegate(anna, 'hemtjanstab', DEMO_PEOPLE.karin.dn);

    expect(outcome).toMatchObject({ kind: 'delegate-added' });
    expect(notifier.asked).toEqual([
      { dn: DEMO_PEOPLE.erik.dn, kind: 'delegate-added' },
      { dn: DEMO_PEOPLE.karin.dn, kind: 'delegate-added' },
    ]);
    expect(logLines.some((line) => line.includes('notices still being delivered after the turn'))).toBe(true);
  }, 5_000);
});
