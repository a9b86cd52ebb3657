/**
 * Turn benchmark: N simulated Teams users run routine 3 (reset) concurrently against the real HTTP server with
 * Bot Framework authentication on, and, in the same run, the same harness drives a plain botbuilder echo bot on
 * the same adapter and server (the baseline). Also cold start (process start to 200 on /readyz) and resident memory.
 * Not run by jest.
 *
 *   npm run bench -- turns [--users 50] [--routines 1000] [--store sqlite|memory] [--cold-starts 3] [--profile DIR]
 *
 * The server runs in its own process (test/bench/turnsServer.ts) so its memory is Rotera's alone; this process runs
 * the load, the Entra/OpenID fake (channel tokens, token endpoint) and the Bot Connector fake (outgoing replies).
 * A routine is 4 turns: "byt lösenord" (message) -> choose the account (Action.Execute) -> the SMS code (Action.Execute)
 * -> the new password twice (Action.Execute). The baseline routine is 4 messages to the echo bot.
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cardTexts } from '../../src/i18n/cards';
import { Verb } from '../../src/teams/cards/verbs';
import { startBotConnectorFake, type BotConnectorFake } from '../support/botConnectorFake';
import { freePort, getText, spawnCaptured, waitUntil, type Spawned } from '../support/childProcess';
import { startEntraFake, type EntraFake } from '../servers/entraFake';
import type { TurnsServerSettings } from './turnsServer';

const ROOT = resolve(__dirname, '../..');
const APP_ID = '7b1c0d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e';
const APP_SECRET = 'bench-bot-client-secret';
const NEW_PASSWORD = 'Rosenkvist-Pendel+83';
const WARMUP_ROUTINES = Number(process.env.BENCH_WARMUP ?? 20);

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? (process.argv[index + 1] as string) : fallback;
}
const USERS = Number(option('users', '50'));
const ROUTINES = Number(option('routines', '1000'));
const STORE = option('store', 'sqlite') === 'memory' ? 'memory' : 'sqlite';
const COLD_STARTS = Number(option('cold-starts', '3'));

const pad = (n: number) => String(n).padStart(5, '0');
const person = (n: number) => ({ id: `29:bench-person-${n}`, name: `Person ${pad(n)}`, aadObjectId: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}` });

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? Number.NaN) / 1024;
}

interface PhaseResult {
  readonly name: string;
  readonly turns: number;
  readonly routines: number;
  readonly failures: number;
  /** The first few reasons, to show what went wrong. */
  readonly reasons: string[];
  readonly seconds: number;
  readonly latencies: number[];
  /** Latencies per step of the routine (sorted), to see which turn costs what. */
  readonly steps: Map<string, number[]>;
}

interface Recorder {
  readonly all: number[];
  readonly steps: Map<string, number[]>;
}

class Harness {
  private counter = 0;
  private readonly tokens = new Map<number, string>();

  constructor(
    private readonly url: string,
    private readonly entra: EntraFake,
    private readonly connector: BotConnectorFake,
  ) {}

  /** The channel's token for this user's requests: signed once, outside the timed part, like the real channel's cache. */
  token(user: number): string {
    let token = this.tokens.get(user);
    if (!token) {
      token = this.entra.signChannelToken({ appId: APP_ID, serviceUrl: this.connector.serviceUrl });
      this.tokens.set(user, token);
    }
    return token;
  }

  activity(user: number, fields: Record<string, unknown>): Record<string, unknown> {
    this.counter += 1;
    return {
      id: `bench-${this.counter}`,
      channelId: 'msteams',
      serviceUrl: this.connector.serviceUrl,
      from: person(user),
      recipient: { id: `28:${APP_ID}`, name: 'Rotera' },
      conversation: { id: `a:bench-conversation-${user}`, conversationType: 'personal', tenantId: this.entra.tenantId },
      channelData: { tenant: { id: this.entra.tenantId } },
      locale: 'sv-SE',
      timestamp: new Date().toISOString(),
      ...fields,
    };
  }

  /** One turn: POST and read the answer. Returns the latency in ms and the body. */
  async turn(step: string, path: string, user: number, activity: Record<string, unknown>, recorder: Recorder): Promise<{ status: number; body: string }> {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.token(user)}` };
    const payload = JSON.stringify(activity);
    const start = performance.now();
    const response = await fetch(`${this.url}${path}`, { method: 'POST', headers, body: payload });
    const body = await response.text();
    const ms = performance.now() - start;
    recorder.all.push(ms);
    const forStep = recorder.steps.get(step) ?? [];
    forStep.push(ms);
    recorder.steps.set(step, forStep);
    return { status: response.status, body };
  }

  invoke(user: number, data: Record<string, string>): Record<string, unknown> {
    return this.activity(user, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: `bench-card-${user}`,
      value: { action: { type: 'Action.Execute', verb: data.verb, data }, trigger: 'manual' },
    });
  }

  async code(account: string): Promise<string> {
    const answer = await getText(`${this.url}/bench/code?account=${account}`);
    const code = answer?.status === 200 ? (JSON.parse(answer.body) as { code: string }).code : undefined;
    if (!code) throw new Error(`no code was sent for ${account}`);
    return code;
  }

  /** Routine 3 for person `n`, on the account they manage (konto n). Null when it ended with "password changed", else why not. */
  async resetRoutine(n: number, latencies: Recorder): Promise<string | null> {
    const account = `konto${pad(n)}`;
    const first = await this.turn('1 message "byt lösenord"', '/api/messages', n, this.activity(n, { type: 'message', text: 'byt lösenord' }), latencies);
    if (first.status >= 300) return `message: ${first.status} ${first.body.slice(0, 200)}`;
    const chosen = await this.turn('2 choose account, SMS', '/api/messages', n, this.invoke(n, { verb: Verb.chooseAccount, account }), latencies);
    if (chosen.status >= 300) return `choose: ${chosen.status} ${chosen.body.slice(0, 200)}`;
    const code = await this.code(account);
    const verified = await this.turn('3 code', '/api/messages', n, this.invoke(n, { verb: Verb.submitResetCode, code }), latencies);
    if (verified.status >= 300 || !verified.body.includes(cardTexts.sv.newPassword.label)) return `code: ${verified.status} ${/"text":"([^"]*)","color":"Attention"/.exec(verified.body)?.[1] ?? verified.body.slice(0, 300)}`;
    const changed = await this.turn(
      '4 new password',
      '/api/messages',
      n,
      this.invoke(n, { verb: Verb.submitNewPassword, newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD }),
      latencies,
    );
    if (changed.status === 200 && changed.body.includes(cardTexts.sv.passwordChanged.title)) return null;
    return `new password: ${changed.status} ${changed.body.slice(0, 400)}`;
  }

  /** The baseline: as many plain message turns to the echo bot. */
  async echoRoutine(n: number, latencies: Recorder): Promise<string | null> {
    for (const text of ['byt lösenord', 'konto', '123456', 'lösenord']) {
      const answer = await this.turn('echo', '/api/echo', n, this.activity(n, { type: 'message', text }), latencies);
      if (answer.status >= 300) return `echo: ${answer.status} ${answer.body.slice(0, 200)}`;
    }
    return null;
  }
}

/** `users` concurrent users work through `routines` routines (user numbers `first`, `first + 1`, …). */
async function phase(name: string, users: number, routines: number, first: number, run: (n: number, recorder: Recorder) => Promise<string | null>): Promise<PhaseResult> {
  const recorder: Recorder = { all: [], steps: new Map() };
  const reasons: string[] = [];
  let next = 0;
  let failures = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(users, routines) }, async () => {
      while (next < routines) {
        const n = first + next;
        next += 1;
        const reason = await run(n, recorder).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
        if (reason !== null) {
          failures += 1;
          if (reasons.length < 3) reasons.push(`#${n}: ${reason}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const sort = (values: number[]) => values.sort((a, b) => a - b);
  const steps = new Map([...recorder.steps].map(([step, values]) => [step, sort(values)] as const));
  return { name, turns: recorder.all.length, routines, failures, reasons, seconds, latencies: sort(recorder.all), steps };
}

/** Process start to 200 on /readyz, for the development entry point (tsx) and the built one when present. */
async function coldStart(command: string, args: string[], label: string): Promise<{ label: string; ms: number[]; idleRssMb: number[]; readyz: boolean }> {
  const ms: number[] = [];
  const idle: number[] = [];
  let readyz = true;
  for (let i = 0; i < COLD_STARTS; i += 1) {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'rotera-bench-cold-'));
    const start = performance.now();
    const child: Spawned = spawnCaptured(label, command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, STORAGE: 'sqlite', DIRECTORY: 'memory', SMS_PROVIDER: 'console', SWEEP_ENABLED: 'false', LOG_LEVEL: 'warn', MicrosoftAppId: '' },
    });
    try {
      const answer = await waitUntil(`${label} /readyz`, async () => {
        const r = await getText(`http://127.0.0.1:${port}/readyz`);
        return r && (r.status === 200 || r.status === 404) ? r : undefined;
      }, 60_000, () => child.output());
      ms.push(performance.now() - start);
      if (answer.status !== 200) readyz = false;
      await new Promise((r) => setTimeout(r, 2000));
      idle.push(rssMb(child.pid));
    } finally {
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { label, ms, idleRssMb: idle, readyz };
}

function row(cells: Array<string | number>, widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Rotera turn benchmark — ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
  console.log(`users ${USERS}, routines ${ROUTINES} (+${WARMUP_ROUTINES} warm-up), store ${STORE}, Bot Framework auth on (local Entra/OpenID fake)\n`);

  // Cold start first, while nothing else runs.
  const colds = [await coldStart(process.execPath, ['--import', 'tsx', 'src/index.ts'], 'tsx src/index.ts')];
  try {
    readFileSync(join(ROOT, 'dist/src/index.js'));
    colds.push(await coldStart(process.execPath, ['dist/src/index.js'], 'node dist/src/index.js'));
  } catch {
    // not built: `npm run build` first to measure the production entry point too
  }

  const entra = await startEntraFake();
  entra.registerClient(APP_ID, { secret: APP_SECRET });
  const connector = await startBotConnectorFake();
  const settings: TurnsServerSettings = {
    accounts: ROUTINES + WARMUP_ROUTINES + 1,
    store: STORE,
    appId: APP_ID,
    appSecret: APP_SECRET,
    tenantId: entra.tenantId,
    authorityHost: entra.authorityHost,
    ca: entra.ca,
    botFrameworkSettings: entra.botFrameworkSettings(),
  };
  // --profile DIR: a V8 CPU profile of the server (open it in Chrome DevTools, or summarise it with --summary).
  const profile = process.argv.includes('--profile') ? [`--cpu-prof`, `--cpu-prof-dir=${option('profile', '.tmp/profile')}`] : [];
  const server = spawnCaptured('bench server', process.execPath, ['--expose-gc', ...profile, '--import', 'tsx', join(__dirname, 'turnsServer.ts')], {
    cwd: ROOT,
    env: { ...process.env, TURNS_SERVER_SETTINGS: JSON.stringify(settings) },
  });
  let forget: NodeJS.Timeout | undefined;
  try {
    const url = await waitUntil('bench server', () => /READY (\S+)/.exec(server.stdout())?.[1], 60_000, () => server.output());
    const gcRss = async () => {
      await fetch(`${url}/bench/gc`, { method: 'POST' }).then((r) => r.text());
      return rssMb(server.pid);
    };
    await new Promise((r) => setTimeout(r, 1000));
    const idleRss = await gcRss();
    const harness = new Harness(url, entra, connector);

    // The connector fake keeps every request for tests; the bench has no use for them and they would fill this process.
    forget = setInterval(() => connector.requests.splice(0, connector.requests.length), 1000);
    const warm = await phase('warm-up', Math.min(USERS, WARMUP_ROUTINES), WARMUP_ROUTINES, ROUTINES + 1, (n, l) => harness.resetRoutine(n, l));
    await phase('warm-up echo', USERS, WARMUP_ROUTINES * 5, 1, (n, l) => harness.echoRoutine(n, l));
    if (warm.failures > 0) throw new Error(`${warm.failures} warm-up routines failed:\n${warm.reasons.join('\n')}\n${server.output().slice(-3000)}`);

    const baseline = await phase('echo bot (baseline)', USERS, ROUTINES, 1, (n, l) => harness.echoRoutine(n, l));
    const rotera = await phase('Rotera reset routine', USERS, ROUTINES, 1, (n, l) => harness.resetRoutine(n, l));
    const afterRss = rssMb(server.pid);
    const afterGcRss = await gcRss();

    const widths = [28, 8, 9, 10, 9, 9, 9, 9];
    console.log(row(['', 'turns', 'failures', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], widths));
    for (const r of [baseline, rotera]) {
      console.log(
        row(
          [r.name, r.turns, r.failures, (r.turns / r.seconds).toFixed(0), ...[50, 95, 99, 100].map((p) => percentile(r.latencies, p).toFixed(1))],
          widths,
        ),
      );
    }
    for (const [step, values] of rotera.steps) {
      console.log(row([`  ${step}`, values.length, '', '', ...[50, 95, 99, 100].map((p) => percentile(values, p).toFixed(1))], widths));
    }
    for (const r of [baseline, rotera]) if (r.failures > 0) console.log(`${r.name}: ${r.failures} failed, e.g.\n  ${r.reasons.join('\n  ')}`);
    const ratio = (p: number) => (percentile(rotera.latencies, p) / percentile(baseline.latencies, p)).toFixed(1);
    console.log(
      `\nRotera / baseline: throughput ${((rotera.turns / rotera.seconds) / (baseline.turns / baseline.seconds)).toFixed(2)}×, ` +
        `latency p50 ${ratio(50)}×, p95 ${ratio(95)}×, p99 ${ratio(99)}×`,
    );
    console.log(`Rotera routines: ${rotera.routines - rotera.failures}/${rotera.routines} completed in ${rotera.seconds.toFixed(1)} s (${(rotera.routines / rotera.seconds).toFixed(1)} routines/s)\n`);

    for (const c of colds) {
      const sorted = [...c.ms].sort((a, b) => a - b);
      console.log(
        `cold start, ${c.label}: median ${percentile(sorted, 50).toFixed(0)} ms (runs: ${c.ms.map((m) => m.toFixed(0)).join(', ')})` +
          `${c.readyz ? '' : ' [no /readyz route yet: first HTTP answer]'}; RSS idle ${percentile([...c.idleRssMb].sort((a, b) => a - b), 50).toFixed(0)} MB`,
      );
    }
    console.log(`bench server RSS (memory directory of ${settings.accounts} accounts): idle ${idleRss.toFixed(0)} MB (after GC)`);
    console.log(`  after ${rotera.routines} routines + ${baseline.routines} echo routines: ${afterRss.toFixed(0)} MB, ${afterGcRss.toFixed(0)} MB after GC`);
  } finally {
    clearInterval(forget);
    await server.stop();
    await connector.close();
    await entra.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
