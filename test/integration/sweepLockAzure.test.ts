/** The sweep lock as an Azure blob lease, against Azurite started by the suite. */
import { BlobLeaseSweepLock } from '../../src/adapters/azure/BlobLeaseSweepLock';
import { startAzurite, type AzuriteServer } from '../servers/azurite';

describe('BlobLeaseSweepLock on Azurite', () => {
  let azurite: AzuriteServer;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it('elects one instance; the other gets the lease once it is released', async () => {
    const one = BlobLeaseSweepLock.fromConnectionString(azurite.connectionString, 'rotera-lock-a');
    const two = BlobLeaseSweepLock.fromConnectionString(azurite.connectionString, 'rotera-lock-a');
    const held = await one.tryAcquire();
    expect(held).not.toBeNull();
    expect(await two.tryAcquire()).toBeNull();
    await held?.release();
    const next = await two.tryAcquire();
    expect(next).not.toBeNull();
    expect(await one.tryAcquire()).toBeNull();
    await next?.release();
  });

  it('lets exactly one of many instances that start at the same moment sweep', async () => {
    const locks = Array.from({ length: 6 }, () => BlobLeaseSweepLock.fromConnectionString(azurite.connectionString, 'rotera-lock-b'));
    const results = await Promise.all(locks.map((lock) => lock.tryAcquire()));
    const holders = results.filter((r) => r !== null);
    expect(holders).toHaveLength(1);
    await holders[0]?.release();
  });

  it('keeps separate locks for separate blob names', async () => {
    const container = azurite.containerClient('rotera-lock-c');
    const sweep = new BlobLeaseSweepLock({ containerClient: container });
    const other = new BlobLeaseSweepLock({ containerClient: container, blobName: 'locks/other' });
    const a = await sweep.tryAcquire();
    const b = await other.tryAcquire();
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    await a?.release();
    await b?.release();
  });
});
