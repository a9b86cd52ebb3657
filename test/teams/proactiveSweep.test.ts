import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { MemorySweepLock } from '../../src/adapters/memory/MemorySweepLock';
import { demoDirectory } from '../../src/adapters/memory/demoData';
import { loadConfig } from '../../src/config';
import { ConfigurationError } from '../../src/domain/errors';
import { calendarDay, isWorkingDay } from '../../src/domain/rotationNudges';
import { lazySweepLock, nudgeOptionsFrom, proactiveInstallFrom, RotationSweep, sweepLockFrom } from '../../src/teams/proactive/rotationSweep';
import type { NudgeSender } from '../../src/ports/NudgeSender';
import { RecordingNudgeSender } from '../support/recordingNudgeSender';

const logger = createPinoLogger({ level: 'silent' });

describe('rotation sweep settings', () => {
  it('reads the rotation period, time zone and holidays', () => {
    const options = nudgeOptionsFrom(loadConfig({ ROTATION_MONTHS: '2', SWEEP_TIMEZONE: 'Europe/Helsinki', SWEEP_HOLIDAYS: '2026-12-24, 2026-12-25' }));
    expect(options).toMatchObject({ months: 2, timeZone: 'Europe/Helsinki' });
    expect([...options.holidays]).toEqual(['2026-12-24', '2026-12-25']);
  });

  it.each([
    [{ SWEEP_TIMEZONE: 'Mars/Olympus' }, 'SWEEP_TIMEZONE'],
    [{ SWEEP_HOLIDAYS: '24/12/2026' }, 'SWEEP_HOLIDAYS'],
  ])('names the wrong setting %p at start-up', (env, name) => {
    // loadConfig refuses it before anything listens (test/config.test.ts has the details).
    expect(() => nudgeOptionsFrom(loadConfig(env))).toThrow(new RegExp(`\\n  ${name}: `));
  });

  it('installs through Graph only when Graph and the app id are configured', () => {
    const directory = demoDirectory(new Date());
    expect(proactiveInstallFrom(loadConfig({}), directory, logger)).toBeUndefined();
    const install = proactiveInstallFrom(
      loadConfig({ GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's', TEAMS_APP_ID: 'app' }),
      directory,
      logger,
    );
    expect(install).toMatchObject({ serviceUrl: 'https://smba.trafficmanager.net/teams/', tenantId: 't' });
  });

  it('keeps the lock where the store is', () => {
    expect(sweepLockFrom(loadConfig({ STORAGE: 'memory' }), logger)).toBeInstanceOf(MemorySweepLock);
  });

  it('opens the lock only when a sweep first needs it', async () => {
    let opened = 0;
    const lock = lazySweepLock(() => {
      opened += 1;
      return new MemorySweepLock();
    });
    expect(opened).toBe(0);
    const held = await lock.tryAcquire();
    expect(await lock.tryAcquire()).toBeNull();
    await held?.release();
    expect(opened).toBe(1);
    lock.close();
  });
});

describe('RotationSweep', () => {
  function sweep() {
    const clock = new ManualClock(Date.parse('2026-11-25T07:30:00Z'));
    const directory = demoDirectory(clock.now(), clock);
    const sender = new RecordingNudgeSender(clock);
    const rotation = new RotationSweep({
      deps: { directory, people: directory, store: new MemoryStore(clock), clock, sender, logger },
      lock: new MemorySweepLock(),
      nudges: nudgeOptionsFrom(loadConfig({})),
    });
    return { clock, sender, rotation };
  }

  it('sends the demo nudges once, and a second run the same day sends nothing', async () => {
    const { sender, rotation } = sweep();
    const first = await rotation.runOnce();
    // The demo directory on 25 November 2026 has three nudges due (demoData.ts sets the password ages).
    expect(first.delivered).toBe(3);
    expect(first.delivered).toBe(sender.sent.length);
    expect((await rotation.runOnce()).delivered).toBe(0);
  });

  it('lets one of two overlapping runs in a process sweep', async () => {
    const { rotation } = sweep();
    const [a, b] = await Promise.all([rotation.runOnce(), rotation.runOnce()]);
    expect([a.skippedLocked, b.skippedLocked].sort()).toEqual([false, true]);
  });

  it('sends on a Sunday evening only when asked to ignore quiet hours', async () => {
    const { clock, sender, rotation } = sweep();
    clock.set(Date.parse('2026-11-29T19:00:00Z'));
    expect((await rotation.runOnce()).quiet).toBe(true);
    expect((await rotation.runOnce({ anytime: true })).delivered).toBe(sender.sent.length);
    // On Sunday 29 November the demo directory still has three nudges due; quiet hours only held them back.
    expect(sender.sent.length).toBe(3);
  });

  it('schedules on working-day mornings in the configured time zone', () => {
    const { rotation } = sweep();
    const job = rotation.schedule('30 8 * * 1-5', 'Europe/Stockholm');
    const next = job.nextRun();
    job.stop();
    expect(next).not.toBeNull();
    expect(isWorkingDay(calendarDay(next!, 'Europe/Stockholm'))).toBe(true);
    expect(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(next!)).toBe('08:30');
  });

  it('tells shutdown when its runs have finished, and gives up waiting after the time it is given', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T07:30:00Z'));
    const directory = demoDirectory(clock.now(), clock);
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const recording = new RecordingNudgeSender(clock);
    // Every send waits at the gate: the run stays in flight until the test opens it.
    const sender: NudgeSender = { sendNudge: async (personDn, nudge) => gate.then(() => recording.sendNudge(personDn, nudge)) };
    const rotation = new RotationSweep({
      deps: { directory, people: directory, store: new MemoryStore(clock), clock, sender, logger },
      lock: new MemorySweepLock(),
      nudges: nudgeOptionsFrom(loadConfig({})),
    });
    expect(await rotation.settled(1)).toBe(true);
    const run = rotation.runOnce();
    expect(await rotation.settled(20)).toBe(false);
    open();
    expect(await rotation.settled(60_000)).toBe(true);
    expect((await run).delivered).toBe(3);
  });

  it('refuses a schedule that is not a cron pattern, naming the setting', () => {
    const { rotation } = sweep();
    expect(() => rotation.schedule('every morning', 'Europe/Stockholm')).toThrow(ConfigurationError);
    expect(() => rotation.schedule('every morning', 'Europe/Stockholm')).toThrow(/SWEEP_SCHEDULE/);
  });
});
