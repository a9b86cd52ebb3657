// Prints what the tenant-facing adapters cost on this machine, against local servers (so Azure's and
// Microsoft's own network time is excluded): the Azure Blob store on Azurite (get, put, ifMatch update,
// ifNoneMatch claim, list), the duplicate guard's claim, a Graph people look-up cold and cached (real
// Graph client + MSAL against the HTTPS fakes), and inbound JWT validation on POST /api/messages.
// Not run by jest. Run: npm run bench -- tenant
import { AzureBlobStore } from '../../src/adapters/azure/AzureBlobStore';
import { createGraphClient } from '../../src/adapters/graph/createGraphClient';
import { accessTokenSource, createConfidentialClient } from '../../src/adapters/graph/entraApp';
import { GraphPeopleDirectory } from '../../src/adapters/graph/GraphPeopleDirectory';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { loadConfig } from '../../src/config';
import { startRotera } from '../../src/index';
import { msalBotCredentials } from '../../src/teams/botAuthentication';
import { DuplicateActivityGuard } from '../../src/teams/duplicateActivityGuard';
import { startBotConnectorFake } from '../support/botConnectorFake';
import { startAzurite } from '../servers/azurite';
import { startEntraFake } from '../servers/entraFake';
import { startGraphFake } from '../servers/graphFake';
import { summary, timed } from './sequential';

const quiet = createPinoLogger({ level: 'silent' });

async function azure(): Promise<void> {
  const azurite = await startAzurite();
  try {
    const store = new AzureBlobStore({ containerClient: azurite.containerClient('bench') });
    const value = { dialogStack: [{ id: 'resetPassword', state: { step: 3, account: 'hemtjanstab' } }], locale: 'sv' };
    await store.put('bench/state', value);
    summary('azure: put (unconditional)', await timed(300, (i) => store.put(`bench/put/${i}`, value)));
    summary('azure: get', await timed(300, () => store.get('bench/state')));
    summary(
      'azure: read-modify-write with ifMatch',
      await timed(200, async () => {
        const current = await store.get<typeof value>('bench/state');
        await store.put('bench/state', value, { ifMatch: current?.eTag ?? '' });
      }),
    );
    summary('azure: claim with ifNoneMatch + ttl (duplicate guard)', await timed(300, (i) => store.put(`dedupe/${i}`, { state: 'handling' }, { ifNoneMatch: true, ttlMs: 900_000 })));
    for (let i = 0; i < 100; i += 1) await store.put(`bench/list/${String(i).padStart(3, '0')}`, value);
    summary('azure: list 100 entries', await timed(30, async () => {
      let n = 0;
      for await (const _ of store.list('bench/list/')) n += 1;
      if (n !== 100) throw new Error(`listed ${n}`);
    }));
    const key = (i: number) => DuplicateActivityGuard.keyFor({ id: `a-${i}`, channelId: 'msteams', conversation: { id: 'a:c', isGroup: false, name: '' } as never });
    summary('azure: guard key + claim per activity', await timed(300, (i) => store.put(key(i) ?? '', { state: 'handling' }, { ifNoneMatch: true, ttlMs: 900_000 })));
  } finally {
    await azurite.stop();
  }
}

async function graph(): Promise<void> {
  const entra = await startEntraFake();
  entra.registerClient('bench-graph', { secret: 's', roles: ['User.Read.All'] });
  const fake = await startGraphFake({ entra });
  try {
    for (let i = 0; i < 500; i += 1) {
      fake.addUser({
        id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        displayName: `Person ${i}`,
        userPrincipalName: `person${i}@rotera.example`,
        mobilePhone: '070-111 22 33',
        onPremisesDistinguishedName: `CN=Person ${i},OU=Personal,DC=rotera,DC=example`,
        managerId: '00000000-0000-0000-0000-000000000000',
      });
    }
    const app = createConfidentialClient({ tenantId: entra.tenantId, clientId: 'bench-graph', clientSecret: 's', authorityHost: entra.authorityHost, fetch: entra.fetch });
    const client = createGraphClient({ tokens: accessTokenSource(app), baseUrl: fake.baseUrl, fetch: entra.fetch });
    const cold = new GraphPeopleDirectory({ client, logger: quiet, cacheTtlMs: 0 });
    const cached = new GraphPeopleDirectory({ client, logger: quiet });
    const user = (i: number) => ({ teamsUserId: '29:x', aadObjectId: `00000000-0000-0000-0000-${String(Math.abs(i) % 500).padStart(12, '0')}`, userPrincipalName: null, name: null, locale: 'sv' as const });
    summary('graph: personForTeamsUser, no cache (1 request)', await timed(200, (i) => cold.personForTeamsUser(user(i))));
    summary('graph: personByDn, no cache (2 requests)', await timed(200, (i) => cold.personByDn(`CN=Person ${Math.abs(i) % 500},OU=Personal,DC=rotera,DC=example`)));
    summary('graph: searchPeople "person 1", 10 hits', await timed(100, () => cold.searchPeople('person 1', 10)));
    await cached.personForTeamsUser(user(7));
    summary('graph: personForTeamsUser, cached', await timed(1000, () => cached.personForTeamsUser(user(7))));
    console.log(`graph: tokens issued by Entra for all of the above: ${entra.issued.length}`);
  } finally {
    await fake.stop();
    await entra.stop();
  }
}

async function inboundAuth(): Promise<void> {
  const appId = '5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f';
  const entra = await startEntraFake();
  entra.registerClient(appId, { secret: 's' });
  const connector = await startBotConnectorFake();
  const app = createConfidentialClient({ tenantId: entra.tenantId, clientId: appId, clientSecret: 's', authorityHost: entra.authorityHost, fetch: entra.fetch });
  const rotera = await startRotera(
    loadConfig({ NODE_ENV: 'test', PORT: '0', STORAGE: 'memory', LOG_LEVEL: 'silent', MicrosoftAppType: 'SingleTenant', MicrosoftAppId: appId, MicrosoftAppPassword: 's', MicrosoftAppTenantId: entra.tenantId, ...entra.botFrameworkSettings() }),
    { logger: quiet, store: new MemoryStore(), secrets: { codeKey: 'k'.repeat(40), historyPepper: 'p'.repeat(40) }, credentialsFactory: msalBotCredentials(appId, app) },
  );
  try {
    const token = entra.signChannelToken({ appId, serviceUrl: connector.serviceUrl });
    const post = (i: number, authorization: string) =>
      fetch(rotera.messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          type: 'message',
          text: 'hjälp',
          id: `bench-${i}-${Math.random()}`,
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          from: { id: '29:anna', aadObjectId: '00000000-0000-0000-0000-00000000a001' },
          recipient: { id: `28:${appId}` },
          conversation: { id: 'a:bench', conversationType: 'personal' },
          locale: 'sv-SE',
        }),
      }).then((r) => r.text());
    summary('server: "hjälp" turn with JWT validation + signed reply', await timed(200, (i) => post(i, `Bearer ${token}`)));
    summary('server: refused token (401, no turn)', await timed(200, (i) => post(i, `Bearer ${entra.signChannelToken({ appId, serviceUrl: connector.serviceUrl, key: 'forged' })}`)));
  } finally {
    await rotera.stop();
    await connector.close();
    await entra.stop();
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  await azure();
  await graph();
  await inboundAuth();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
