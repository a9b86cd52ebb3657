import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, ResultCodeError, type Control, type Entry, type SearchOptions } from 'ldapts';
import { ConfigurationError, DirectoryUnavailable } from '../../domain/errors';
import type { Logger } from '../../ports/Logger';

export interface LdapConnectionOptions {
  /** `ldaps://host:636` for LDAPS, `ldap://host:389` for StartTLS. */
  readonly url: string;
  /** How the connection is encrypted. Plain LDAP is refused: passwords cross this connection. */
  readonly tls: 'ldaps' | 'starttls';
  /** PEM certificates of the CA(s) that issued the server's certificate; default: Node's public CAs. */
  readonly ca?: readonly string[];
  /** Name expected in the server's certificate; default: the URL's host. */
  readonly servername?: string;
  readonly bindDn: string;
  readonly bindPassword: string;
  readonly connectTimeoutMs: number;
  /** Limit for every single operation (search page, bind, modify). */
  readonly timeoutMs: number;
}

/** Result codes that mean "the server is not able to answer now", not "your request is wrong". */
const UNAVAILABLE_CODES = new Set([
  1, // operationsError
  3, // timeLimitExceeded
  51, // busy
  52, // unavailable
  80, // other
]);

/** True for an LDAP result (the server answered); false for a lost socket, a timeout, a TLS failure. */
export function isLdapResult(error: unknown): error is ResultCodeError {
  return error instanceof ResultCodeError;
}

/**
 * Turns anything an operation threw into `DirectoryUnavailable`, unless it is already a Rotera error.
 * The directory's own text stays in `cause` (for the log), never in the message.
 */
export function unavailable(error: unknown, operation: string): Error {
  if (error instanceof DirectoryUnavailable || error instanceof ConfigurationError) return error;
  const code = isLdapResult(error) ? ` (LDAP result ${error.code})` : '';
  return new DirectoryUnavailable(`directory ${operation} failed${code}`, { cause: error });
}

/**
 * Connections to one directory server. The service account's connection is opened on first use and
 * kept; it is dropped as soon as it fails, so the next operation reconnects. Password checks get a
 * short-lived connection of their own, closed in `finally`.
 */
export class LdapConnection {
  private service: Promise<Client> | null = null;

  constructor(
    private readonly options: LdapConnectionOptions,
    private readonly logger: Logger,
  ) {
    const scheme = options.url.split(':', 1)[0]?.toLowerCase();
    if (options.tls === 'ldaps' && scheme !== 'ldaps') {
      throw new ConfigurationError('LDAP_URL: must start with ldaps:// when LDAP_TLS is ldaps');
    }
    if (options.tls === 'starttls' && scheme !== 'ldap') {
      throw new ConfigurationError('LDAP_URL: must start with ldap:// when LDAP_TLS is starttls');
    }
  }

  /** Runs `work` on the service account's connection; a transport failure drops that connection. */
  async withService<T>(operation: string, work: (client: Client) => Promise<T>): Promise<T> {
    const { pending, client } = await this.serviceClient(operation);
    try {
      return await work(client);
    } catch (error) {
      if (!isLdapResult(error) || UNAVAILABLE_CODES.has(error.code)) {
        this.drop(pending, client);
        throw unavailable(error, operation);
      }
      throw error;
    }
  }

  /** The bound service connection, opened if needed. */
  private async serviceClient(operation: string): Promise<{ pending: Promise<Client>; client: Client }> {
    // Two rounds at most: the kept connection may have been closed by the server since its last use.
    for (let round = 0; ; round += 1) {
      let pending = this.service;
      if (pending === null) {
        pending = this.open(this.options.bindDn, this.options.bindPassword);
        this.service = pending;
      }
      let client: Client;
      try {
        client = await pending;
      } catch (error) {
        if (this.service === pending) this.service = null;
        throw unavailable(error, `${operation} (service bind)`);
      }
      // A silent reconnect by ldapts would be unauthenticated: use only a connection that is still bound.
      if (client.isBound) return { pending, client };
      this.drop(pending, client);
      if (round >= 1) throw new DirectoryUnavailable(`directory ${operation} failed: the connection closed right after binding`);
    }
  }

  /**
   * Binds as `dn` with `password` on a connection of its own and closes it. Resolves when the bind
   * succeeds; rejects with the LDAP result when the server refuses, `DirectoryUnavailable` otherwise.
   */
  async bindAs(dn: string, password: string, controls?: Control[]): Promise<void> {
    if (password === '') {
      // An empty password makes a simple bind "unauthenticated" (RFC 4513), which some servers accept.
      throw new ConfigurationError('refusing a bind with an empty password');
    }
    const client = this.newClient();
    try {
      await this.secure(client);
      await client.bind(dn, password, controls);
    } catch (error) {
      if (isLdapResult(error) && !UNAVAILABLE_CODES.has(error.code)) throw error;
      throw unavailable(error, 'password check');
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /**
   * Every entry of a paged search, page by page. A page that fails ends the iteration with
   * `DirectoryUnavailable`; entries already yielded stay valid (reads change nothing).
   */
  async *searchPaged(operation: string, base: string, options: SearchOptions, pageSize = 500): AsyncGenerator<Entry> {
    const pages = await this.withService(operation, (client) =>
      Promise.resolve(client.searchPaginated(base, { ...options, paged: { pageSize } })),
    );
    try {
      while (true) {
        const next = await this.withService(operation, () => pages.next()).catch((error: unknown) => {
          throw unavailable(error, operation);
        });
        if (next.done) return;
        for (const entry of next.value.searchEntries) yield entry;
      }
    } finally {
      await pages.return(undefined).catch(() => undefined);
    }
  }

  /** One search on the service connection, all results (for small, bounded result sets); every failure is `DirectoryUnavailable`. */
  async search(operation: string, base: string, options: SearchOptions, controls?: Control[]): Promise<Entry[]> {
    try {
      return await this.searchRaw(operation, base, options, controls);
    } catch (error) {
      throw unavailable(error, operation);
    }
  }

  /** Like `search`, but an LDAP result (noSuchObject, ...) is thrown as is, for the caller to read. */
  async searchRaw(operation: string, base: string, options: SearchOptions, controls?: Control[]): Promise<Entry[]> {
    return this.withService(operation, async (client) => (await client.search(base, options, controls)).searchEntries);
  }

  /** The server's rootDSE. */
  async rootDse(attributes: string[]): Promise<Entry | null> {
    const entries = await this.search('rootDSE read', '', { scope: 'base', filter: '(objectClass=*)', attributes });
    return entries[0] ?? null;
  }

  async close(): Promise<void> {
    const pending = this.service;
    this.service = null;
    if (pending) {
      const client = await pending.catch(() => null);
      await client?.unbind().catch(() => undefined);
    }
  }

  private drop(pending: Promise<Client>, client: Client): void {
    if (this.service === pending) this.service = null;
    client.unbind().catch(() => undefined);
  }

  private async open(dn: string, password: string): Promise<Client> {
    const client = this.newClient();
    try {
      await this.secure(client);
      await client.bind(dn, password);
      this.logger.debug({ url: this.options.url }, 'directory service connection opened');
      return client;
    } catch (error) {
      await client.unbind().catch(() => undefined);
      if (isLdapResult(error) && error.code === 49) {
        throw new DirectoryUnavailable('the directory refused the service account (LDAP_BIND_DN / LDAP_BIND_PASSWORD)', { cause: error });
      }
      throw error;
    }
  }

  private newClient(): Client {
    const { url, tls, connectTimeoutMs, timeoutMs } = this.options;
    return new Client({
      url,
      timeout: timeoutMs,
      connectTimeout: connectTimeoutMs,
      ...(tls === 'ldaps' ? { tlsOptions: this.tlsOptions() } : {}),
    });
  }

  private async secure(client: Client): Promise<void> {
    if (this.options.tls !== 'starttls') return;
    // ldapts puts no time limit on the TLS handshake after StartTLS; a server that hangs there must not hang us.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('StartTLS handshake timed out')), this.options.connectTimeoutMs);
    });
    try {
      // startTLS mutates the options it gets: hand it a fresh object every time.
      await Promise.race([client.startTLS(this.tlsOptions()), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private tlsOptions(): ConnectionOptions {
    const host = new URL(this.options.url).hostname;
    // SNI must not carry an IP address (RFC 6066); without a name, Node checks the IP against the certificate.
    const servername = this.options.servername ?? (isIP(host.replace(/^\[|\]$/g, '')) ? undefined : host);
    return {
      minVersion: 'TLSv1.2',
      ...(servername ? { servername } : {}),
      ...(this.options.ca && this.options.ca.length > 0 ? { ca: [...this.options.ca] } : {}),
    };
  }
}
