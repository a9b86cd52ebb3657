import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { DailyCapSmsSender } from '../../src/app/DailyCapSmsSender';
import { SmsRefused, SmsUnavailable } from '../../src/domain/errors';

const SMS = { to: '+46701234567', body: 'Rotera: kod 123456' };

function setup(cap: number) {
  const lines: string[] = [];
  const logger = createPinoLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  // 10:00 in Stockholm.
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
  const store = new MemoryStore(clock);
  const inner = new RecordingSmsSender();
  const sender = new DailyCapSmsSender(inner, store, clock, logger, { cap });
  const alerts = () => lines.filter((line) => line.includes('sms-daily-cap-reached'));
  return { lines, logger, clock, store, inner, sender, alerts };
}

describe('DailyCapSmsSender', () => {
  it('sends up to the cap and then refuses with daily-cap-reached', async () => {
    const { sender, inner } = setup(3);
    for (let i = 0; i < 3; i += 1) await sender.send(SMS);

    const refused = sender.send(SMS);
    await expect(refused).rejects.toBeInstanceOf(SmsRefused);
    await expect(refused).rejects.toMatchObject({ reason: 'daily-cap-reached' });
    expect(inner.sent).toHaveLength(3);
    expect(await sender.sentToday()).toBe(3);
  });

  it('logs the alert once a day however often the cap refuses', async () => {
    const { sender, alerts, lines } = setup(1);
    await sender.send(SMS);
    for (let i = 0; i < 4; i += 1) await expect(sender.send(SMS)).rejects.toMatchObject({ reason: 'daily-cap-reached' });

    expect(alerts()).toHaveLength(1);
    expect(JSON.parse(alerts()[0]!)).toMatchObject({ level: 50, alert: 'sms-daily-cap-reached', cap: 1, day: '2026-11-25' });
    expect(lines.join('\n')).not.toContain('123456');
  });

  it('shares the count and the single alert between bot instances on one store', async () => {
    const a = setup(5);
    const b = new DailyCapSmsSender(a.inner, a.store, a.clock, a.logger, { cap: 5 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a.sender : b).send(SMS)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(a.inner.sent).toHaveLength(5);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ name: 'SmsRefused', reason: 'daily-cap-reached' });
    }
    expect(a.alerts()).toHaveLength(1);
  });

  it('gives the slot back when the provider refuses or fails', async () => {
    const { sender, inner } = setup(2);
    inner.refuseNext('invalid-number');
    await expect(sender.send(SMS)).rejects.toMatchObject({ reason: 'invalid-number' });
    inner.failNext();
    await expect(sender.send(SMS)).rejects.toBeInstanceOf(SmsUnavailable);
    expect(await sender.sentToday()).toBe(0);

    await sender.send(SMS);
    await sender.send(SMS);
    expect(inner.sent).toHaveLength(2);
  });

  it('starts counting afresh at midnight in Stockholm, with a new alert for the new day', async () => {
    const { sender, clock, alerts, inner } = setup(1);
    clock.set(Date.UTC(2026, 10, 25, 22, 59, 0)); // 23:59 in Stockholm
    await sender.send(SMS);
    await expect(sender.send(SMS)).rejects.toMatchObject({ reason: 'daily-cap-reached' });

    clock.set(Date.UTC(2026, 10, 25, 23, 0, 0)); // 00:00 on 26 November in Stockholm
    await sender.send(SMS);
    await expect(sender.send(SMS)).rejects.toMatchObject({ reason: 'daily-cap-reached' });

    expect(inner.sent).toHaveLength(2);
    expect(alerts().map((line) => (JSON.parse(line) as { day: string }).day)).toEqual(['2026-11-25', '2026-11-26']);
  });
});
