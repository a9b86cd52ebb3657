/**
 * Starts Azurite's blob service (npm `azurite`) on 127.0.0.1 for a test suite and stops it by PID.
 *
 *   const azurite = await startAzurite();
 *   const store = new AzureBlobStore({ containerClient: azurite.containerClient('rotera-test') });
 *   ...
 *   await azurite.stop();
 *
 * Each start gets its own free port and its own temporary data folder, so suites may run in parallel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteServer {
  readonly port: number;
  /** `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;...;BlobEndpoint=http://127.0.0.1:PORT/devstoreaccount1;` */
  readonly connectionString: string;
  readonly serviceClient: BlobServiceClient;
  /** A client for `name` (not created yet; the store creates it on first use). */
  containerClient(name: string): ContainerClient;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

export async function startAzurite(): Promise<AzuriteServer> {
  const location = await mkdtemp(join(tmpdir(), 'rotera-azurite-'));
  const bin = resolve(__dirname, '../../node_modules/.bin/azurite-blob');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      bin,
      ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location, '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AZURITE_DISABLE_TELEMETRY: 'true' } },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 20_000;
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (await canConnect(port)) {
        ready = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!ready) {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
      await exited(child);
      // Another process may have taken the port between freePort() and the spawn: try a new one.
      if (attempt < 3) continue;
      await rm(location, { recursive: true, force: true });
      throw new Error(`Azurite did not start on 127.0.0.1:${port}: ${stderr}`);
    }
    const connectionString =
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`;
    const serviceClient = BlobServiceClient.fromConnectionString(connectionString);
    return {
      port,
      connectionString,
      serviceClient,
      containerClient: (name) => serviceClient.getContainerClient(name),
      async stop() {
        if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
          process.kill(child.pid, 'SIGTERM');
          const killer = setTimeout(() => {
            if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
          }, 5000);
          await exited(child);
          clearTimeout(killer);
        }
        await rm(location, { recursive: true, force: true });
      },
    };
  }
}
