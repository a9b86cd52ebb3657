/**
 * stop() (what SIGTERM calls) lets a rotation sweep already under way finish: the nudges the slow Bot
 * Connector is still answering are sent, and the sweep's ledger and summary reach the SQLite store before
 * stop() closes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { startRotera, type RunningRotera } from '../../src/index';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { DEMO_PEOPLE, demoDirectory } from '../../src/adapters/memory/demoData';
import { SqliteStore } from '../../src/adapters/sqlite/SqliteStore';
import { lastSweepSummary, type SweepSummary } from '../../src/app/sendRotationNudges';
import { LEDGER_PREFIX, type LedgerEntry } from '../../src/app/nudgeLedger';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { captureLogs } from '../support/logCapture';

async function waitFor(predicate: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('shutdown during a rotation sweep', () => {
  let fake: BotConnectorFake;
  let rotera: RunningRotera | undefined;
  let dir: string;
  // Wednesday 25 November 2026, 08:30 in Stockholm: a day and hour the sweep sends.
  const clock = new ManualClock(Date.parse('2026-11-25T07:30:00Z'));

  beforeAll(async () => {
    fake = await startBotConnectorFake();
    dir = mkdtempSync(join(tmpdir(), 'rotera-sweep-stop-'));
  });

  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the sweep to write its ledger before closing the store', async () => {
    const file = join(dir, 'rotera.sqlite');
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', STORAGE: 'sqlite', SQLITE_FILE: file, SWEEP_ENABLED: 'false', DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const running = await startRotera(config, {
      logger: captureLogs().logger,
      clock,
      directory: demoDirectory(clock.now(), clock),
      sms: new RecordingSmsSender(),
      secrets: { codeKey: 'integration-code-key-0123456789-0123', historyPepper: 'integration-pepper-0123456789-012345' },
    });
    rotera = running;

    // Anna writes first, so the sweep knows her chat.
    const hello = await fetch(running.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'hej',
        id: 'incoming-1',
        channelId: 'msteams',
        serviceUrl: fake.serviceUrl,
        locale: 'sv-SE',
        from: { id: '29:anna', name: 'Anna Lindqvist', aadObjectId: DEMO_PEOPLE.anna.aadObjectId },
        recipient: { id: '28:rotera', name: 'Rotera' },
        conversation: { id: 'a:anna-rotera', conversationType: 'personal', tenantId: 'tenant-1' },
        channelData: { tenant: { id: 'tenant-1' } },
      }),
    });
    expect(hello.status).toBe(200);

    // Every nudge now waits on the connector: the sweep is still sending when stop() is called.
    fake.delayMs = 400;
    const events: string[] = [];
    const sweep = running.rotationSweep.runOnce().then(
      (summary) => {
        events.push('sweep finished');
        return summary;
      },
      (error: unknown) => {
        events.push('sweep failed');
        throw error;
      },
    );
    // A nudge is claimed in the ledger before it is sent: a claim means a send is waiting on the connector.
    await waitFor(async () => {
      for await (const entry of running.store.list<LedgerEntry>(LEDGER_PREFIX)) if (entry.value.state === 'claimed') return true;
      return false;
    }, 'a nudge to be on its way');
    expect(events).toEqual([]);
    await running.stop();
    events.push('stopped');
    rotera = undefined;
    fake.delayMs = 0;

    expect(events).toEqual(['sweep finished', 'stopped']);
    const summary: SweepSummary = await sweep;
    expect(summary.delivered).toBe(2);
    const reopened = new SqliteStore(file, { clock });
    try {
      const entries: LedgerEntry[] = [];
      for await (const entry of reopened.list<LedgerEntry>(LEDGER_PREFIX)) entries.push(entry.value);
      // Nothing left 'claimed' by a sweep cut off mid-send; Anna's nudges for both accounts recorded as delivered.
      expect(entries.filter((e) => e.state === 'claimed')).toEqual([]);
      expect([...new Set(entries.filter((e) => e.state === 'delivered').map((e) => e.account))].sort()).toEqual(['hemtjanstab', 'hemvardsgruppen']);
      expect((await lastSweepSummary(reopened))?.delivered).toBe(2);
    } finally {
      reopened.close();
    }
  });

  afterEach(async () => {
    await rotera?.stop();
  });
});
