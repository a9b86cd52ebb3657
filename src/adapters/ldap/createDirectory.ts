import { readFileSync } from 'node:fs';
import { FilterParser } from 'ldapts';
import type { Config } from '../../config';
import { ConfigurationError } from '../../domain/errors';
import type { Directory } from '../../ports/Directory';
import type { Logger } from '../../ports/Logger';
import type { PeopleDirectory } from '../../ports/PeopleDirectory';
import { ActiveDirectory } from './ActiveDirectory';
import { LdapConnection } from './LdapConnection';
import type { LdapDirectoryOptions } from './LdapDirectory';
import { LdapPeopleDirectory } from './LdapPeopleDirectory';
import { OpenLdapDirectory } from './OpenLdapDirectory';

export interface LdapDirectories {
  readonly directory: Directory;
  readonly people: PeopleDirectory;
  /** One line for the start-up log: which server, as whom, which accounts (no secrets, no network). */
  describe(): string;
  /** Closes the service connection (on shutdown). */
  close(): Promise<void>;
}

/** The real directory for `DIRECTORY=ad|openldap`, built from the LDAP_* settings. */
export function createDirectory(config: Config, logger: Logger): LdapDirectories {
  const s = config.settings;
  if (s.DIRECTORY === 'memory') throw new ConfigurationError('DIRECTORY: createDirectory is for "ad" or "openldap"');
  const required = (value: string | undefined, name: string): string => {
    if (!value) throw new ConfigurationError(`${name}: required when DIRECTORY is ${s.DIRECTORY}`);
    return value;
  };
  if (s.LDAP_TLS === 'none') {
    throw new ConfigurationError('LDAP_TLS: "none" cannot be used: password operations need an encrypted connection (use ldaps or starttls)');
  }
  const log = logger.child({ component: 'directory', kind: s.DIRECTORY });
  const connection = new LdapConnection(
    {
      url: required(s.LDAP_URL, 'LDAP_URL'),
      tls: s.LDAP_TLS,
      ca: s.LDAP_CA_FILE ? [readCa(s.LDAP_CA_FILE)] : undefined,
      servername: s.LDAP_SERVERNAME,
      bindDn: required(s.LDAP_BIND_DN, 'LDAP_BIND_DN'),
      bindPassword: required(s.LDAP_BIND_PASSWORD, 'LDAP_BIND_PASSWORD'),
      connectTimeoutMs: s.LDAP_CONNECT_TIMEOUT_MS,
      timeoutMs: s.LDAP_TIMEOUT_MS,
    },
    log,
  );
  const accountsBaseDn = required(s.LDAP_ACCOUNTS_BASE_DN, 'LDAP_ACCOUNTS_BASE_DN');
  const options: LdapDirectoryOptions = {
    accountsBaseDn,
    accountsFilter: s.LDAP_ACCOUNTS_FILTER ? wrapFilter(s.LDAP_ACCOUNTS_FILTER) : undefined,
    managerAttribute: s.LDAP_MANAGER_ATTRIBUTE,
    delegatesAttribute: s.LDAP_DELEGATES_ATTRIBUTE,
    mobileAttribute: s.LDAP_MOBILE_ATTRIBUTE,
  };
  const ad = s.DIRECTORY === 'ad';
  const directory = ad
    ? new ActiveDirectory(connection, options, log)
    : new OpenLdapDirectory(connection, { ...options, passwordPolicyDn: s.LDAP_PASSWORD_POLICY_DN, enforcesHistory: s.LDAP_DIRECTORY_ENFORCES_HISTORY }, log);
  // OpenLDAP has no userPrincipalName: the default match attribute means `mail` there.
  const matchAttribute = !ad && s.LDAP_PERSON_MATCH_ATTRIBUTE === 'userPrincipalName' ? 'mail' : s.LDAP_PERSON_MATCH_ATTRIBUTE;
  const people = new LdapPeopleDirectory(connection, {
    peopleBaseDn: s.LDAP_PEOPLE_BASE_DN ?? domainRoot(accountsBaseDn),
    // Disabled AD users are nobody's manager or delegate any more.
    personFilter: ad ? '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))' : '(objectClass=inetOrgPerson)',
    matchAttribute,
    principalNameAttribute: ad ? 'userPrincipalName' : 'mail',
    managerAttribute: s.LDAP_MANAGER_ATTRIBUTE,
    workMobileAttribute: 'mobile',
    excludeBaseDn: accountsBaseDn,
  });
  return {
    directory,
    people,
    describe: () =>
      `${ad ? 'Active Directory' : 'OpenLDAP'} at ${s.LDAP_URL} (${s.LDAP_TLS}) as ${s.LDAP_BIND_DN}; shared accounts under ${accountsBaseDn}` +
      (s.LDAP_ACCOUNTS_FILTER ? ` matching ${s.LDAP_ACCOUNTS_FILTER}` : ''),
    close: () => connection.close(),
  };
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`LDAP_CA_FILE: cannot read ${path}`, { cause: error });
  }
}

/** `memberOf=...` is accepted without parentheses, as people write it; a broken filter stops start-up. */
function wrapFilter(text: string): string {
  const wrapped = text.startsWith('(') ? text : `(${text})`;
  try {
    FilterParser.parseString(wrapped);
  } catch (error) {
    throw new ConfigurationError(`LDAP_ACCOUNTS_FILTER: not a valid LDAP filter: ${text}`, { cause: error });
  }
  return wrapped;
}

/** `OU=Shared,OU=Units,DC=example,DC=se` -> `DC=example,DC=se`. */
function domainRoot(dn: string): string {
  const parts = dn.split(/(?<!\\),/).map((part) => part.trim());
  const dcs = parts.filter((part) => /^dc=/i.test(part));
  return dcs.length > 0 ? dcs.join(',') : dn;
}
