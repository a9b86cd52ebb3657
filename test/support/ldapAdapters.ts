import { Client } from 'ldapts';
import { ActiveDirectory } from '../../src/adapters/ldap/ActiveDirectory';
import { LdapConnection, type LdapConnectionOptions } from '../../src/adapters/ldap/LdapConnection';
import { LdapPeopleDirectory } from '../../src/adapters/ldap/LdapPeopleDirectory';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import type { Directory } from '../../src/ports/Directory';
import type { Logger } from '../../src/ports/Logger';
import type { SambaDc } from '../servers/sambaDc';
import * as sambaSeed from '../servers/sambaSeed';
import { OU, SERVICE } from '../servers/sambaSeed';
import type { Slapd } from '../servers/slapd';
import * as slapdSeed from '../servers/slapdSeed';
import { OpenLdapDirectory } from '../../src/adapters/ldap/OpenLdapDirectory';
import { captureLogs, secretsSeen } from './logCapture';

/**
 * Under jest a debug logger whose lines the suite-wide secrets check reads (checkLogsAfterAll); the
 * benchmarks (test/bench) stay silent so that logging weighs neither on their figures nor their memory.
 */
export const capturedLogger = (): Logger => (process.env.JEST_WORKER_ID ? captureLogs('debug').logger : createPinoLogger({ level: 'silent' }));

/** Every password the seeds give the test servers' identities and accounts. */
function seedPasswords(): string[] {
  return [
    sambaSeed.SERVICE.password,
    sambaSeed.PERSON_PASSWORD,
    ...Object.values(sambaSeed.ACCOUNTS).map((a) => a.password),
    slapdSeed.ROOT.password,
    slapdSeed.SERVICE.password,
    ...Object.values(slapdSeed.ACCOUNTS).map((a) => a.password),
  ];
}

/** Remembers every password the directory is asked to check or set, for the suite-wide secrets check. */
export function recordingPasswords<T extends Pick<Directory, 'checkPassword' | 'resetPassword'>>(directory: T): T {
  secretsSeen.addAll(seedPasswords());
  const check = directory.checkPassword.bind(directory);
  const reset = directory.resetPassword.bind(directory);
  directory.checkPassword = (accountName, password) => check(accountName, secretsSeen.add(password));
  directory.resetPassword = (accountName, newPassword) => reset(accountName, secretsSeen.add(newPassword));
  return directory;
}

/** The AD adapters as index.ts builds them, pointed at a test DC with the least-rights service account. */
export function adAdapters(
  dc: SambaDc,
  overrides: Partial<LdapConnectionOptions> & { accountsBaseDn?: string; pageSize?: number; now?: () => number } = {},
): { connection: LdapConnection; directory: ActiveDirectory; people: LdapPeopleDirectory } {
  const { accountsBaseDn = OU.shared, pageSize, now, ...connectionOverrides } = overrides;
  const logger = capturedLogger();
  const connection = new LdapConnection(
    {
      url: dc.url,
      tls: 'ldaps',
      ca: [dc.caPem],
      servername: dc.servername,
      bindDn: SERVICE.dn,
      bindPassword: SERVICE.password,
      connectTimeoutMs: 5000,
      timeoutMs: 15000,
      ...connectionOverrides,
    },
    logger,
  );
  const directory = recordingPasswords(
    new ActiveDirectory(
      connection,
      { accountsBaseDn, managerAttribute: 'manager', delegatesAttribute: 'secretary', mobileAttribute: 'mobile', ...(pageSize ? { pageSize } : {}) },
      logger,
      now,
    ),
  );
  const people = new LdapPeopleDirectory(connection, {
    peopleBaseDn: OU.people,
    personFilter: '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
    matchAttribute: 'userPrincipalName',
    principalNameAttribute: 'userPrincipalName',
    managerAttribute: 'manager',
    workMobileAttribute: 'mobile',
  });
  return { connection, directory, people };
}

/** The OpenLDAP adapters as index.ts builds them, with the `write`-only service identity. */
export function openLdapAdapters(
  slapd: Slapd,
  overrides: Partial<LdapConnectionOptions> & { pageSize?: number; enforcesHistory?: boolean } = {},
): { connection: LdapConnection; directory: OpenLdapDirectory; people: LdapPeopleDirectory } {
  // The test slapd's service identity has `write` on userPassword, so ppolicy's history applies (LDAP_DIRECTORY_ENFORCES_HISTORY=true).
  const { pageSize, enforcesHistory = true, ...connectionOverrides } = overrides;
  const logger = capturedLogger();
  const connection = new LdapConnection(
    {
      url: slapd.url,
      tls: 'ldaps',
      ca: [slapd.caPem],
      servername: slapd.servername,
      bindDn: slapdSeed.SERVICE.dn,
      bindPassword: slapdSeed.SERVICE.password,
      connectTimeoutMs: 5000,
      timeoutMs: 15000,
      ...connectionOverrides,
    },
    logger,
  );
  const directory = recordingPasswords(
    new OpenLdapDirectory(
      connection,
      {
        accountsBaseDn: slapdSeed.OU.shared,
        managerAttribute: 'manager',
        delegatesAttribute: 'secretary',
        mobileAttribute: 'mobile',
        passwordPolicyDn: slapdSeed.POLICY_DN,
        enforcesHistory,
        ...(pageSize ? { pageSize } : {}),
      },
      logger,
    ),
  );
  const people = new LdapPeopleDirectory(connection, {
    peopleBaseDn: slapdSeed.OU.people,
    personFilter: '(objectClass=inetOrgPerson)',
    matchAttribute: 'mail',
    principalNameAttribute: 'mail',
    managerAttribute: 'manager',
    workMobileAttribute: 'mobile',
  });
  return { connection, directory, people };
}

/** Tries a simple bind as `dn` over LDAPS; true when the server accepts it. */
export async function canBind(url: string, caPem: string, servername: string, dn: string, password: string): Promise<boolean> {
  secretsSeen.add(password);
  const client = new Client({ url, tlsOptions: { ca: [caPem], servername }, timeout: 15000, connectTimeout: 5000 });
  try {
    await client.bind(dn, password);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error as { code: unknown }).code === 49) return false;
    throw error;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
