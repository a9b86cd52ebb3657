/**
 * A real Samba AD DC on loopback for the integration suites and the benchmark.
 *
 * The domain is provisioned and seeded once into a template folder (keyed by this harness's source and
 * the Samba version, built under a lock so two Jest workers never build it twice); every suite then
 * gets its own copy, on its own 127.0.0.x address (Samba's LDAP ports are fixed), and stops it by PID.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Client } from 'ldapts';
import { ensureDebianPackages } from '../support/debianPackages';
import { processAlive, removeOrphanFolders, stopProcess } from '../support/processState';
import { DOMAIN, OU, SERVICE, seedDomain } from './sambaSeed';

const SAMBA = '/usr/sbin/samba';
const SAMBA_TOOL = '/usr/bin/samba-tool';
const PACKAGES = ['samba', 'samba-ad-dc', 'samba-ad-provision', 'ldb-tools'];
/** A Samba left behind by a crashed run ends by itself. */
const MAX_RUNTIME_SECONDS = 3600;

export interface SambaDc {
  /** `127.0.0.x`: each instance has its own address. */
  readonly host: string;
  readonly url: string;
  readonly startTlsUrl: string;
  readonly caPem: string;
  readonly servername: string;
  readonly dir: string;
  readonly pid: number | null;
  /** An administrator's client over LDAPS (bound); the caller unbinds it. */
  adminClient(): Promise<Client>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL: the server dies in the middle of whatever it does. */
  kill(): Promise<void>;
  /** SIGSTOP (resolved once every thread stopped) / SIGCONT: requests wait in the socket until the server runs again or dies. */
  freeze(): Promise<void>;
  thaw(): void;
  /** Starts the same database again after `stop` or `kill`. */
  start(): Promise<void>;
  /** Stops the server, removes its folder and frees its address. */
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes `dir` as a lock (mkdir is atomic) holding our PID. A lock whose holder died is broken;
 * one without a PID file yet is only broken when it is old (its holder may be between mkdir and write).
 */
function tryLock(dir: string): boolean {
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let holder: number | null = null;
    try {
      holder = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      const created = statSync(dir, { throwIfNoEntry: false })?.mtimeMs;
      if (created === undefined || Date.now() - created < 30_000) return false;
    }
    if (holder !== null && holder > 0 && processAlive(holder)) return false;
    rmSync(dir, { recursive: true, force: true });
    return false;
  }
}

async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  while (!tryLock(dir)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${dir}`);
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

const ADDRESS_LOCKS = join(tmpdir(), 'rotera-samba-addresses');

/** A free 127.0.0.x (x = 2..254), held by a lock folder until released. */
async function allocateAddress(): Promise<{ host: string; release: () => void }> {
  mkdirSync(ADDRESS_LOCKS, { recursive: true });
  for (let x = 2; x < 255; x += 1) {
    const lock = join(ADDRESS_LOCKS, String(x));
    if (!tryLock(lock)) continue;
    const host = `127.0.0.${x}`;
    if (await portOpen(host, 636)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    return { host, release: () => rmSync(lock, { recursive: true, force: true }) };
  }
  throw new Error('no free 127.0.0.x address for a Samba DC');
}

function sambaVersion(): string {
  return execFileSync(SAMBA, ['--version'], { encoding: 'utf8' }).trim();
}

/** Bump when `buildTemplate` changes; the seed file is hashed by itself. */
const TEMPLATE_VERSION = '1';

function templateDir(): string {
  const hash = createHash('sha256');
  hash.update(TEMPLATE_VERSION);
  hash.update(readFileSync(join(__dirname, 'sambaSeed.ts')));
  hash.update(sambaVersion());
  return join(tmpdir(), `rotera-samba-template-${hash.digest('hex').slice(0, 16)}`);
}

/** Points a copied smb.conf at its own folder and address. */
function rewriteConfig(dir: string, origin: string, host: string): void {
  const path = join(dir, 'etc', 'smb.conf');
  const text = readFileSync(path, 'utf8')
    .split(origin)
    .join(dir)
    .replace(/^(\s*interfaces\s*=).*$/m, `$1 ${host}/8`);
  writeFileSync(path, text);
}

class SambaProcess {
  private child: ChildProcess | null = null;

  constructor(
    private readonly dir: string,
    private readonly host: string,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(): Promise<void> {
    const log = openSync(join(this.dir, 'samba.out'), 'a');
    const child = spawn(SAMBA, ['-i', '-M', 'single', `--maximum-runtime=${MAX_RUNTIME_SECONDS}`, '-s', join(this.dir, 'etc', 'smb.conf')], {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 60_000;
    while (!(await this.tlsReady())) {
      if (exited) throw new Error(`samba exited during start-up:\n${this.logTail()}`);
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`samba did not answer on ${this.host}:636 within 60 s:\n${this.logTail()}`);
      }
      await sleep(100);
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (signal === 'SIGTERM' && child.pid) process.kill(child.pid, 'SIGCONT');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child?.pid) process.kill(this.child.pid, signal);
  }

  private tlsReady(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = tlsConnect({ host: this.host, port: 636, rejectUnauthorized: false, servername: DOMAIN.servername });
      socket.setTimeout(1000);
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(false));
    });
  }

  private logTail(): string {
    try {
      return readFileSync(join(this.dir, 'samba.out'), 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

async function adminClient(host: string, caPem: string): Promise<Client> {
  const client = new Client({
    url: `ldaps://${host}`,
    timeout: 60_000,
    connectTimeout: 10_000,
    tlsOptions: { ca: [caPem], servername: DOMAIN.servername },
  });
  await client.bind(DOMAIN.adminUpn, DOMAIN.adminPassword);
  return client;
}

function sidToString(sid: Buffer): string {
  const revision = sid.readUInt8(0);
  const count = sid.readUInt8(1);
  const authority = sid.readUIntBE(2, 6);
  const subs = Array.from({ length: count }, (_, i) => sid.readUInt32LE(8 + 4 * i));
  return ['S', revision, authority, ...subs].join('-');
}

function guidToString(guid: Buffer): string {
  const hex = (from: number, to: number) => guid.subarray(from, to).toString('hex');
  const le = (from: number, to: number) => Buffer.from(guid.subarray(from, to)).reverse().toString('hex');
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(8, 10)}-${hex(10, 16)}`;
}

const RESET_PASSWORD_RIGHT = '00299570-246d-11d0-a768-00aa006e0529';

/**
 * The service account's least rights, as ACEs on the shared accounts' OU inherited by user objects
 * only: Reset Password, and write lockoutTime, mobile and secretary. Reading (lockout policy,
 * badPwdCount, pwdLastSet) is what Authenticated Users may do by default.
 */
async function leastRightsSddl(client: Client): Promise<string> {
  const [service] = (await client.search(SERVICE.dn, { scope: 'base', attributes: ['objectSid'], explicitBufferAttributes: ['objectSid'] })).searchEntries;
  const sid = service?.objectSid;
  if (!Buffer.isBuffer(sid)) throw new Error('service account has no objectSid');
  const schema = `CN=Schema,CN=Configuration,${DOMAIN.baseDn}`;
  const guidOf = async (name: string): Promise<string> => {
    const [entry] = (
      await client.search(schema, { filter: `(lDAPDisplayName=${name})`, attributes: ['schemaIDGUID'], explicitBufferAttributes: ['schemaIDGUID'] })
    ).searchEntries;
    const guid = entry?.schemaIDGUID;
    if (!Buffer.isBuffer(guid)) throw new Error(`no schemaIDGUID for ${name}`);
    return guidToString(guid);
  };
  const user = await guidOf('user');
  const trustee = sidToString(sid);
  const aces = [`(OA;CIIO;CR;${RESET_PASSWORD_RIGHT};${user};${trustee})`];
  for (const attribute of ['lockoutTime', 'mobile', 'secretary']) aces.push(`(OA;CIIO;WP;${await guidOf(attribute)};${user};${trustee})`);
  return aces.join('');
}

async function buildTemplate(target: string): Promise<void> {
  const dir = `${target}.building-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const address = await allocateAddress();
  try {
    execFileSync(
      SAMBA_TOOL,
      [
        'domain',
        'provision',
        `--targetdir=${dir}`,
        `--realm=${DOMAIN.realm}`,
        `--domain=${DOMAIN.netbios}`,
        '--server-role=dc',
        '--dns-backend=NONE',
        '--host-name=dc1',
        `--host-ip=${address.host}`,
        `--adminpass=${DOMAIN.adminPassword}`,
        `--option=interfaces=${address.host}/8`,
        '--option=bind interfaces only=yes',
        '--option=server services=ldap',
        `--option=pid directory=${dir}/run`,
        `--option=ncalrpc dir=${dir}/run/ncalrpc`,
        `--option=winbindd socket directory=${dir}/run/winbindd`,
        `--option=ntp signd socket directory=${dir}/run/ntp_signd`,
        `--option=log file=${dir}/log.samba`,
      ],
      { stdio: 'pipe' },
    );
    // Provision drops this option; Samba's default (60 minutes) lets the previous password still bind after a reset.
    const conf = join(dir, 'etc', 'smb.conf');
    writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^\[global\]$/m, '[global]\n\told password allowed period = 0'));
    execFileSync(
      SAMBA_TOOL,
      [
        'domain',
        'passwordsettings',
        'set',
        '-H',
        join(dir, 'private', 'sam.ldb'),
        '--min-pwd-age=0',
        '--max-pwd-age=0',
        '--min-pwd-length=8',
        '--history-length=24',
        '--complexity=on',
        '--account-lockout-threshold=5',
        '--account-lockout-duration=30',
        '--reset-account-lockout-after=30',
      ],
      { stdio: 'pipe' },
    );
    const samba = new SambaProcess(dir, address.host);
    await samba.start();
    let sddl: string;
    try {
      const caPem = readFileSync(join(dir, 'private', 'tls', 'ca.pem'), 'utf8');
      const client = await adminClient(address.host, caPem);
      try {
        await seedDomain(client);
        sddl = await leastRightsSddl(client);
      } finally {
        await client.unbind();
      }
    } finally {
      await samba.stop();
    }
    execFileSync(SAMBA_TOOL, ['dsacl', 'set', '-H', join(dir, 'private', 'sam.ldb'), `--objectdn=${OU.shared}`, `--sddl=${sddl}`], { stdio: 'pipe' });
    writeFileSync(join(dir, 'template-origin'), dir);
    renameSync(dir, target);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    address.release();
  }
}

async function ensureTemplate(): Promise<string> {
  ensureDebianPackages([SAMBA, SAMBA_TOOL, '/usr/bin/ldbsearch'], PACKAGES);
  const target = templateDir();
  if (existsSync(join(target, 'template-origin'))) return target;
  await withLock(`${target}.lock`, async () => {
    if (!existsSync(join(target, 'template-origin'))) await buildTemplate(target);
  });
  // Templates of an earlier seed are never used again (copies do not depend on their template).
  for (const name of readdirSync(tmpdir())) {
    const other = join(tmpdir(), name);
    if (/^rotera-samba-template-[0-9a-f]{16}$/.test(name) && other !== target) rmSync(other, { recursive: true, force: true });
  }
  return target;
}

let instances = 0;

/** A fresh copy of the seeded test domain, running on its own loopback address. */
export async function startSambaDc(): Promise<SambaDc> {
  const template = await ensureTemplate();
  removeOrphanFolders(tmpdir(), 'rotera-samba-');
  const origin = readFileSync(join(template, 'template-origin'), 'utf8');
  const address = await allocateAddress();
  const dir = join(tmpdir(), `rotera-samba-${process.pid}-${instances++}`);
  try {
    rmSync(dir, { recursive: true, force: true });
    // Samba's sockets (private/ldapi, ...) cannot be copied and are recreated at start.
    cpSync(template, dir, { recursive: true, preserveTimestamps: true, filter: (source) => !lstatSync(source).isSocket() });
    rewriteConfig(dir, origin, address.host);
    rmSync(join(dir, 'run'), { recursive: true, force: true });
    mkdirSync(join(dir, 'run'), { recursive: true });
    const samba = new SambaProcess(dir, address.host);
    await samba.start();
    const caPem = readFileSync(join(dir, 'private', 'tls', 'ca.pem'), 'utf8');
    return {
      host: address.host,
      url: `ldaps://${address.host}:636`,
      startTlsUrl: `ldap://${address.host}:389`,
      caPem,
      servername: DOMAIN.servername,
      dir,
      get pid() {
        return samba.pid;
      },
      adminClient: () => adminClient(address.host, caPem),
      stop: () => samba.stop(),
      kill: () => samba.stop('SIGKILL'),
      freeze: async () => {
        if (samba.pid) await stopProcess(samba.pid);
      },
      thaw: () => samba.signal('SIGCONT'),
      start: () => samba.start(),
      async dispose() {
        await samba.stop();
        rmSync(dir, { recursive: true, force: true });
        address.release();
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    address.release();
    throw error;
  }
}
