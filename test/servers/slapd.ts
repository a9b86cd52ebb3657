/**
 * A real OpenLDAP slapd with the ppolicy overlay, on 127.0.0.1, for the integration suites.
 * Its own cn=config is built with slapadd in a temporary folder (nothing of the system's slapd is
 * touched), it listens for LDAPS and for StartTLS on free ports, and is stopped by PID.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Client } from 'ldapts';
import { ensureDebianPackages } from '../support/debianPackages';
import { removeOrphanFolders, stopProcess } from '../support/processState';
import { testTls } from '../support/testTls';
import { OU, POLICY_DN, ROOT, SERVICE, SUFFIX, seedLdif } from './slapdSeed';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';

export interface Slapd {
  readonly url: string;
  readonly startTlsUrl: string;
  readonly caPem: string;
  /** Name in the test certificate. */
  readonly servername: string;
  readonly dir: string;
  readonly pid: number | null;
  rootClient(): Promise<Client>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  freeze(): Promise<void>;
  thaw(): void;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function configLdif(dir: string): string {
  const svc = SERVICE.dn;
  // Least rights: `write` (never `manage`, which would bypass ppolicy) on userPassword, and write on the
  // two attributes Rotera keeps, only below the shared accounts; read elsewhere.
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${dir}/slapd.pid
olcTLSCACertificateFile: ${dir}/tls/cert.pem
olcTLSCertificateFile: ${dir}/tls/cert.pem
olcTLSCertificateKeyFile: ${dir}/tls/key.pem

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
olcModuleLoad: ppolicy

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif

include: file:///etc/ldap/schema/cosine.ldif

include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: size.soft=1000 size.hard=1000 size.pr=500 size.prtotal=unlimited

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${SUFFIX}
olcRootDN: ${ROOT.dn}
olcRootPW: ${ROOT.password}
olcDbDirectory: ${dir}/data
olcDbMaxSize: 1073741824
olcSizeLimit: size.soft=1000 size.hard=1000 size.pr=500 size.prtotal=unlimited
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcDbIndex: mail eq
olcDbIndex: manager eq
olcDbIndex: secretary eq
olcAccess: {0}to dn.subtree="${OU.shared}" attrs=userPassword by dn.exact="${svc}" write by anonymous auth by * none
olcAccess: {1}to attrs=userPassword by anonymous auth by * none
olcAccess: {2}to dn.subtree="${OU.shared}" attrs=mobile,secretary by dn.exact="${svc}" write by users read by * none
olcAccess: {3}to * by dn.exact="${svc}" read by users read by * none

dn: olcOverlay={0}ppolicy,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcPPolicyConfig
olcOverlay: {0}ppolicy
olcPPolicyDefault: ${POLICY_DN}
olcPPolicyHashCleartext: TRUE
olcPPolicyUseLockout: TRUE
`;
}

let instances = 0;

/** A fresh slapd with the seeded tree. */
export async function startSlapd(options: { pagingAccounts?: number } = {}): Promise<Slapd> {
  ensureDebianPackages([SLAPD, SLAPADD], ['slapd', 'ldap-utils'], ['slapd slapd/no_configuration boolean true']);
  removeOrphanFolders(tmpdir(), 'rotera-slapd-');
  const dir = mkdtempSync(join(tmpdir(), `rotera-slapd-${process.pid}-${instances++}-`));
  try {
    for (const sub of ['slapd.d', 'data', 'tls']) mkdirSync(join(dir, sub));
    const tls = testTls();
    writeFileSync(join(dir, 'tls', 'cert.pem'), tls.cert);
    writeFileSync(join(dir, 'tls', 'key.pem'), tls.key, { mode: 0o600 });
    writeFileSync(join(dir, 'config.ldif'), configLdif(dir));
    writeFileSync(join(dir, 'data.ldif'), seedLdif(options.pagingAccounts));
    execFileSync(SLAPADD, ['-n0', '-F', join(dir, 'slapd.d'), '-l', join(dir, 'config.ldif')], { stdio: 'pipe' });
    execFileSync(SLAPADD, ['-q', '-n1', '-F', join(dir, 'slapd.d'), '-l', join(dir, 'data.ldif')], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`slapd set-up failed: ${(error as Error).message}\n${stderr}`);
  }
  const ldapsPort = await freePort();
  const ldapPort = await freePort();
  const caPem = testTls().cert;
  let child: ChildProcess | null = null;

  const tlsReady = () =>
    new Promise<boolean>((resolve) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: ldapsPort, ca: [caPem], servername: 'localhost' });
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

  const start = async () => {
    const log = openSync(join(dir, 'slapd.out'), 'a');
    const started = spawn(SLAPD, ['-d', '0', '-h', `ldaps://127.0.0.1:${ldapsPort}/ ldap://127.0.0.1:${ldapPort}/`, '-F', join(dir, 'slapd.d')], {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    child = started;
    let exited = false;
    started.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 30_000;
    while (!(await tlsReady())) {
      const tail = () => readFileSync(join(dir, 'slapd.out'), 'utf8').split('\n').slice(-20).join('\n');
      if (exited) throw new Error(`slapd exited during start-up:\n${tail()}`);
      if (Date.now() > deadline) throw new Error(`slapd did not answer within 30 s:\n${tail()}`);
      await sleep(50);
    }
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // A frozen server must run again to act on SIGTERM; SIGKILL needs no such help (and must not let it work on).
    if (signal === 'SIGTERM' && running.pid) process.kill(running.pid, 'SIGCONT');
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const signal = (name: NodeJS.Signals) => {
    const pid = child?.pid;
    if (pid) process.kill(pid, name);
  };

  await start().catch(async (error: unknown) => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });

  return {
    url: `ldaps://127.0.0.1:${ldapsPort}`,
    startTlsUrl: `ldap://127.0.0.1:${ldapPort}`,
    caPem,
    servername: 'localhost',
    dir,
    get pid() {
      return child?.pid ?? null;
    },
    async rootClient() {
      const client = new Client({ url: `ldaps://127.0.0.1:${ldapsPort}`, tlsOptions: { ca: [caPem], servername: 'localhost' }, timeout: 30_000 });
      await client.bind(ROOT.dn, ROOT.password);
      return client;
    },
    stop: () => stop(),
    kill: () => stop('SIGKILL'),
    freeze: async () => {
      if (child?.pid) await stopProcess(child.pid);
    },
    thaw: () => signal('SIGCONT'),
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
