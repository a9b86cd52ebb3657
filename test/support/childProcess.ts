import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nobody listens on right now (the OS picks it; another process could still take it before we do). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout so far. */
  stdout(): string;
  /** stdout and stderr so far, for error messages. */
  output(): string;
  /** SIGTERM to this process only (by its PID), SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a program with its output captured (not inherited), so a suite can read what it printed. */
export function spawnCaptured(name: string, command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Spawned {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  let out = '';
  let all = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    all += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    all += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  return {
    name,
    pid,
    child,
    stdout: () => out,
    output: () => all,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs` with `describe()` in the message. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => string = () => ''): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** GET a local URL; undefined while nothing answers. */
export async function getText(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}
