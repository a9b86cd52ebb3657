/**
 * App-only tokens from Microsoft Entra ID with MSAL (client credentials), shared by the Graph adapters and,
 * in tests, by the Bot Framework adapter.
 */
import { ConfigurationError } from '../../domain/errors';
import { ConfidentialClientApplication, LogLevel, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';

const MICROSOFT_LOGIN_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn']);

export interface EntraAppCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  /** Either a client secret ... */
  readonly clientSecret?: string;
  /** ... or a certificate registered on the app: SHA-256 (or SHA-1) thumbprint in hex and the PEM private key. */
  readonly certificate?: { readonly thumbprint: string; readonly privateKey: string; readonly x5c?: string };
  /**
   * Default `https://login.microsoftonline.com`. Any other host (a sovereign cloud, a test fake) is added to
   * MSAL's `knownAuthorities`, so MSAL reads that host's own OpenID metadata instead of asking Microsoft's
   * instance discovery, which would refuse it. MSAL only accepts https authorities.
   */
  readonly authorityHost?: string;
  /** Defaults to the global fetch. Tests pass one that trusts their local CA. */
  readonly fetch?: typeof fetch;
}

/** MSAL's network module over a WHATWG fetch, so the transport can be replaced in one place. */
export class FetchNetworkClient implements INetworkModule {
  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>(url, { method: 'GET', headers: options?.headers ?? {} }, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, { method: 'POST', headers: options?.headers ?? {}, body: options?.body ?? '' });
  }

  private async send<T>(url: string, init: RequestInit, timeout?: number): Promise<NetworkResponse<T>> {
    const response = await this.fetchImpl(url, { ...init, ...(timeout ? { signal: AbortSignal.timeout(timeout) } : {}) });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const text = await response.text();
    let body: unknown = {};
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      // MSAL turns a non-JSON error page into its own error from the status; keep the body empty.
    }
    return { headers, body: body as T, status: response.status };
  }
}

export function createConfidentialClient(credentials: EntraAppCredentials): ConfidentialClientApplication {
  const host = new URL(credentials.authorityHost ?? 'https://login.microsoftonline.com');
  if (host.protocol !== 'https:') throw new ConfigurationError('GRAPH_AUTHORITY_HOST: must be https (MSAL refuses other authorities)');
  if (!credentials.clientSecret && !credentials.certificate) throw new TypeError('an Entra app needs a client secret or a certificate');
  const authority = `${host.origin}/${encodeURIComponent(credentials.tenantId)}`;
  return new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      authority,
      ...(credentials.clientSecret ? { clientSecret: credentials.clientSecret } : {}),
      ...(credentials.certificate
        ? {
            clientCertificate: {
              ...(credentials.certificate.thumbprint.length === 64
                ? { thumbprintSha256: credentials.certificate.thumbprint }
                : { thumbprint: credentials.certificate.thumbprint }),
              privateKey: credentials.certificate.privateKey,
              ...(credentials.certificate.x5c ? { x5c: credentials.certificate.x5c } : {}),
            },
          }
        : {}),
      ...(MICROSOFT_LOGIN_HOSTS.has(host.hostname) ? {} : { knownAuthorities: [host.host] }),
    },
    system: {
      networkClient: new FetchNetworkClient(credentials.fetch ?? fetch),
      // MSAL's own logging may include request details; ours records outcomes instead.
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
    },
  });
}

/** A function that returns a fresh (cached by MSAL until near expiry) access token for `scope`. */
export type AccessTokenSource = (scope: string) => Promise<string>;

export function accessTokenSource(client: ConfidentialClientApplication): AccessTokenSource {
  return async (scope) => {
    const result = await client.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new Error('Entra returned no access token');
    return result.accessToken;
  };
}
