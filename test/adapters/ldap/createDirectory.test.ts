import { createDirectory } from '../../../src/adapters/ldap/createDirectory';
import { createPinoLogger } from '../../../src/adapters/logging/pinoLogger';
import { loadConfig } from '../../../src/config';
import { ConfigurationError } from '../../../src/domain/errors';

const logger = createPinoLogger({ level: 'silent' });
const base = {
  DIRECTORY: 'ad',
  LDAP_URL: 'ldaps://dc1.example.org',
  LDAP_BIND_DN: 'CN=svc-rotera,OU=Service,DC=example,DC=org',
  LDAP_BIND_PASSWORD: 'not-used-here',
  LDAP_ACCOUNTS_BASE_DN: 'OU=Shared,DC=example,DC=org',
};

describe('createDirectory', () => {
  it('refuses plain LDAP at start-up, naming the setting', () => {
    expect(() => loadConfig({ ...base, LDAP_TLS: 'none' })).toThrow(/LDAP_TLS: "none" cannot be used/);
  });

  it('refuses a URL whose scheme does not match LDAP_TLS', () => {
    expect(() => createDirectory(loadConfig({ ...base, LDAP_URL: 'ldap://dc1.example.org' }), logger)).toThrow(ConfigurationError);
    expect(() => createDirectory(loadConfig({ ...base, LDAP_URL: 'ldap://dc1.example.org' }), logger)).toThrow(/LDAP_URL/);
    expect(() => createDirectory(loadConfig({ ...base, LDAP_TLS: 'starttls' }), logger)).toThrow(/LDAP_URL: must start with ldap:\/\//);
  });

  it('names an unreadable CA file', () => {
    expect(() => createDirectory(loadConfig({ ...base, LDAP_CA_FILE: '/nonexistent/ca.pem' }), logger)).toThrow(/LDAP_CA_FILE/);
  });

  it('names a broken accounts filter, and accepts one written without parentheses', () => {
    expect(() => createDirectory(loadConfig({ ...base, LDAP_ACCOUNTS_FILTER: '(memberOf=CN=x' }), logger)).toThrow(/LDAP_ACCOUNTS_FILTER/);
    expect(() => createDirectory(loadConfig({ ...base, LDAP_ACCOUNTS_FILTER: 'memberOf=CN=Rotera,DC=example,DC=org' }), logger)).not.toThrow();
  });

  it('builds without connecting (the first operation connects)', () => {
    const built = createDirectory(loadConfig(base), logger);
    expect(built.directory.constructor.name).toBe('ActiveDirectory');
    expect(built.people.constructor.name).toBe('LdapPeopleDirectory');
    const openldap = createDirectory(loadConfig({ ...base, DIRECTORY: 'openldap' }), logger);
    expect(openldap.directory.constructor.name).toBe('OpenLdapDirectory');
  });
});

describe('createDirectory: earlier passwords on OpenLDAP', () => {
  it('does not claim ppolicy history unless LDAP_DIRECTORY_ENFORCES_HISTORY says so (a manage identity skips it)', async () => {
    const openldap = { ...base, DIRECTORY: 'openldap' };
    expect(loadConfig(openldap).settings.LDAP_DIRECTORY_ENFORCES_HISTORY).toBe(false);
    // Asked without a network call: a wrong claim would switch off Rotera's own exact check.
    expect(await createDirectory(loadConfig(openldap), logger).directory.refusesEarlierPasswordsOnReset()).toBe(false);
    expect(await createDirectory(loadConfig({ ...openldap, LDAP_DIRECTORY_ENFORCES_HISTORY: 'true' }), logger).directory.refusesEarlierPasswordsOnReset()).toBe(true);
  });

  it('names a value that is not a boolean', () => {
    expect(() => loadConfig({ ...base, DIRECTORY: 'openldap', LDAP_DIRECTORY_ENFORCES_HISTORY: 'sometimes' })).toThrow(/LDAP_DIRECTORY_ENFORCES_HISTORY: /);
  });
});
