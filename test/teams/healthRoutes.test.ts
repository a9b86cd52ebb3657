import type { Request, Response } from 'restify';
import { demoDirectory } from '../../src/adapters/memory/demoData';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { loadConfig } from '../../src/config';
import { StoreUnavailable } from '../../src/domain/errors';
import { startRotera, type RunningRotera } from '../../src/index';
import { healthRoutes, HEALTH_PATH, READY_PATH, type HealthRoutesOptions } from '../../src/teams/healthRoutes';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { captureLogs } from '../support/logCapture';

/** A memory store whose readiness answer the test decides. */
class ProbedStore extends MemoryStore {
  pingWith: () => Promise<void> = () => Promise.resolve();
  override ping(): Promise<void> {
    return this.pingWith();
  }
}

/** Calls the /readyz handler directly, for cases that need a short timeout or a draining flag. */
async function ready(options: Partial<HealthRoutesOptions>): Promise<{ status: number; body: unknown }> {
  const logs = captureLogs();
  const route = healthRoutes({ store: new MemoryStore(), directory: demoDirectory(new Date()), logger: logs.logger, ...options }).find((r) => r.path === READY_PATH);
  let answer: { status: number; body: unknown } = { status: 0, body: null };
  const res = { header: () => undefined, send: (status: number, body: unknown) => (answer = { status, body }) } as unknown as Response;
  await route?.handler({} as Request, res);
  return answer;
}

describe('health probes and request ids on the real server', () => {
  let rotera: RunningRotera;
  let connector: BotConnectorFake;
  const directory = demoDirectory(new Date());
  const store = new ProbedStore();
  const logs = captureLogs();

  beforeAll(async () => {
    connector = await startBotConnectorFake();
    rotera = await startRotera(loadConfig({ NODE_ENV: 'test', PORT: '0', STORAGE: 'memory' }), {
      logger: logs.logger,
      store,
      directory,
      secrets: { codeKey: 'k'.repeat(40), historyPepper: 'p'.repeat(40) },
    });
  });

  afterAll(async () => {
    await rotera?.stop();
    await connector?.close();
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; requestId: string | null }> {
    const response = await fetch(`${rotera.url}${path}`, { headers });
    return { status: response.status, body: await response.text(), requestId: response.headers.get('x-request-id') };
  }

  it('answers /healthz with ok', async () => {
    expect(await get(HEALTH_PATH)).toMatchObject({ status: 200, body: '{"status":"ok"}' });
  });

  it('answers /readyz with ok when the store and the directory answer', async () => {
    expect(await get(READY_PATH)).toMatchObject({ status: 200, body: '{"status":"ok"}' });
  });

  it('answers 503 with no detail when the directory is down, and logs which one failed', async () => {
    directory.setUnavailable(true);
    try {
      expect(await get(READY_PATH)).toMatchObject({ status: 503, body: '{"status":"unavailable"}' });
    } finally {
      directory.setUnavailable(false);
    }
    expect(logs.lines.some((l) => l.includes('"not ready"') && l.includes('"directory"') && l.includes('DirectoryUnavailable'))).toBe(true);
  });

  it('answers 503 without the reason when the store fails', async () => {
    store.pingWith = () => Promise.reject(new StoreUnavailable('connection refused by 10.0.0.5'));
    try {
      const answer = await get(READY_PATH);
      expect(answer).toMatchObject({ status: 503, body: '{"status":"unavailable"}' });
    } finally {
      store.pingWith = () => Promise.resolve();
    }
  });

  it('counts a store that does not answer within the timeout as unavailable', async () => {
    expect(await ready({ store: { ping: () => new Promise<void>(() => {}) }, timeoutMs: 30 })).toEqual({ status: 503, body: { status: 'unavailable' } });
  });

  it('reports unavailable while draining for shutdown', async () => {
    expect(await ready({ draining: () => true })).toEqual({ status: 503, body: { status: 'unavailable' } });
    expect(await ready({ draining: () => false })).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('gives each request an id, keeps a sane one from the caller, and replaces a hostile one', async () => {
    expect((await get(HEALTH_PATH, { 'x-request-id': 'gateway-42' })).requestId).toBe('gateway-42');
    expect((await get(HEALTH_PATH)).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get(HEALTH_PATH, { 'x-request-id': 'x'.repeat(200) })).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id and the activity id on the log lines of a turn', async () => {
    const before = logs.lines.length;
    const response = await fetch(rotera.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'turn-req-1' },
      body: JSON.stringify({
        type: 'message',
        text: 'hjälp',
        id: 'activity-log-1',
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: '29:anna', name: 'Anna', aadObjectId: '00000000-0000-0000-0000-00000000a001' },
        recipient: { id: '28:rotera' },
        conversation: { id: 'a:log-context', conversationType: 'personal' },
        locale: 'sv-SE',
      }),
    });
    await response.text();
    const turnLines = logs.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(turnLines.some((l) => l.requestId === 'turn-req-1' && l.activityId === 'activity-log-1')).toBe(true);
    expect(turnLines.filter((l) => l.requestId !== undefined).every((l) => l.requestId === 'turn-req-1')).toBe(true);
  });
});
