import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { recordSmsDelivery, type DeliveryProblem } from '../../src/app/recordSmsDelivery';

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 32, 0));
  const store = new MemoryStore(clock);
  const logger = createPinoLogger({ level: 'silent' });
  return { clock, store, deps: { store, clock, logger } };
}

const SID = `SM${'0'.repeat(32)}`;

describe('recordSmsDelivery', () => {
  it('reports a delivered message with the time it was reported', async () => {
    const { deps } = setup();
    await expect(recordSmsDelivery(deps, { providerMessageId: SID, status: 'delivered', errorCode: null })).resolves.toEqual({
      kind: 'delivered',
      at: new Date(Date.UTC(2026, 10, 25, 9, 32, 0)),
    });
  });

  it.each([
    [30003, 'unreachable'],
    [30005, 'unknown-number'],
    [30006, 'not-a-mobile'],
    [30007, 'filtered'],
    [30008, 'other'],
    [null, 'other'],
  ] as const)('turns error %p of an undelivered message into %s', async (errorCode, problem: DeliveryProblem) => {
    const { deps } = setup();
    const outcome = await recordSmsDelivery(deps, { providerMessageId: SID, status: 'undelivered', errorCode });
    expect(outcome).toMatchObject({ kind: 'failed', problem, errorCode });
  });

  it('treats failed like undelivered', async () => {
    const { deps } = setup();
    await expect(recordSmsDelivery(deps, { providerMessageId: SID, status: 'failed', errorCode: 30005 })).resolves.toMatchObject({ kind: 'failed', problem: 'unknown-number' });
  });

  it.each(['queued', 'accepted', 'sending', 'sent'])('shows nothing yet for %s', async (status) => {
    const { deps } = setup();
    await expect(recordSmsDelivery(deps, { providerMessageId: SID, status, errorCode: null })).resolves.toEqual({ kind: 'in-progress' });
  });

  it('acts on a report once: a replay of the same message and status changes nothing', async () => {
    const { deps } = setup();
    const report = { providerMessageId: SID, status: 'delivered', errorCode: null };
    await expect(recordSmsDelivery(deps, report)).resolves.toMatchObject({ kind: 'delivered' });
    await expect(recordSmsDelivery(deps, report)).resolves.toEqual({ kind: 'replay' });
    await expect(recordSmsDelivery(deps, { ...report, status: 'DELIVERED' })).resolves.toEqual({ kind: 'replay' });
  });

  it('acts once when the same report reaches two instances at the same moment', async () => {
    const { deps } = setup();
    const report = { providerMessageId: SID, status: 'undelivered', errorCode: 30003 };
    const outcomes = await Promise.all([recordSmsDelivery(deps, report), recordSmsDelivery(deps, report)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['failed', 'replay']);
  });

  it('remembers reports for two days, then forgets them', async () => {
    const { deps, clock } = setup();
    const report = { providerMessageId: SID, status: 'sent', errorCode: null };
    await recordSmsDelivery(deps, report);
    clock.advance(47 * 60 * 60 * 1000);
    await expect(recordSmsDelivery(deps, report)).resolves.toEqual({ kind: 'replay' });
    clock.advance(2 * 60 * 60 * 1000);
    await expect(recordSmsDelivery(deps, report)).resolves.toEqual({ kind: 'in-progress' });
  });
});
