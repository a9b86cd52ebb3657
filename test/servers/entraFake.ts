/**
 * A local fake of Microsoft Entra ID and of the Bot Framework channel's token keys, for suites that run the
 * real MSAL, Graph client and botbuilder authentication code. Reusable by every suite:
 *
 *   const entra = await startEntraFake();                 // HTTPS on localhost (self-signed; trust `entra.ca`)
 *   entra.registerClient('app-id', { secret: 's3cret', roles: ['User.Read.All'] });
 *   createConfidentialClient({ tenantId: entra.tenantId, clientId: 'app-id', clientSecret: 's3cret',
 *                              authorityHost: entra.authorityHost, fetch: entra.fetch });
 *   entra.verifyAccessToken(bearer, 'https://graph.microsoft.com')   // claims, or null (for other fakes)
 *
 * Outbound (app-only tokens, what MSAL talks to), over HTTPS:
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   OpenID metadata (MSAL's authority metadata)
 *   GET  /{tenant}/discovery/v2.0/keys                     JWKS of the access-token key
 *   POST /{tenant}/oauth2/v2.0/token                       client_credentials with client_secret or a
 *                                                          client_assertion (certificate); scope `<resource>/.default`
 * Inbound (what botbuilder checks on POST /api/messages), over plain HTTP (botbuilder fetches it without our CA):
 *   GET  /{instance}/channel/.well-known/openidconfiguration   { issuer, jwks_uri }
 *   GET  /{instance}/channel/keys                              one stable RSA key, endorsed for `msteams`
 * Managed identity (App Service's endpoint, which @azure/identity uses when IDENTITY_ENDPOINT and IDENTITY_HEADER
 * are set; see `managedIdentityEnv()`), over plain HTTP like the real one on localhost:
 *   GET  /{instance}/msi/token?api-version=2019-08-01&resource=...&client_id=...   header X-IDENTITY-HEADER
 * `signChannelToken(...)` makes the token the Teams channel would send, with any claim changed for negative tests.
 * botbuilder caches OpenID metadata per URL for 24 h in the process, so each fake gets a random instance path:
 * one stable key per metadata URL.
 */
import { constants, createHash, generateKeyPairSync, randomUUID, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fetchTrusting, testTls } from '../support/testTls';

export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export type JwtClaims = Record<string, unknown>;

export interface ClientRegistration {
  readonly secret?: string;
  /** PEM certificate whose key signs the client assertion (certificate credentials). */
  readonly certificatePem?: string;
  /** Application permissions put in the `roles` claim of every token issued to this client. */
  readonly roles?: readonly string[];
}

export interface IssuedToken {
  readonly clientId: string;
  readonly scope: string;
  readonly credential: 'secret' | 'certificate' | 'managed-identity';
  readonly accessToken: string;
}

export interface ChannelTokenOptions {
  /** The bot's app id (the token's audience). */
  readonly appId: string;
  /** The activity's serviceUrl (`serviceurl` claim). */
  readonly serviceUrl: string;
  readonly audience?: string;
  readonly issuer?: string;
  /** Seconds from now; negative for a token that has already expired. Default 3600. */
  readonly expiresIn?: number;
  /** Sign with a key the JWKS does not list (`unknown`), or with the right kid but a different key (`forged`). */
  readonly key?: 'channel' | 'unknown' | 'forged';
  readonly extraClaims?: JwtClaims;
  /** Remove these claims from the payload. */
  readonly omit?: readonly string[];
}

export interface EntraFake {
  readonly tenantId: string;
  /** `https://localhost:PORT`: GRAPH_AUTHORITY_HOST / the authority host for MSAL. */
  readonly authorityHost: string;
  /** `https://localhost:PORT/{tenant}`. */
  readonly authority: string;
  /** PEM of the certificate the HTTPS side presents (self-signed). */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** A fetch that trusts `ca`, for MSAL's network client and the Graph client. */
  readonly fetch: typeof fetch;
  /** The issuer of channel tokens (ToBotFromChannelTokenIssuer). */
  readonly channelIssuer: string;
  /** Plain-http OpenID metadata of the channel keys (ToBotFromChannelOpenIdMetadataUrl). */
  readonly channelOpenIdMetadataUrl: string;
  /** Every token the token endpoint (or the managed-identity endpoint) issued, in order. */
  readonly issued: IssuedToken[];
  /** The environment that points @azure/identity's ManagedIdentityCredential here (App Service style). */
  managedIdentityEnv(): { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** How many token requests were refused (bad client, bad secret, bad assertion). */
  readonly refusals: () => number;
  registerClient(clientId: string, registration: ClientRegistration): void;
  signChannelToken(options: ChannelTokenOptions): string;
  /** The claims of an access token this fake issued for `audience` (and not expired), or null. */
  verifyAccessToken(token: string, audience: string): JwtClaims | null;
  /**
   * Settings for botbuilder's ConfigurationBotFrameworkAuthentication that point every endpoint here.
   * (If one override is set, botbuilder defaults none of the others, so all are given.)
   */
  botFrameworkSettings(): Record<string, string>;
  stop(): Promise<void>;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function signJwt(header: Record<string, unknown>, payload: JwtClaims, key: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${base64url(sign('RSA-SHA256', Buffer.from(signingInput), key))}`;
}

function decodeJwt(token: string): { header: JwtClaims; payload: JwtClaims; signingInput: string; signature: Buffer } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    return {
      header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as JwtClaims,
      payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as JwtClaims,
      signingInput: `${h}.${p}`,
      signature: Buffer.from(s, 'base64url'),
    };
  } catch {
    return null;
  }
}

function jwkOf(publicKey: KeyObject, kid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const jwk = publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, ...extra };
}

function rsaKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startEntraFake(options: { tenantId?: string } = {}): Promise<EntraFake> {
  const tenantId = options.tenantId ?? randomUUID();
  const tls = testTls();
  const instance = randomUUID();
  const tokenKey = { ...rsaKey(), kid: `entra-${instance.slice(0, 8)}` };
  const channelKey = { ...rsaKey(), kid: `channel-${instance.slice(0, 8)}` };
  const strangerKey = { ...rsaKey(), kid: `stranger-${instance.slice(0, 8)}` };
  const clients = new Map<string, ClientRegistration>();
  const issued: IssuedToken[] = [];
  let refusals = 0;

  const httpsServer = https.createServer({ cert: tls.cert, key: tls.key });
  const httpServer = http.createServer();
  const [httpsPort, httpPort] = await Promise.all([listen(httpsServer), listen(httpServer)]);
  const authorityHost = `https://localhost:${httpsPort}`;
  const channelBase = `http://127.0.0.1:${httpPort}/${instance}/channel`;
  const channelIssuer = `https://api.botframework.test/${instance}`;
  const tokenIssuer = `https://sts.windows.net/${tenantId}/`;

  const mint = (clientId: string, audience: string, roles: readonly string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { typ: 'JWT', alg: 'RS256', kid: tokenKey.kid },
      { aud: audience, iss: tokenIssuer, iat: now, nbf: now, exp: now + 3600, appid: clientId, azp: clientId, tid: tenantId, roles, ver: '1.0' },
      tokenKey.privateKey,
    );
  };
  const identityHeader = randomUUID();

  const refuse = (res: http.ServerResponse, status: number, error: string, description: string): void => {
    refusals += 1;
    send(res, status, { error, error_description: description, error_codes: [7000215], timestamp: new Date().toISOString() });
  };

  const checkAssertion = (assertion: string, clientId: string, registration: ClientRegistration, tokenEndpoint: string): boolean => {
    if (!registration.certificatePem) return false;
    const jwt = decodeJwt(assertion);
    if (!jwt) return false;
    const cert = new X509Certificate(registration.certificatePem);
    // MSAL signs with PS256 when given a SHA-256 thumbprint, RS256 with a SHA-1 one; Entra accepts both.
    const key = jwt.header.alg === 'PS256' ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : cert.publicKey;
    const ok = (jwt.header.alg === 'PS256' || jwt.header.alg === 'RS256') && verify('sha256', Buffer.from(jwt.signingInput), key, jwt.signature);
    const thumbprintSha1 = createHash('sha1').update(cert.raw).digest('base64url');
    const thumbprintSha256 = createHash('sha256').update(cert.raw).digest('base64url');
    const exp = typeof jwt.payload.exp === 'number' ? jwt.payload.exp : 0;
    return (
      ok &&
      (jwt.header['x5t#S256'] === thumbprintSha256 || jwt.header.x5t === thumbprintSha1) &&
      jwt.payload.iss === clientId &&
      jwt.payload.sub === clientId &&
      jwt.payload.aud === tokenEndpoint &&
      exp > Date.now() / 1000
    );
  };

  httpsServer.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', authorityHost);
      const [, tenant, ...rest] = url.pathname.split('/');
      const path = rest.join('/');
      const authority = `${authorityHost}/${tenant}`;
      if (req.method === 'GET' && path === 'v2.0/.well-known/openid-configuration') {
        send(res, 200, {
          issuer: `${authorityHost}/${tenantId}/v2.0`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          tenant_region_scope: 'EU',
        });
        return;
      }
      if (req.method === 'GET' && path === 'discovery/v2.0/keys') {
        send(res, 200, { keys: [jwkOf(tokenKey.publicKey, tokenKey.kid)] });
        return;
      }
      if (req.method === 'POST' && path === 'oauth2/v2.0/token') {
        const form = new URLSearchParams(await readBody(req));
        const clientId = form.get('client_id') ?? '';
        const registration = clients.get(clientId);
        if (tenant !== tenantId) return refuse(res, 400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
        if (form.get('grant_type') !== 'client_credentials') return refuse(res, 400, 'unsupported_grant_type', 'AADSTS70003: only client_credentials here');
        if (!registration) return refuse(res, 400, 'unauthorized_client', `AADSTS700016: Application with identifier '${clientId}' was not found.`);
        const secret = form.get('client_secret');
        const assertion = form.get('client_assertion');
        let credential: IssuedToken['credential'];
        if (secret !== null) {
          if (!registration.secret || secret !== registration.secret) return refuse(res, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
          credential = 'secret';
        } else if (assertion !== null) {
          if (!checkAssertion(assertion, clientId, registration, `${authority}/oauth2/v2.0/token`)) {
            return refuse(res, 401, 'invalid_client', 'AADSTS700027: Client assertion contains an invalid signature.');
          }
          credential = 'certificate';
        } else {
          return refuse(res, 401, 'invalid_client', 'AADSTS7000216: client_assertion or client_secret is required.');
        }
        const scope = (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
        if (!scope) return refuse(res, 400, 'invalid_scope', 'AADSTS1002012: The provided value for scope is not valid; client credentials need <resource>/.default.');
        const accessToken = mint(clientId, scope.slice(0, -'/.default'.length), registration.roles ?? []);
        issued.push({ clientId, scope, credential, accessToken });
        send(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
        return;
      }
      send(res, 404, { error: 'not_found' });
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'server_error' });
    });
  });

  httpServer.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && path === `/${instance}/channel/.well-known/openidconfiguration`) {
      send(res, 200, {
        issuer: channelIssuer,
        authorization_endpoint: 'https://invalid.botframework.test',
        jwks_uri: `${channelBase}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
      return;
    }
    if (req.method === 'GET' && path === `/${instance}/msi/token`) {
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      const resource = query.get('resource') ?? '';
      const clientId = query.get('client_id') ?? '';
      if (req.headers['x-identity-header'] !== identityHeader) return refuse(res, 401, 'invalid_request', 'missing or wrong X-IDENTITY-HEADER');
      if (!clients.has(clientId)) return refuse(res, 400, 'invalid_request', `no managed identity with client id ${clientId}`);
      const accessToken = mint(clientId, resource, clients.get(clientId)?.roles ?? []);
      issued.push({ clientId, scope: `${resource}/.default`, credential: 'managed-identity', accessToken });
      send(res, 200, { access_token: accessToken, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource, token_type: 'Bearer', client_id: clientId });
      return;
    }
    if (req.method === 'GET' && path === `/${instance}/channel/keys`) {
      send(res, 200, { keys: [jwkOf(channelKey.publicKey, channelKey.kid, { endorsements: ['msteams', 'webchat', 'emulator'] })] });
      return;
    }
    send(res, 404, { error: 'not_found' });
  });

  return {
    tenantId,
    authorityHost,
    authority: `${authorityHost}/${tenantId}`,
    ca: tls.cert,
    cert: tls.cert,
    key: tls.key,
    fetch: fetchTrusting(tls.cert),
    channelIssuer,
    channelOpenIdMetadataUrl: `${channelBase}/.well-known/openidconfiguration`,
    issued,
    refusals: () => refusals,
    managedIdentityEnv() {
      return { IDENTITY_ENDPOINT: `http://127.0.0.1:${httpPort}/${instance}/msi/token`, IDENTITY_HEADER: identityHeader };
    },
    registerClient(clientId, registration) {
      clients.set(clientId, registration);
    },
    signChannelToken(options) {
      const now = Math.floor(Date.now() / 1000);
      const expiresIn = options.expiresIn ?? 3600;
      const claims: JwtClaims = {
        iss: options.issuer ?? channelIssuer,
        aud: options.audience ?? options.appId,
        serviceurl: options.serviceUrl,
        nbf: Math.min(now, now + expiresIn) - 600,
        exp: now + expiresIn,
        ...options.extraClaims,
      };
      for (const name of options.omit ?? []) delete claims[name];
      const which = options.key ?? 'channel';
      const kid = which === 'unknown' ? strangerKey.kid : channelKey.kid;
      const key = which === 'channel' ? channelKey.privateKey : strangerKey.privateKey;
      return signJwt({ typ: 'JWT', alg: 'RS256', kid, x5t: kid }, claims, key);
    },
    verifyAccessToken(token, audience) {
      const jwt = decodeJwt(token);
      if (!jwt || jwt.header.kid !== tokenKey.kid) return null;
      if (!verify('RSA-SHA256', Buffer.from(jwt.signingInput), tokenKey.publicKey, jwt.signature)) return null;
      const exp = typeof jwt.payload.exp === 'number' ? jwt.payload.exp : 0;
      if (jwt.payload.aud !== audience || jwt.payload.iss !== tokenIssuer || exp <= Date.now() / 1000) return null;
      return jwt.payload;
    },
    botFrameworkSettings() {
      return {
        ToBotFromChannelOpenIdMetadataUrl: `${channelBase}/.well-known/openidconfiguration`,
        ToBotFromChannelTokenIssuer: channelIssuer,
        ToBotFromEmulatorOpenIdMetadataUrl: `${channelBase}/.well-known/openidconfiguration`,
        ToChannelFromBotLoginUrl: `${authorityHost}/${tenantId}`,
        ToChannelFromBotOAuthScope: BOT_FRAMEWORK_SCOPE,
        OAuthUrl: `${authorityHost}/oauth-api-not-used`,
        CallerId: 'urn:botframework:azure',
        ValidateAuthority: 'true',
      };
    },
    async stop() {
      await Promise.all([close(httpsServer), close(httpServer)]);
    },
  };
}
