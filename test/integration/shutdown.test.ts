/**
 * SIGTERM on the real program (src/index.ts in its own process): a turn in flight finishes and gets its answer,
 * then the process exits 0; nothing new is accepted meanwhile.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { freePort, spawnCaptured, type Spawned } from '../support/childProcess';

const ROOT = resolve(__dirname, '../..');

async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exitOf(program: Spawned): Promise<number | null> {
  const { child } = program;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

describe('graceful shutdown on SIGTERM', () => {
  let connector: BotConnectorFake;
  let program: Spawned | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    connector = await startBotConnectorFake();
  });

  afterAll(async () => {
    await program?.stop(2000);
    await connector?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets the turn in flight finish, refuses new work, and exits 0', async () => {
    const port = await freePort();
    dataDir = resolve(ROOT, '.tmp', `shutdown-${port}`);
    program = spawnCaptured('rotera', process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'info', DATA_DIR: dataDir },
    });
    const running = program;
    await waitFor(() => running.stdout().includes('Rotera is listening'), 'the program to listen');
    const base = `http://127.0.0.1:${port}`;

    // The reply to this message is held by the connector: the turn is in flight when SIGTERM arrives.
    connector.delayMs = 1500;
    const inFlight = fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'hjälp',
        id: 'shutdown-1',
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: '29:anna', name: 'Anna Lindqvist', aadObjectId: '00000000-0000-0000-0000-00000000a001' },
        recipient: { id: '28:rotera' },
        conversation: { id: 'a:shutdown', conversationType: 'personal' },
        locale: 'sv-SE',
      }),
    }).then(async (response) => ({ status: response.status, body: await response.text() }));
    await waitFor(() => connector.requests.some((r) => r.conversationId === 'a:shutdown'), 'the turn to reach the connector');

    const exited = exitOf(running);
    process.kill(running.pid, 'SIGTERM');
    await waitFor(() => running.stdout().includes('stopping'), 'the shutdown to begin');
    await expect(fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();

    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    connector.delayMs = 0;
  });
});
