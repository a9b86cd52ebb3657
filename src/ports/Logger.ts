/**
 * Structured logger (pino's shape). Never pass a password, a code or a token: the pino adapter redacts
 * secret-bearing fields as a second line of defence, not the first.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): Logger;
}
