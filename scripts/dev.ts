/**
 * `npm run dev`: the bot on http://127.0.0.1:3978/api/messages (memory demo directory, console SMS, SQLite)
 * and the Microsoft 365 Agents Playground as the Teams client on http://127.0.0.1:56150. Ctrl-C stops both.
 * PLAYGROUND_LOCALE=en_US.UTF-8 makes the Playground's user English-speaking (Swedish by default).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');
const BOT_HOST = '127.0.0.1';
const BOT_PORT = Number(process.env.PORT ?? 3978);
const PLAYGROUND_PORT = Number(process.env.PLAYGROUND_PORT ?? 56150);
const botEndpoint = `http://${BOT_HOST}:${BOT_PORT}/api/messages`;

const children: ChildProcess[] = [];
let stopping = false;

function start(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
    stop(code ?? 1);
  });
  return child;
}

function stop(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null && c.pid !== undefined);
  for (const child of alive) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of alive) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, 5000);
  force.unref();
  void Promise.all(alive.map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(exitCode));
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: BOT_HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (stopping) return;
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

async function playgroundReady(): Promise<boolean> {
  try {
    const res = await fetch(`http://${BOT_HOST}:${PLAYGROUND_PORT}/_debug/ping`);
    return (await res.text()).includes('pong');
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));

  if (await portOpen(BOT_PORT)) throw new Error(`port ${BOT_PORT} is already in use: is another Rotera running?`);
  start('the bot', ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], { ...process.env, HOST: BOT_HOST, PORT: String(BOT_PORT) });
  await waitFor('the bot', () => portOpen(BOT_PORT));

  start(
    'the Agents Playground',
    [
      resolve(root, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
      '--app-endpoint', botEndpoint,
      '--channel-id', 'msteams',
      '--port', String(PLAYGROUND_PORT),
      '--disable-telemetry',
    ],
    {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      // The Playground stamps every activity with its own process's locale: Swedish unless asked otherwise.
      LC_ALL: process.env.PLAYGROUND_LOCALE ?? 'sv_SE.UTF-8',
    },
  );
  await waitFor('the Agents Playground', playgroundReady);

  console.log(
    [
      '',
      '  Rotera is running.',
      `    Bot:        ${botEndpoint}`,
      `    Open Teams: http://${BOT_HOST}:${PLAYGROUND_PORT}   (Microsoft 365 Agents Playground, signed in as Anna Lindqvist)`,
      '  Codes sent by SMS appear in this terminal as the simulated phone. Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  stop(1);
});
