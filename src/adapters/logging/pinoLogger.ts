import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { Logger } from '../../ports/Logger';

/**
 * Field names that could carry a secret. Our code never logs secrets; this redaction is the second
 * line of defence, for objects logged whole by mistake (a card payload, an activity, a request).
 */
export const REDACTED_PATHS: readonly string[] = [
  'password',
  'newPassword',
  'repeated',
  'currentPassword',
  'code',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.newPassword',
  '*.repeated',
  '*.currentPassword',
  '*.code',
  '*.token',
  '*.secret',
  '*.authorization',
  'req.headers.authorization',
  'headers.authorization',
  'value.data',
  'activity.value',
  'activity.text',
];

class PinoLogger implements Logger {
  constructor(private readonly pino: Pino) {}
  info(fields: Record<string, unknown>, message: string): void {
    this.pino.info(fields, message);
  }
  warn(fields: Record<string, unknown>, message: string): void {
    this.pino.warn(fields, message);
  }
  error(fields: Record<string, unknown>, message: string): void {
    this.pino.error(fields, message);
  }
  debug(fields: Record<string, unknown>, message: string): void {
    this.pino.debug(fields, message);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new PinoLogger(this.pino.child(bindings));
  }
}

export interface PinoLoggerOptions {
  readonly level: string;
  /** Where the JSON lines go; stdout by default. Tests pass a stream that captures them. */
  readonly destination?: DestinationStream;
  /** Fields added to every line, e.g. the request id and activity id of the turn being logged. */
  readonly mixin?: () => Record<string, unknown>;
}

export function createPinoLogger(options: PinoLoggerOptions): Logger {
  const instance = pino(
    {
      level: options.level,
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      base: { app: 'rotera' },
      ...(options.mixin ? { mixin: options.mixin } : {}),
    },
    options.destination,
  );
  return new PinoLogger(instance);
}
