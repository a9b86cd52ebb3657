import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { StoreUnavailable } from '../../domain/errors';
import type { Logger } from '../../ports/Logger';
import type { HeldSweepLock, SweepLock } from '../../ports/SweepLock';
import { AZURE_STORE_RETRY } from './AzureBlobStore';

export interface BlobLeaseSweepLockOptions {
  readonly containerClient: ContainerClient;
  /** The blob whose lease is the lock (default `locks/rotation-sweep`). */
  readonly blobName?: string;
  /** Lease length, 15-60 s as Azure allows (default 60); renewed at a third of it while held. */
  readonly leaseSeconds?: number;
  readonly logger?: Logger;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The sweep lock as an Azure blob lease: every instance tries to lease the same blob and only one gets
 * it (409 for the others). The lease is renewed while the sweep runs and released after; if the holder
 * dies, Azure frees it when the lease runs out.
 */
export class BlobLeaseSweepLock implements SweepLock {
  private readonly container: ContainerClient;
  private readonly blobName: string;
  private readonly leaseSeconds: number;

  constructor(private readonly options: BlobLeaseSweepLockOptions) {
    this.container = options.containerClient;
    this.blobName = options.blobName ?? 'locks/rotation-sweep';
    this.leaseSeconds = Math.min(60, Math.max(15, options.leaseSeconds ?? 60));
  }

  static fromConnectionString(connectionString: string, containerName: string, logger?: Logger): BlobLeaseSweepLock {
    const service = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: AZURE_STORE_RETRY });
    return new BlobLeaseSweepLock({ containerClient: service.getContainerClient(containerName), ...(logger ? { logger } : {}) });
  }

  async tryAcquire(): Promise<HeldSweepLock | null> {
    const blob = this.container.getBlockBlobClient(this.blobName);
    try {
      await this.container.createIfNotExists();
      if (!(await blob.exists())) {
        // Two instances may both create it; the loser's 409 (lease present) or overwrite of an empty blob is harmless.
        await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } }).catch((error: unknown) => {
          if (statusOf(error) !== 409 && statusOf(error) !== 412) throw error;
        });
      }
    } catch (error) {
      throw new StoreUnavailable('cannot prepare the sweep lock blob', { cause: error });
    }
    const lease = blob.getBlobLeaseClient();
    try {
      await lease.acquireLease(this.leaseSeconds);
    } catch (error) {
      if (statusOf(error) === 409) return null;
      throw new StoreUnavailable('cannot lease the sweep lock blob', { cause: error });
    }
    const renew = setInterval(() => {
      lease.renewLease().catch(() => this.options.logger?.warn({ lock: this.blobName }, 'sweep lock lease could not be renewed'));
    }, (this.leaseSeconds * 1000) / 3);
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await lease.releaseLease().catch(() => this.options.logger?.warn({ lock: this.blobName }, 'sweep lock lease not released; it runs out by itself'));
      },
    };
  }
}
