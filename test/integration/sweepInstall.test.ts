/**
 * Proactive install for people who never opened the bot: the sweep finds no conversation reference,
 * installs Rotera for the person through Graph (HTTPS fake with Entra tokens, the real Graph SDK and
 * MSAL), gets the chat and sends the nudge through the real CloudAdapter to a Bot Connector stub.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createGraphClient } from '../../src/adapters/graph/createGraphClient';
import { accessTokenSource, createConfidentialClient } from '../../src/adapters/graph/entraApp';
import { TeamsAppInstaller } from '../../src/adapters/graph/TeamsAppInstaller';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { DEMO_PASSWORDS, DEMO_PEOPLE, demoDirectory } from '../../src/adapters/memory/demoData';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { sendRotationNudges } from '../../src/app/sendRotationNudges';
import { ConversationReferences } from '../../src/teams/proactive/conversationReferences';
import { ProactiveSender } from '../../src/teams/proactive/ProactiveSender';
import { TeamsNotifier } from '../../src/teams/proactive/TeamsNotifier';
import { startEntraFake, type EntraFake } from '../servers/entraFake';
import { startGraphFake, type GraphFake } from '../servers/graphFake';
import { ConnectorStub } from '../support/connectorStub';
import { captureLogs, checkLogsAfterAll, secretsSeen } from '../support/logCapture';

// Issues 2 and 5: no client secret, Graph token or directory password may appear in any line the suite logged.
checkLogsAfterAll('install-secret', 'other-secret', ...Object.values(DEMO_PASSWORDS));

const logger = captureLogs('debug').logger;
const MANIFEST_ID = '7c0c1f5e-6d0b-4c8e-9a51-2f3f1c1d2e3f';
const INSTALL_ROLES = ['TeamsAppInstallation.ReadWriteSelfForUser.All', 'AppCatalog.Read.All', 'User.Read.All'];

let entra: EntraFake;
let graph: GraphFake;
const stub = new ConnectorStub();
let serviceUrl = '';

beforeAll(async () => {
  entra = await startEntraFake();
  secretsSeen.from(() => entra.issued.map((t) => t.accessToken));
  entra.registerClient('rotera-install', { secret: 'install-secret', roles: INSTALL_ROLES });
  entra.registerClient('rotera-no-consent', { secret: 'other-secret', roles: ['User.Read.All'] });
  graph = await startGraphFake({ entra });
  for (const person of Object.values(DEMO_PEOPLE)) {
    graph.addUser({ id: person.aadObjectId, displayName: person.displayName, userPrincipalName: person.userPrincipalName, onPremisesDistinguishedName: person.dn });
  }
  graph.addCatalogApp(MANIFEST_ID);
  serviceUrl = await stub.start();
});

afterAll(async () => {
  await stub.stop();
  await graph.stop();
  await entra.stop();
});

beforeEach(() => stub.reset());

function world(clientId: string, secret: string, manifestId = MANIFEST_ID) {
  const clock = new ManualClock(Date.parse('2026-11-25T07:30:00Z'));
  const directory = demoDirectory(clock.now(), clock);
  const store = new MemoryStore(clock);
  const app = createConfidentialClient({ tenantId: entra.tenantId, clientId, clientSecret: secret, authorityHost: entra.authorityHost, fetch: entra.fetch });
  const client = createGraphClient({ tokens: accessTokenSource(app), baseUrl: graph.baseUrl, fetch: entra.fetch, timeoutMs: 5000 });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' }));
  const references = new ConversationReferences(store);
  const notifier = new TeamsNotifier({
    references,
    sender: new ProactiveSender({ adapter, appId: '', logger, baseDelayMs: 5 }),
    logger,
    people: directory,
    install: { opener: new TeamsAppInstaller({ client, manifestId, logger }), serviceUrl, tenantId: entra.tenantId, botId: '28:rotera' },
  });
  const sweep = () => sendRotationNudges({ directory, people: directory, store, clock, sender: notifier, logger });
  return { clock, store, references, sweep };
}

describe('proactive install through Graph', () => {
  it('installs the app for people who never opened the bot, then delivers into the new chat', async () => {
    const { references, sweep } = world('rotera-install', 'install-secret');
    const summary = await sweep();
    expect(summary.unreachable).toEqual([]);
    const annaInstall = graph.installations.find((i) => i.userId === DEMO_PEOPLE.anna.aadObjectId);
    const erikInstall = graph.installations.find((i) => i.userId === DEMO_PEOPLE.erik.aadObjectId);
    expect(annaInstall).toBeDefined();
    expect(erikInstall).toBeDefined();
    // Anna manages both demo accounts: every nudge for her went to the chat the install opened.
    expect(stub.delivered(annaInstall!.chatId).length).toBeGreaterThanOrEqual(2);
    expect(stub.delivered(erikInstall!.chatId).length).toBeGreaterThanOrEqual(1);
    expect(summary.delivered).toBe(stub.delivered().length);
    // The chat is remembered: the next nudge needs no Graph call.
    expect((await references.forPerson(DEMO_PEOPLE.anna.dn))?.reference.conversation?.id).toBe(annaInstall!.chatId);
    const tokenless = graph.requests.filter((r) => !String(r.headers.authorization ?? '').startsWith('Bearer '));
    expect(tokenless).toEqual([]);
  });

  it('finds the chat when the app is already installed (409) instead of failing', async () => {
    const { sweep } = world('rotera-install', 'install-secret');
    const before = graph.installations.length;
    const summary = await sweep();
    expect(summary.unreachable).toEqual([]);
    expect(graph.installations.length).toBe(before);
    expect(graph.requests.some((r) => r.method === 'POST' && r.status === 409)).toBe(true);
  });

  it('lists people as unreachable when the app has no consent to install, and sends nothing', async () => {
    const { sweep, store } = world('rotera-no-consent', 'other-secret');
    const summary = await sweep();
    expect(summary.delivered).toBe(0);
    expect(summary.unreachable.map((u) => u.displayName)).toEqual(['Anna Lindqvist', 'Erik Johansson']);
    expect(stub.requests).toEqual([]);
    const stored = await store.get<{ unreachable: unknown[] }>('sweep/summary/latest');
    expect(stored?.value.unreachable).toHaveLength(2);
  });

  it('lists people as unreachable when Rotera is not in the org catalog', async () => {
    const { sweep } = world('rotera-install', 'install-secret', 'not-published');
    expect((await sweep()).unreachable.map((u) => u.personDn)).toEqual([DEMO_PEOPLE.anna.dn, DEMO_PEOPLE.erik.dn]);
  });
});
