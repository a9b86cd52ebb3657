import { createHash, X509Certificate } from 'node:crypto';
import { createConfidentialClient, accessTokenSource } from '../../src/adapters/graph/entraApp';
import { loadConfig } from '../../src/config';
import { ConfigurationError } from '../../src/domain/errors';
import { createAdapter } from '../../src/teams/createAdapter';
import { botFrameworkAuthSettings } from '../../src/teams/botAuthentication';
import type { Logger } from '../../src/ports/Logger';
import { BOT_FRAMEWORK_SCOPE, startEntraFake, type EntraFake } from '../servers/entraFake';
import { testTls } from '../support/testTls';

const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, child: () => quietLogger };
const APP_ID = '0b5e7c1d-2f3a-4b5c-8d9e-0f1a2b3c4d5e';
const TENANT = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

function config(extra: Record<string, string>) {
  return loadConfig({ NODE_ENV: 'test', MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT, ...extra });
}

describe('Bot Framework authentication settings', () => {
  it('passes a single-tenant password registration through', () => {
    const settings = botFrameworkAuthSettings(config({ MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'pw' }));
    expect(settings).toMatchObject({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: TENANT });
  });

  it('reads the certificate key file and drops the password for a certificate registration', () => {
    const tls = testTls();
    const files: string[] = [];
    const settings = botFrameworkAuthSettings(
      config({ MicrosoftAppType: 'SingleTenant', MicrosoftAppCertificateThumbprint: 'AB12', MicrosoftAppCertificatePrivateKeyFile: '/secrets/bot.pem' }),
      (path) => {
        files.push(path);
        return tls.key;
      },
    );
    expect(files).toEqual(['/secrets/bot.pem']);
    expect(settings).toMatchObject({ CertificateThumbprint: 'AB12', CertificatePrivateKey: tls.key });
    expect(settings.MicrosoftAppPassword).toBeUndefined();
    expect(() => createAdapter(config({ MicrosoftAppType: 'SingleTenant', MicrosoftAppCertificateThumbprint: 'AB12', MicrosoftAppCertificatePrivateKeyFile: '/x' }), quietLogger)).toThrow(ConfigurationError);
  });

  it('names the key-file setting when the file is missing or not a PEM key', () => {
    const cert = { MicrosoftAppType: 'SingleTenant', MicrosoftAppCertificateThumbprint: 'AB12', MicrosoftAppCertificatePrivateKeyFile: '/nope.pem' };
    expect(() => botFrameworkAuthSettings(config(cert))).toThrow(/MicrosoftAppCertificatePrivateKeyFile: cannot read/);
    expect(() => botFrameworkAuthSettings(config(cert), () => 'hello')).toThrow(/MicrosoftAppCertificatePrivateKeyFile: not a PEM private key/);
  });

  it('spells a user-assigned managed identity the way botbuilder expects, with no secret', () => {
    const settings = botFrameworkAuthSettings(config({ MicrosoftAppType: 'UserAssignedMSI' }));
    expect(settings).toMatchObject({ MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT });
    expect(settings.MicrosoftAppPassword).toBeUndefined();
    expect(() => createAdapter(config({ MicrosoftAppType: 'UserAssignedMSI' }), quietLogger)).not.toThrow();
  });

  it('builds adapters for every registration type, and with authentication off', () => {
    expect(() => createAdapter(config({ MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'pw' }), quietLogger)).not.toThrow();
    expect(() => createAdapter(config({ MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 'pw' }), quietLogger)).not.toThrow();
    expect(() => createAdapter(loadConfig({ NODE_ENV: 'test' }), quietLogger)).not.toThrow();
  });
});

describe('Entra app credentials with a certificate', () => {
  let entra: EntraFake;
  beforeAll(async () => {
    entra = await startEntraFake();
  });
  afterAll(async () => {
    await entra?.stop();
  });

  it.each([
    ['SHA-256', 'sha256'],
    ['SHA-1', 'sha1'],
  ])('gets a token with a client assertion signed by the certificate key (%s thumbprint)', async (_name, algorithm) => {
    const tls = testTls();
    const clientId = `cert-app-${algorithm}`;
    entra.registerClient(clientId, { certificatePem: tls.cert });
    const thumbprint = createHash(algorithm).update(new X509Certificate(tls.cert).raw).digest('hex').toUpperCase();
    const app = createConfidentialClient({ tenantId: entra.tenantId, clientId, certificate: { thumbprint, privateKey: tls.key }, authorityHost: entra.authorityHost, fetch: entra.fetch });
    const token = await accessTokenSource(app)(`${BOT_FRAMEWORK_SCOPE}/.default`);
    expect(entra.verifyAccessToken(token, BOT_FRAMEWORK_SCOPE)).toMatchObject({ appid: clientId });
    expect(entra.issued.at(-1)).toMatchObject({ clientId, credential: 'certificate' });
  });

  it('is refused when the assertion is signed with another key', async () => {
    const tls = testTls();
    entra.registerClient('cert-app-other', { certificatePem: tls.cert });
    const { generateKeyPairSync } = await import('node:crypto');
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const thumbprint = createHash('sha256').update(new X509Certificate(tls.cert).raw).digest('hex');
    const app = createConfidentialClient({ tenantId: entra.tenantId, clientId: 'cert-app-other', certificate: { thumbprint, privateKey: otherKey }, authorityHost: entra.authorityHost, fetch: entra.fetch });
    await expect(accessTokenSource(app)(`${BOT_FRAMEWORK_SCOPE}/.default`)).rejects.toThrow(/invalid_client/);
  });
});
