import { readFileSync } from 'node:fs';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  MsalServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { StatusCodes, type Activity } from 'botbuilder';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { Config } from '../config';
import { ConfigurationError } from '../domain/errors';

/**
 * The settings botbuilder's ConfigurationBotFrameworkAuthentication reads, from Rotera's Config:
 * - SingleTenant (new registrations): MicrosoftAppId, MicrosoftAppTenantId, and MicrosoftAppPassword or a
 *   certificate (MicrosoftAppCertificateThumbprint + MicrosoftAppCertificatePrivateKeyFile, a PEM file);
 * - UserAssignedMSI: MicrosoftAppId (the identity's client id) and MicrosoftAppTenantId, no secret;
 * - MultiTenant (older registrations): MicrosoftAppId and a password or certificate.
 * An empty MicrosoftAppId turns authentication off (local development only; config refuses it in production).
 * The endpoint overrides (ToBotFromChannelOpenIdMetadataUrl, ...) pass through for tests and sovereign clouds.
 */
export function botFrameworkAuthSettings(config: Config, readKeyFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): Record<string, string> {
  const s = config.settings;
  const settings: Record<string, string> = { ...config.botFramework };
  // botbuilder compares the type case-insensitively but spells it 'UserAssignedMsi'.
  if (s.MicrosoftAppType === 'UserAssignedMSI') settings.MicrosoftAppType = 'UserAssignedMsi';
  if (s.MicrosoftAppId !== '' && s.MicrosoftAppType !== 'UserAssignedMSI' && s.MicrosoftAppCertificateThumbprint) {
    if (!s.MicrosoftAppCertificatePrivateKeyFile) {
      throw new ConfigurationError('MicrosoftAppCertificatePrivateKeyFile: required with MicrosoftAppCertificateThumbprint');
    }
    let privateKey: string;
    try {
      privateKey = readKeyFile(s.MicrosoftAppCertificatePrivateKeyFile);
    } catch (error) {
      throw new ConfigurationError(`MicrosoftAppCertificatePrivateKeyFile: cannot read ${s.MicrosoftAppCertificatePrivateKeyFile}`, { cause: error });
    }
    if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(privateKey)) {
      throw new ConfigurationError('MicrosoftAppCertificatePrivateKeyFile: not a PEM private key');
    }
    // A certificate replaces the password: botbuilder would otherwise prefer neither deterministically.
    delete settings.MicrosoftAppPassword;
    settings.CertificateThumbprint = s.MicrosoftAppCertificateThumbprint;
    settings.CertificatePrivateKey = privateKey;
  }
  return settings;
}

/**
 * Outbound Bot Framework tokens from an MSAL app of our own (src/adapters/graph/entraApp), for authorities
 * botbuilder's built-in factories cannot reach: a local Entra fake in tests (HTTPS, `knownAuthorities`),
 * or a cloud whose login host MSAL does not know. botbuilder pins msal-node 2 in its types; the object it
 * calls (`acquireTokenByClientCredential`) is the same in the msal-node 7 we use.
 */
export function msalBotCredentials(appId: string, app: ConfidentialClientApplication): ServiceClientCredentialsFactory {
  return new MsalServiceClientCredentialsFactory(appId, app as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1]);
}

/** Failures of the token itself that jsonwebtoken reports and botbuilder passes on as they are (a 500). */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError', 'SyntaxError']);

function asUnauthorized(error: unknown): unknown {
  if (error instanceof Error && !(error instanceof AuthenticationError) && TOKEN_ERRORS.has(error.name)) {
    return new AuthenticationError(`Unauthorized: ${error.name}`, StatusCodes.UNAUTHORIZED);
  }
  return error;
}

/**
 * botbuilder answers 401 to most bad tokens, but a token whose signature does not verify (forged, tampered)
 * surfaces as jsonwebtoken's own error, which CloudAdapter turns into a 500. Every failure of the token
 * itself is the caller's fault: answer 401 like the others.
 */
export class StrictBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asUnauthorized(error);
    }
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw asUnauthorized(error);
    }
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    try {
      return await this.inner.authenticateChannelRequest(authHeader);
    } catch (error) {
      throw asUnauthorized(error);
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}
