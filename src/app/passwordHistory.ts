import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'crypto';
import { passwordSkeleton } from '../domain/passwordSkeleton';
import type { Directory } from '../ports/Directory';
import type { Store } from '../ports/Store';
import { retryOnConflict } from './concurrency';
import { storeKeys } from './storeKeys';

/** How many passwords Rotera remembers per account; AD's default history length. */
export const HISTORY_LENGTH = 24;

/** scrypt at N=2^14, r=8, p=1 (16 MiB, tens of ms): slow enough to make a stolen store expensive to guess. */
const SCRYPT: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;
const SALT_BYTES = 16;

interface SaltedHash {
  readonly salt: string;
  readonly hash: string;
}

interface HistoryEntry {
  readonly at: number;
  readonly password: SaltedHash;
  /** Absent when the password has too few letters for a meaningful skeleton. */
  readonly skeleton?: SaltedHash;
}

interface HistoryRecord {
  readonly entries: readonly HistoryEntry[];
}

export type HistoryMatch = { readonly variant: boolean } | null;

/**
 * The passwords Rotera itself set for an account, as peppered, salted scrypt hashes: the password and
 * its skeleton (its letters, de-leeted), so "Sommar2026!" is recognised as a variant of "Sommar2025!".
 * The skeleton check runs whatever the directory does; the exact check only where the directory's own
 * history does not apply to an administrative reset.
 */
export class PasswordHistory {
  constructor(
    private readonly store: Store,
    private readonly pepper: string,
  ) {}

  /**
   * `{variant: false}` for an earlier password, `{variant: true}` for a variant of one, null otherwise.
   * Equal passwords have equal skeletons, so the exact hash is only computed for entries whose skeleton
   * matched (to tell "same" from "variant") or where there is no skeleton to compare: about 24 scrypt
   * runs for a full history instead of 48.
   */
  async match(accountName: string, password: string, checkExact: boolean): Promise<HistoryMatch> {
    const stored = await this.store.get<HistoryRecord>(storeKeys.passwordHistory(accountName));
    const entries = stored?.value.entries ?? [];
    if (entries.length === 0) return null;
    const skeleton = passwordSkeleton(password);
    // In parallel: scrypt runs on libuv's thread pool.
    const variantOf = await Promise.all(entries.map((e) => (skeleton !== '' && e.skeleton ? this.matches(skeleton, e.skeleton) : Promise.resolve(false))));
    if (checkExact) {
      // Without a skeleton on either side the skeletons cannot rule equality out.
      const candidates = entries.filter((e, i) => variantOf[i] === true || (skeleton === '' && !e.skeleton));
      const exact = await Promise.all(candidates.map((e) => this.matches(password, e.password)));
      if (exact.some(Boolean)) return { variant: false };
    }
    return variantOf.some(Boolean) ? { variant: true } : null;
  }

  async remember(accountName: string, password: string, at: Date): Promise<void> {
    const skeleton = passwordSkeleton(password);
    const [passwordHash, skeletonHash] = await Promise.all([this.hash(password), skeleton === '' ? Promise.resolve(null) : this.hash(skeleton)]);
    const entry: HistoryEntry = { at: at.getTime(), password: passwordHash, ...(skeletonHash ? { skeleton: skeletonHash } : {}) };
    const key = storeKeys.passwordHistory(accountName);
    await retryOnConflict(async () => {
      const stored = await this.store.get<HistoryRecord>(key);
      const entries = [entry, ...(stored?.value.entries ?? [])].slice(0, HISTORY_LENGTH);
      await this.store.put<HistoryRecord>(key, { entries }, stored ? { ifMatch: stored.eTag } : { ifNoneMatch: true });
    });
  }

  private async hash(secret: string): Promise<SaltedHash> {
    const salt = randomBytes(SALT_BYTES);
    return { salt: salt.toString('base64'), hash: (await this.derive(secret, salt)).toString('base64') };
  }

  private async matches(secret: string, stored: SaltedHash): Promise<boolean> {
    const expected = Buffer.from(stored.hash, 'base64');
    const actual = await this.derive(secret, Buffer.from(stored.salt, 'base64'));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  private derive(secret: string, salt: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      scrypt(this.pepper + secret, salt, HASH_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
    });
  }
}

/** One sentence for the start-up log: which history protection applies with this directory. */
export async function describeHistoryProtection(directory: Directory): Promise<string> {
  const directoryRefuses = await directory.refusesEarlierPasswordsOnReset();
  return directoryRefuses
    ? `Earlier passwords: the directory refuses them on reset; Rotera also refuses variants of the last ${HISTORY_LENGTH} passwords it set.`
    : `Earlier passwords: the directory does not check them on reset; Rotera refuses the last ${HISTORY_LENGTH} passwords it set and their variants.`;
}
