import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../domain/errors';

export interface CoreSecrets {
  readonly codeKey: string;
  readonly historyPepper: string;
}

const FILE_NAME = 'dev-secrets.json';
const fileSchema = z.object({ codeKey: z.string().min(32), historyPepper: z.string().min(32) });

/**
 * The core's secrets for development: what configuration gives (CODE_HMAC_KEY, PASSWORD_HISTORY_PEPPER),
 * otherwise a random pair kept in DATA_DIR/dev-secrets.json (mode 0600), so codes and the password
 * history stay valid across restarts. Production configuration demands both settings, so this file is
 * never created there.
 */
export function loadOrCreateDevSecrets(dataDir: string, given: { readonly codeKey?: string | undefined; readonly historyPepper?: string | undefined }): CoreSecrets {
  if (given.codeKey && given.historyPepper) return { codeKey: given.codeKey, historyPepper: given.historyPepper };
  const file = join(dataDir, FILE_NAME);
  let stored: CoreSecrets;
  if (existsSync(file)) {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    if (!parsed.success) throw new ConfigurationError(`${file}: not a valid development secrets file; delete it to have a new one made`);
    stored = parsed.data;
  } else {
    stored = { codeKey: randomBytes(32).toString('base64url'), historyPepper: randomBytes(32).toString('base64url') };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return { codeKey: given.codeKey ?? stored.codeKey, historyPepper: given.historyPepper ?? stored.historyPepper };
}
