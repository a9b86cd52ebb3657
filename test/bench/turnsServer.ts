/**
 * The server side of test/bench/turns.ts, in its own process so its resident memory is Rotera's alone:
 * the real HTTP server (startRotera) with Bot Framework authentication against the bench's local Entra fake,
 * a generated memory directory, a recording SMS sender, and a plain botbuilder echo bot on the same adapter
 * and server (POST /api/echo) as the baseline. Prints `READY <url>` when it listens.
 *
 * Bench-only routes: GET /bench/code?account=… (the newest code sent for that account, what the user would
 * read off their phone) and POST /bench/gc (a full GC, so memory figures are not GC timing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityHandler } from 'botbuilder';
import type { Request, Response } from 'restify';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { generatedDirectory } from '../../src/adapters/memory/demoData';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { createConfidentialClient } from '../../src/adapters/graph/entraApp';
import { loadConfig } from '../../src/config';
import { startRotera, type RunningRotera } from '../../src/index';
import { msalBotCredentials } from '../../src/teams/botAuthentication';
import { fetchTrusting } from '../support/testTls';

export interface TurnsServerSettings {
  readonly accounts: number;
  readonly store: 'memory' | 'sqlite';
  readonly appId: string;
  readonly appSecret: string;
  readonly tenantId: string;
  readonly authorityHost: string;
  readonly ca: string;
  readonly botFrameworkSettings: Record<string, string>;
}

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

async function main(): Promise<void> {
  const raw = process.env.TURNS_SERVER_SETTINGS;
  if (!raw) throw new Error('TURNS_SERVER_SETTINGS is not set: start this through test/bench/turns.ts');
  const s = JSON.parse(raw) as TurnsServerSettings;
  const dataDir = mkdtempSync(join(tmpdir(), 'rotera-bench-data-'));
  const sms = new RecordingSmsSender();
  const echo = new EchoBot();
  let rotera: RunningRotera | undefined = undefined;

  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    STORAGE: s.store,
    DIRECTORY: 'memory',
    LOG_LEVEL: 'warn',
    SWEEP_ENABLED: 'false',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppId: s.appId,
    MicrosoftAppPassword: s.appSecret,
    MicrosoftAppTenantId: s.tenantId,
    ...s.botFrameworkSettings,
  });
  const app = createConfidentialClient({
    tenantId: s.tenantId,
    clientId: s.appId,
    clientSecret: s.appSecret,
    authorityHost: s.authorityHost,
    fetch: fetchTrusting(s.ca),
  });
  rotera = await startRotera(config, {
    logger: createPinoLogger({ level: 'warn', destination: process.stderr }),
    directory: generatedDirectory(s.accounts, s.accounts, new Date()),
    sms,
    secrets: { codeKey: 'bench-code-key-'.padEnd(48, 'k'), historyPepper: 'bench-history-pepper-'.padEnd(48, 'p') },
    credentialsFactory: msalBotCredentials(s.appId, app),
    routes: [
      {
        method: 'post',
        path: '/api/echo',
        handler: async (req: Request, res: Response) => {
          if (!rotera) throw new Error('not started');
          await rotera.adapter.process(req, res, (context) => echo.run(context));
        },
      },
      {
        method: 'get',
        path: '/bench/code',
        handler: async (req: Request, res: Response) => {
          const account = new URL(req.url ?? '', 'http://bench').searchParams.get('account') ?? '';
          if (!/^konto\d+$/.test(account)) return void res.send(400, { code: null });
          const pattern = new RegExp(`\\b${account}\\b`);
          for (let i = sms.sent.length - 1; i >= 0; i -= 1) {
            const body = sms.sent[i]?.body ?? '';
            const code = pattern.test(body) ? /\b(\d{6})\b/.exec(body)?.[1] : undefined;
            if (code) return void res.send(200, { code });
          }
          res.send(404, { code: null });
        },
      },
      {
        method: 'post',
        path: '/bench/gc',
        handler: async (_req: Request, res: Response) => {
          (globalThis as { gc?: () => void }).gc?.();
          res.send(200, { gc: typeof (globalThis as { gc?: unknown }).gc === 'function', ...process.memoryUsage() });
        },
      },
    ],
  });
  process.stdout.write(`READY ${rotera.url}\n`);

  const stop = () => {
    void (rotera?.stop() ?? Promise.resolve()).finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
