import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { demoDirectory } from '../../src/adapters/memory/demoData';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { loadConfig } from '../../src/config';
import { StoreUnavailable } from '../../src/domain/errors';
import { startRotera, type RunningRotera } from '../../src/index';
import { healthRoutes, HEALTH_PATH, READY_PATH } from '../../src/teams/healthRoutes';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { activityLogContext, logBindings, useRequestContext } from '../../src/teams/requestContext';

describe('health probes and request ids', () => {
  let rotera: RunningRotera;
  let connector: BotConnectorFake;
  const directory = demoDirectory(new Date());
  const store = new MemoryStore();
  let storePing: () => Promise<void> = () => Promise.resolve();
  let draining = false;
  const lines: string[] = [];

  beforeAll(async () => {
    connector = await startBotConnectorFake();
    const logger = createPinoLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) }, mixin: logBindings });
    const routes = healthRoutes({ store: { ping: () => storePing() }, directory, logger, timeoutMs: 50, draining: () => draining });
    rotera = await startRotera(loadConfig({ NODE_ENV: 'test', PORT: '0', STORAGE: 'memory' }), {
      logger,
      store,
      directory,
      secrets: { codeKey: 'k'.repeat(40), historyPepper: 'p'.repeat(40) },
      routes,
    });
    useRequestContext(rotera.server);
    rotera.adapter.use(activityLogContext);
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
      const answer = await get(READY_PATH);
      expect(answer).toMatchObject({ status: 503, body: '{"status":"unavailable"}' });
    } finally {
      directory.setUnavailable(false);
    }
    expect(lines.some((l) => l.includes('"not ready"') && l.includes('"directory"') && l.includes('DirectoryUnavailable'))).toBe(true);
  });

  it('counts a store that does not answer within the timeout as unavailable', async () => {
    storePing = () => new Promise<void>(() => {});
    try {
      expect(await get(READY_PATH)).toMatchObject({ status: 503, body: '{"status":"unavailable"}' });
    } finally {
      storePing = () => Promise.resolve();
    }
  });

  it('counts a failing store as unavailable', async () => {
    storePing = () => Promise.reject(new StoreUnavailable('connection refused by 10.0.0.5'));
    try {
      const answer = await get(READY_PATH);
      expect(answer.status).toBe(503);
      expect(answer.body).not.toContain('10.0.0.5');
    } finally {
      storePing = () => Promise.resolve();
    }
  });

  it('reports unavailable while draining for shutdown, but alive', async () => {
    draining = true;
    try {
      expect((await get(READY_PATH)).status).toBe(503);
      expect((await get(HEALTH_PATH)).status).toBe(200);
    } finally {
      draining = false;
    }
  });

  it('gives each request an id, keeps a sane one from the caller, and replaces a hostile one', async () => {
    const mine = await get(HEALTH_PATH, { 'x-request-id': 'gateway-42' });
    expect(mine.requestId).toBe('gateway-42');
    const fresh = await get(HEALTH_PATH);
    expect(fresh.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await get(HEALTH_PATH, { 'x-request-id': 'x'.repeat(200) });
    expect(hostile.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id and the activity id on the log lines of a turn', async () => {
    const before = lines.length;
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
    const turnLines = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(turnLines.length).toBeGreaterThan(0);
    expect(turnLines.some((l) => l.requestId === 'turn-req-1' && l.activityId === 'activity-log-1')).toBe(true);
    expect(turnLines.filter((l) => l.requestId !== undefined).every((l) => l.requestId === 'turn-req-1')).toBe(true);
  });
});
