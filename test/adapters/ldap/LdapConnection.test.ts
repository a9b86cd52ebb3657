import { createServer, type Server, type Socket } from 'node:net';
import { LdapConnection } from '../../../src/adapters/ldap/LdapConnection';
import { createPinoLogger } from '../../../src/adapters/logging/pinoLogger';
import { ConfigurationError, DirectoryUnavailable } from '../../../src/domain/errors';
import { freePort } from '../../support/childProcess';

const logger = createPinoLogger({ level: 'silent' });
const connection = (url: string, tls: 'ldaps' | 'starttls' = 'ldaps') =>
  new LdapConnection({ url, tls, bindDn: 'cn=svc', bindPassword: 'x', connectTimeoutMs: 300, timeoutMs: 300 }, logger);

describe('LdapConnection', () => {
  it('refuses a URL that does not match the TLS mode', () => {
    expect(() => connection('ldap://127.0.0.1:389', 'ldaps')).toThrow(ConfigurationError);
    expect(() => connection('ldaps://127.0.0.1:636', 'starttls')).toThrow(ConfigurationError);
  });

  it('reports a server that is not there as unavailable', async () => {
    const ldap = connection(`ldaps://127.0.0.1:${await freePort()}`);
    await expect(ldap.rootDse(['namingContexts'])).rejects.toBeInstanceOf(DirectoryUnavailable);
    await expect(ldap.bindAs('cn=account', 'secret')).rejects.toBeInstanceOf(DirectoryUnavailable);
    await ldap.close();
  });

  describe('against a server that accepts connections and never answers', () => {
    let server: Server;
    const sockets: Socket[] = [];
    let port: number;

    beforeAll(async () => {
      server = createServer((socket) => sockets.push(socket));
      port = await freePort();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives up on the TLS handshake (LDAPS) and on the StartTLS request', async () => {
      const ldaps = connection(`ldaps://127.0.0.1:${port}`);
      await expect(ldaps.rootDse(['namingContexts'])).rejects.toBeInstanceOf(DirectoryUnavailable);
      const starttls = connection(`ldap://127.0.0.1:${port}`, 'starttls');
      await expect(starttls.bindAs('cn=account', 'secret')).rejects.toBeInstanceOf(DirectoryUnavailable);
      await Promise.all([ldaps.close(), starttls.close()]);
    });
  });

  it('never sends an empty password', async () => {
    await expect(connection('ldaps://127.0.0.1:1').bindAs('cn=account', '')).rejects.toBeInstanceOf(ConfigurationError);
  });
});
