/**
 * Captures every structured log line of a test in memory, so a test can prove that no password or code
 * it used was ever logged. Pass `logger` to startRotera / createUseCases / RoteraBot.
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

export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: string[] = [];
  const logger = createPinoLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return {
    logger,
    lines,
    assertNoSecrets(secrets) {
      if (lines.length === 0) throw new Error('no log lines were captured: is the logger wired in?');
      for (const secret of secrets) {
        if (secret.length < 4) throw new Error('a secret to look for must have at least 4 characters');
        const index = lines.findIndex((line) => containsSecret(line, secret));
        if (index !== -1) throw new Error(`a secret (${secret.length} characters) appears in captured log line ${index + 1} of ${lines.length}`);
      }
    },
  };
}
