/**
 * Captures every structured log line of a test in memory, so a test can prove that no password or code
 * it used was ever logged. Pass `logger` to startRotera / createUseCases / RoteraBot.
 *
 * Suite-wide check (issues 2 and 5): every `captureLogs()` of a test file is remembered (jest gives each
 * test file its own module registry, so "the suite" is the file), harnesses put the passwords and codes
 * they handle into `secretsSeen`, and `checkLogsAfterAll()` at the top of a suite fails it when any of
 * them appears in any line captured during the suite.
 */
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import type { Logger } from '../../src/ports/Logger';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Raw JSON lines, in order. */
  readonly lines: string[];
  /** Throws naming the line (never the secret) if any secret appears in any captured line. */
  assertNoSecrets(secrets: readonly string[]): void;
}

/** Timestamps and pids are long digit runs in which a six-digit code could appear by chance. */
const NUMERIC_NOISE = /"(time|pid)":\d+/g;

function containsSecret(line: string, secret: string): boolean {
  if (/^\d+$/.test(secret)) {
    // A code counts only as a number of its own, not as digits inside a longer number.
    return new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(line.replace(NUMERIC_NOISE, ''));
  }
  return line.includes(secret);
}

function assertClean(lines: readonly string[], secrets: Iterable<string>): void {
  if (lines.length === 0) throw new Error('no log lines were captured: is the logger wired in?');
  for (const secret of secrets) {
    if (secret.length < 4) throw new Error('a secret to look for must have at least 4 characters');
    const index = lines.findIndex((line) => containsSecret(line, secret));
    if (index !== -1) throw new Error(`a secret (${secret.length} characters) appears in captured log line ${index + 1} of ${lines.length}`);
  }
}

/** Every capture made in this test file, for the suite-wide check. */
const suiteCaptures: CapturedLogs[] = [];
/** Output of child processes (a bot run by `node src/index.ts`), read at check time. */
const suiteOutputs: Array<() => string> = [];

/**
 * Counts the pino lines of a child process's output as captured. Only the JSON lines: the console SMS
 * adapter deliberately prints the code to the same stdout (the simulated phone).
 */
export function captureOutput(read: () => string): void {
  suiteOutputs.push(read);
}

const pinoLinesIn = (output: string): string[] => output.split('\n').filter((line) => line.startsWith('{"level":'));

/** `lines` lets a suite keep reading its own array while the suite-wide check reads it too. */
export function captureLogs(level = 'debug', lines: string[] = []): CapturedLogs {
  const logger = createPinoLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  const captured: CapturedLogs = {
    logger,
    lines,
    assertNoSecrets: (secrets) => assertClean(lines, secrets),
  };
  // Benchmarks reuse the harnesses outside jest, where no suite check reads the captures.
  if (process.env.JEST_WORKER_ID) suiteCaptures.push(captured);
  return captured;
}

/** The six-digit codes in texts a person would read (SMS bodies, console output). */
export function codesIn(texts: Iterable<string>): string[] {
  return [...texts].flatMap((text) => [...text.matchAll(/(?<!\d)(\d{6})(?!\d)/g)].map((m) => m[1] as string));
}

/**
 * The passwords and codes used in this test file. Harnesses add what passes through them; places where
 * codes keep arriving (an SMS sender, a console) are registered as sources and read at check time.
 */
class SecretsSeen {
  private readonly values = new Set<string>();
  private readonly sources: Array<() => Iterable<string>> = [];

  /** Marks a password or code as used; returns it for inline use. Empty and too short values are no secret. */
  add<T extends string>(secret: T): T {
    if (secret.length >= 4) this.values.add(secret);
    return secret;
  }

  addAll(secrets: Iterable<string>): void {
    for (const secret of secrets) this.add(secret);
  }

  /** A source read when the suite is checked, e.g. `() => codesIn(sms.sent.map((s) => s.body))`. */
  from(source: () => Iterable<string>): void {
    this.sources.push(source);
  }

  /** Reads the sources now: fakes that are reset between tests would otherwise forget their messages. */
  settle(): void {
    for (const source of this.sources) this.addAll(source());
  }

  all(): string[] {
    this.settle();
    return [...this.values];
  }
}

export const secretsSeen = new SecretsSeen();

/** Throws if a secret seen in this suite (plus `extra`) appears in any line any capture of the suite took. */
export function assertSuiteLogsClean(extra: readonly string[] = []): { lines: number; secrets: number } {
  const lines = [...suiteCaptures.flatMap((c) => c.lines), ...suiteOutputs.flatMap((read) => pinoLinesIn(read()))];
  secretsSeen.addAll(extra);
  const secrets = secretsSeen.all();
  if (secrets.length === 0) throw new Error('no password or code was recorded: is secretsSeen fed?');
  assertClean(lines, secrets);
  return { lines: lines.length, secrets: secrets.length };
}

/**
 * Call at the top level of a suite (so it runs after the suite's own afterAll hooks have stopped its
 * servers): after all tests, no password or code the suite used may appear in any captured log line.
 */
export function checkLogsAfterAll(...extra: string[]): void {
  // Top-level afterEach runs after each test and before the next test's beforeEach resets a fake.
  afterEach(() => secretsSeen.settle());
  afterAll(() => {
    assertSuiteLogsClean(extra);
  });
}
