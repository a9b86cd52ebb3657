import { BlobServiceClient, RestError, type BlobRequestConditions, type ContainerClient } from '@azure/storage-blob';
import { ConcurrencyConflict, StoreUnavailable } from '../../domain/errors';
import { systemClock, type Clock } from '../../ports/Clock';
import type { PutOptions, Store, Stored } from '../../ports/Store';

export interface AzureBlobStoreOptions {
  /** The container holding one blob per key; created on first use when missing. */
  readonly containerClient: ContainerClient;
  /** Decides expiry; the system clock by default. */
  readonly clock?: Clock;
}

/**
 * Retries kept short: a turn waits on the store, and the readiness probe must answer within seconds.
 * The SDK's defaults (4 tries, up to 120 s between them) would hold a Teams turn far past its timeout.
 */
export const AZURE_STORE_RETRY = { maxTries: 3, tryTimeoutInMs: 5000, retryDelayInMs: 200, maxRetryDelayInMs: 2000 } as const;

/** Blob metadata key for the expiry instant (epoch milliseconds). Metadata names must be C# identifiers. */
const EXPIRES_AT = 'roteraexpiresat';
const MAX_BLOB_NAME = 1024;
/** Blobs read in parallel while listing. */
const LIST_READ_AHEAD = 16;

/**
 * Characters kept as they are in blob names. Everything else (notably `.`, which Azure dislikes at the end
 * of a name or segment, and `\`, which it turns into `/`) becomes `~XX` per UTF-8 byte. The mapping is per
 * character, so the name of a key prefix is a prefix of the key's name: listing by prefix stays one query.
 */
const SAFE = /^[A-Za-z0-9/_:@-]$/;

export function blobNameFor(key: string): string {
  let name = '';
  for (const char of key) {
    if (SAFE.test(char)) name += char;
    else for (const byte of Buffer.from(char, 'utf8')) name += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return name;
}

export function keyForBlobName(name: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '~') {
      bytes.push(Number.parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(name.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function statusOf(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

/** Any failure that is not a condition we asked for means the account did not answer as it should. */
function unavailable(error: unknown, what: string): StoreUnavailable {
  const status = statusOf(error);
  const code = error instanceof RestError ? error.code : undefined;
  return new StoreUnavailable(`azure blob ${what} failed${status ? ` (${status}${code ? ` ${code}` : ''})` : ''}`, { cause: error });
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * The Store port on Azure Blob Storage (or Azurite): one JSON blob per key, the blob's ETag as our eTag,
 * `ifMatch` / `ifNoneMatch: '*'` as the service's own write conditions, so two writers can never both win.
 * Expiry lives in the blob's metadata and is honoured on every read; expired blobs are removed lazily when
 * met (for keys that are never read again, add a lifecycle-management rule on the container).
 */
export class AzureBlobStore implements Store {
  private readonly container: ContainerClient;
  private readonly clock: Clock;
  private ready: Promise<void> | undefined;
  /**
   * Expiry (or null: none) of versions this instance read or wrote, by eTag. An ifMatch write of a version
   * known here needs no extra round trip to learn whether it has expired meanwhile.
   */
  private readonly expiryByETag = new Map<string, number | null>();

  constructor(options: AzureBlobStoreOptions) {
    this.container = options.containerClient;
    this.clock = options.clock ?? systemClock;
  }

  /** A store on the account named by a connection string, with retries suited to a chat turn. */
  static fromConnectionString(connectionString: string, containerName: string, clock?: Clock): AzureBlobStore {
    const service = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: AZURE_STORE_RETRY });
    return new AzureBlobStore({ containerClient: service.getContainerClient(containerName), ...(clock ? { clock } : {}) });
  }

  async get<T>(key: string): Promise<Stored<T> | undefined> {
    await this.ensureContainer();
    const blob = this.container.getBlockBlobClient(this.nameOf(key));
    try {
      const response = await blob.download(0);
      const body = await readAll(response.readableStreamBody);
      const eTag = response.etag ?? '';
      if (this.isExpired(response.metadata)) {
        await this.removeExpired(key, eTag);
        return undefined;
      }
      this.remember(eTag, response.metadata);
      return { value: JSON.parse(body.toString('utf8')) as T, eTag };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw unavailable(error, 'read');
    }
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    await this.ensureContainer();
    const name = this.nameOf(key);
    const metadata: Record<string, string> = {};
    if (options.ttlMs !== undefined) metadata[EXPIRES_AT] = String(this.clock.now().getTime() + options.ttlMs);

    if (options.ifMatch !== undefined) {
      // The version the caller read may have expired since: expired means gone, so the condition fails.
      const known = this.expiryByETag.get(options.ifMatch);
      if (known === undefined) {
        const current = await this.properties(name);
        if (!current || current.eTag !== options.ifMatch || this.isExpired(current.metadata)) throw new ConcurrencyConflict(key);
      } else if (known !== null && known <= this.clock.now().getTime()) {
        throw new ConcurrencyConflict(key);
      }
      return this.upload(key, name, value, metadata, { ifMatch: options.ifMatch });
    }
    if (options.ifNoneMatch) {
      try {
        return await this.upload(key, name, value, metadata, { ifNoneMatch: '*' });
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        // Something is there; if it has expired it counts as nothing, and we replace exactly that version.
        const current = await this.properties(name);
        if (current && !this.isExpired(current.metadata)) throw error;
        return this.upload(key, name, value, metadata, current ? { ifMatch: current.eTag } : { ifNoneMatch: '*' });
      }
    }
    return this.upload(key, name, value, metadata, {});
  }

  async delete(key: string, options: { readonly ifMatch?: string } = {}): Promise<void> {
    await this.ensureContainer();
    const name = this.nameOf(key);
    if (options.ifMatch !== undefined) {
      const current = await this.properties(name);
      if (!current || current.eTag !== options.ifMatch || this.isExpired(current.metadata)) throw new ConcurrencyConflict(key);
    }
    try {
      await this.container.getBlockBlobClient(name).deleteIfExists(options.ifMatch !== undefined ? { conditions: { ifMatch: options.ifMatch } } : {});
    } catch (error) {
      if (statusOf(error) === 412) throw new ConcurrencyConflict(key);
      throw unavailable(error, 'delete');
    }
  }

  async *list<T>(prefix: string): AsyncIterable<{ readonly key: string } & Stored<T>> {
    await this.ensureContainer();
    // Names are listed first (they are small), then sorted by key: the escaping keeps prefixes but not order.
    const found: { key: string; eTag: string }[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({ prefix: blobNameFor(prefix), includeMetadata: true })) {
        const key = keyForBlobName(item.name);
        if (this.isExpired(item.metadata)) await this.removeExpired(key, item.properties.etag ?? '');
        else found.push({ key, eTag: item.properties.etag ?? '' });
      }
    } catch (error) {
      if (error instanceof StoreUnavailable) throw error;
      throw unavailable(error, 'list');
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // Read each one now (it may have changed or gone since the listing), a few at a time, yielding in key order.
    for (let start = 0; start < found.length; start += LIST_READ_AHEAD) {
      const batch = found.slice(start, start + LIST_READ_AHEAD);
      const values = await Promise.all(batch.map(({ key }) => this.get<T>(key)));
      for (const [i, stored] of values.entries()) {
        const key = batch[i]?.key;
        if (stored && key !== undefined) yield { key, value: stored.value, eTag: stored.eTag };
      }
    }
  }

  async ping(): Promise<void> {
    try {
      await this.container.getProperties();
    } catch (error) {
      if (statusOf(error) === 404) {
        this.ready = undefined;
        await this.ensureContainer();
        return;
      }
      throw unavailable(error, 'ping');
    }
  }

  private nameOf(key: string): string {
    const name = blobNameFor(key);
    if (key.length === 0 || name.length > MAX_BLOB_NAME) throw new RangeError(`store key not usable as a blob name (length ${key.length})`);
    return name;
  }

  private remember(eTag: string, metadata: Record<string, string> | undefined): void {
    if (eTag === '') return;
    if (this.expiryByETag.size >= 2000) this.expiryByETag.clear();
    const raw = metadata?.[EXPIRES_AT];
    this.expiryByETag.set(eTag, raw === undefined ? null : Number(raw));
  }

  private isExpired(metadata: Record<string, string> | undefined): boolean {
    const raw = metadata?.[EXPIRES_AT];
    return raw !== undefined && Number(raw) <= this.clock.now().getTime();
  }

  private async upload(key: string, name: string, value: unknown, metadata: Record<string, string>, conditions: BlobRequestConditions): Promise<string> {
    const body = Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
    try {
      const response = await this.container.getBlockBlobClient(name).upload(body, body.byteLength, {
        conditions,
        metadata,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      const eTag = response.etag ?? '';
      this.remember(eTag, metadata);
      return eTag;
    } catch (error) {
      const status = statusOf(error);
      // 412: ifMatch failed or ifNoneMatch found a blob; 409: the blob appeared while we wrote (BlobAlreadyExists).
      if (status === 412 || (status === 409 && conditions.ifNoneMatch !== undefined)) throw new ConcurrencyConflict(key);
      throw unavailable(error, 'write');
    }
  }

  private async properties(name: string): Promise<{ eTag: string; metadata: Record<string, string> | undefined } | undefined> {
    try {
      const props = await this.container.getBlockBlobClient(name).getProperties();
      return { eTag: props.etag ?? '', metadata: props.metadata };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw unavailable(error, 'read');
    }
  }

  /** Best effort: only the expired version is removed, never a fresh write that raced us. */
  private async removeExpired(key: string, eTag: string): Promise<void> {
    if (eTag === '') return;
    try {
      await this.container.getBlockBlobClient(this.nameOf(key)).deleteIfExists({ conditions: { ifMatch: eTag } });
    } catch {
      // Someone rewrote it, or the account hiccupped: the entry stays invisible either way.
    }
  }

  private ensureContainer(): Promise<void> {
    this.ready ??= this.container.createIfNotExists().then(
      () => undefined,
      (error: unknown) => {
        // A SAS scoped to an existing container may not create containers: go on and let the blob calls tell.
        if (statusOf(error) === 403) return;
        this.ready = undefined;
        throw unavailable(error, 'container');
      },
    );
    return this.ready;
  }
}
