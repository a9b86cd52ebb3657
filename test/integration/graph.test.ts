import { createGraphClient } from '../../src/adapters/graph/createGraphClient';
import { accessTokenSource, createConfidentialClient } from '../../src/adapters/graph/entraApp';
import { GraphPeopleDirectory, odataString } from '../../src/adapters/graph/GraphPeopleDirectory';
import { TeamsActivityFeed } from '../../src/adapters/graph/TeamsActivityFeed';
import { ConfigurationError, DirectoryUnavailable } from '../../src/domain/errors';
import type { TeamsUser } from '../../src/domain/model';
import type { Logger } from '../../src/ports/Logger';
import { startEntraFake, type EntraFake } from '../servers/entraFake';
import { startGraphFake, type GraphFake } from '../servers/graphFake';
import { captureLogs } from '../support/logCapture';

const logs = captureLogs();
const logger: Logger = logs.logger;

const ANNA = '00000000-0000-0000-0000-00000000a001';
const MARIA = '00000000-0000-0000-0000-00000000a003';
const OBRIEN = '00000000-0000-0000-0000-00000000a004';
const CLOUD_ONLY = '00000000-0000-0000-0000-00000000a005';
const ANNA_DN = 'CN=Anna Lindqvist,OU=Personal,DC=rotera,DC=example';
const MARIA_DN = 'CN=Maria Berg,OU=Personal,DC=rotera,DC=example';
const OBRIEN_DN = "CN=Sean O'Brien,OU=Personal,DC=rotera,DC=example";

let entra: EntraFake;
let graph: GraphFake;

function teamsUser(overrides: Partial<TeamsUser>): TeamsUser {
  return { teamsUserId: '29:x', aadObjectId: null, userPrincipalName: null, name: null, locale: 'sv', ...overrides };
}

function directory(options: { secret?: string; cacheTtlMs?: number } = {}): GraphPeopleDirectory {
  const app = createConfidentialClient({
    tenantId: entra.tenantId,
    clientId: 'rotera-graph',
    clientSecret: options.secret ?? 'graph-secret',
    authorityHost: entra.authorityHost,
    fetch: entra.fetch,
  });
  const client = createGraphClient({ tokens: accessTokenSource(app), baseUrl: graph.baseUrl, fetch: entra.fetch, timeoutMs: 5000 });
  return new GraphPeopleDirectory({ client, logger: logger, cacheTtlMs: options.cacheTtlMs ?? 0 });
}

beforeAll(async () => {
  entra = await startEntraFake();
  entra.registerClient('rotera-graph', { secret: 'graph-secret', roles: ['User.Read.All'] });
  entra.registerClient('no-consent', { secret: 'other-secret', roles: [] });
  entra.registerClient('rotera-feed', { secret: 'feed-secret', roles: ['TeamsActivity.Send'] });
  graph = await startGraphFake({ entra });
  graph.addUser({
    id: ANNA,
    displayName: 'Anna Lindqvist',
    userPrincipalName: 'anna.lindqvist@rotera.example',
    mail: 'anna.lindqvist@rotera.example',
    mobilePhone: '070-111 22 33',
    businessPhones: ['+46 19 21 00 00'],
    preferredLanguage: 'sv-SE',
    onPremisesDistinguishedName: ANNA_DN,
    onPremisesSamAccountName: 'annlin',
    managerId: MARIA,
  });
  graph.addUser({
    id: MARIA,
    displayName: 'Maria Berg',
    userPrincipalName: 'maria.berg@rotera.example',
    mail: 'maria.berg@rotera.example',
    businessPhones: ['+46 70 999 88 77'],
    onPremisesDistinguishedName: MARIA_DN,
    onPremisesSamAccountName: 'marber',
  });
  graph.addUser({
    id: OBRIEN,
    displayName: "Sean O'Brien",
    userPrincipalName: 'sean.obrien@rotera.example',
    mail: 'sean.obrien@rotera.example',
    onPremisesDistinguishedName: OBRIEN_DN,
    managerId: ANNA,
  });
  graph.addUser({ id: CLOUD_ONLY, displayName: 'Anders Molnsson', userPrincipalName: 'anders@rotera.onmicrosoft.com', mail: 'anders@rotera.example' });
});

afterAll(async () => {
  await graph?.stop();
  await entra?.stop();
});

describe('GraphPeopleDirectory against the Graph fake', () => {
  it('resolves a Teams user by Entra object id to the AD DN, manager DN, work mobile and e-mail', async () => {
    const before = graph.requests.length;
    const person = await directory().personForTeamsUser(teamsUser({ aadObjectId: ANNA }));
    expect(person).toEqual({
      dn: ANNA_DN,
      displayName: 'Anna Lindqvist',
      userPrincipalName: 'anna.lindqvist@rotera.example',
      email: 'anna.lindqvist@rotera.example',
      aadObjectId: ANNA,
      workMobile: '+46701112233',
      managerDn: MARIA_DN,
    });
    const request = graph.requests[before];
    expect(request?.headers.authorization).toMatch(/^Bearer /);
    expect(request?.query.get('$select')).toContain('onPremisesDistinguishedName');
  });

  it('sends an app-only token that Entra issued for Graph, and reuses it', async () => {
    const people = directory();
    const tokensBefore = entra.issued.length;
    await people.personForTeamsUser(teamsUser({ aadObjectId: ANNA }));
    await people.personForTeamsUser(teamsUser({ aadObjectId: MARIA }));
    const issued = entra.issued.slice(tokensBefore);
    expect(issued).toHaveLength(1);
    expect(issued[0]?.scope).toBe('https://graph.microsoft.com/.default');
    const bearer = String(graph.requests.at(-1)?.headers.authorization).slice('Bearer '.length);
    expect(entra.verifyAccessToken(bearer, 'https://graph.microsoft.com')?.roles).toEqual(['User.Read.All']);
  });

  it('falls back to the user principal name and takes a business phone only when it is a mobile', async () => {
    const maria = await directory().personForTeamsUser(teamsUser({ aadObjectId: '00000000-0000-0000-0000-0000000fffff', userPrincipalName: 'MARIA.BERG@rotera.example' }));
    expect(maria?.dn).toBe(MARIA_DN);
    expect(maria?.workMobile).toBe('+46709998877');
    expect(maria?.managerDn).toBeNull();
  });

  it('answers null for unknown users and for cloud-only users without an AD DN', async () => {
    const people = directory();
    expect(await people.personForTeamsUser(teamsUser({ aadObjectId: '00000000-0000-0000-0000-0000000fffff' }))).toBeNull();
    expect(await people.personForTeamsUser(teamsUser({ aadObjectId: CLOUD_ONLY }))).toBeNull();
    expect(await people.personForTeamsUser(teamsUser({}))).toBeNull();
  });

  it('finds a person by DN with an advanced query (quotes doubled) and reads the manager separately', async () => {
    const before = graph.requests.length;
    const sean = await directory().personByDn(OBRIEN_DN);
    expect(sean?.displayName).toBe("Sean O'Brien");
    expect(sean?.managerDn).toBe(ANNA_DN);
    const lookup = graph.requests[before];
    expect(lookup?.headers.consistencylevel).toBe('eventual');
    expect(lookup?.query.get('$filter')).toBe(`onPremisesDistinguishedName eq ${odataString(OBRIEN_DN)}`);
    expect(lookup?.status).toBe(200);
    expect(await directory().personByDn('CN=Nobody,DC=rotera,DC=example')).toBeNull();
  });

  it('does not let a crafted DN widen the filter', async () => {
    expect(await directory().personByDn("x' or startswith(displayName,'A")).toBeNull();
  });

  it('searches people by name or e-mail, synced users only, at most `limit`', async () => {
    const people = directory();
    expect((await people.searchPeople('ann', 10)).map((p) => p.displayName)).toEqual(['Anna Lindqvist']);
    expect((await people.searchPeople('berg', 10)).map((p) => p.dn)).toEqual([MARIA_DN]);
    expect((await people.searchPeople('sean.obrien@', 10)).map((p) => p.dn)).toEqual([OBRIEN_DN]);
    expect(await people.searchPeople('"; drop', 10)).toEqual([]);
    expect(await people.searchPeople('  ', 10)).toEqual([]);
    const all = await people.searchPeople('a', 2);
    expect(all.length).toBeLessThanOrEqual(2);
  });

  it('retries a throttled request after Retry-After and then answers', async () => {
    graph.failNext(1, 429, 0);
    const person = await directory().personByDn(MARIA_DN);
    expect(person?.displayName).toBe('Maria Berg');
    expect(graph.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
  });

  it('turns a missing permission into DirectoryUnavailable', async () => {
    const app = createConfidentialClient({ tenantId: entra.tenantId, clientId: 'no-consent', clientSecret: 'other-secret', authorityHost: entra.authorityHost, fetch: entra.fetch });
    const people = new GraphPeopleDirectory({
      client: createGraphClient({ tokens: accessTokenSource(app), baseUrl: graph.baseUrl, fetch: entra.fetch }),
      logger: logger,
    });
    await expect(people.personByDn(ANNA_DN)).rejects.toBeInstanceOf(DirectoryUnavailable);
  });

  it('turns a refused client secret into DirectoryUnavailable without asking Graph', async () => {
    const before = graph.requests.length;
    await expect(directory({ secret: 'wrong' }).personForTeamsUser(teamsUser({ aadObjectId: ANNA }))).rejects.toBeInstanceOf(DirectoryUnavailable);
    expect(graph.requests.length).toBe(before);
  });

  it('refuses plain-http Graph and authority hosts, where tokens would not be sent or asked for', () => {
    expect(() => createGraphClient({ tokens: () => Promise.resolve('t'), baseUrl: 'http://127.0.0.1:1' })).toThrow(ConfigurationError);
    expect(() => createConfidentialClient({ tenantId: 't', clientId: 'c', clientSecret: 's', authorityHost: 'http://127.0.0.1:1' })).toThrow(ConfigurationError);
  });

  it('serves repeated look-ups from its cache', async () => {
    const people = directory({ cacheTtlMs: 60_000 });
    await people.personForTeamsUser(teamsUser({ aadObjectId: ANNA }));
    const before = graph.requests.length;
    const again = await people.personForTeamsUser(teamsUser({ aadObjectId: ANNA }));
    expect(again?.dn).toBe(ANNA_DN);
    expect(graph.requests.length).toBe(before);
  });

  it('sends a rotation reminder to the activity feed with the manifest\'s activity type and parameters', async () => {
    const feedClient = (clientId: string, secret: string) =>
      createGraphClient({
        tokens: accessTokenSource(createConfidentialClient({ tenantId: entra.tenantId, clientId, clientSecret: secret, authorityHost: entra.authorityHost, fetch: entra.fetch })),
        baseUrl: graph.baseUrl,
        fetch: entra.fetch,
      });
    const feed = new TeamsActivityFeed({ client: feedClient('rotera-feed', 'feed-secret'), botAppId: '5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f', logger });
    expect(await feed.notify(ANNA, 'passwordRotationDue', { accountName: 'hemtjanstab' }, 'Lösenordet för hemtjanstab ska bytas senast 1 december')).toBe(true);
    expect(graph.activityNotifications.at(-1)).toEqual({
      userId: ANNA,
      body: {
        topic: { source: 'text', value: 'Rotera', webUrl: 'https://teams.microsoft.com/l/chat/0/0?users=28:5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f' },
        activityType: 'passwordRotationDue',
        previewText: { content: 'Lösenordet för hemtjanstab ska bytas senast 1 december' },
        templateParameters: [{ name: 'accountName', value: 'hemtjanstab' }],
      },
    });
    const unconsented = new TeamsActivityFeed({ client: feedClient('no-consent', 'other-secret'), botAppId: 'x', logger });
    expect(await unconsented.notify(ANNA, 'sharedAccountChanged', { actor: 'Erik', accountName: 'hemtjanstab' }, 'Erik ändrade hemtjanstab')).toBe(false);
    expect(logs.lines.some((l) => l.includes('activity feed notification not sent') && l.includes('TeamsActivity.Send'))).toBe(true);
  });

  it('logs neither the client secret nor a token', () => {
    expect(logs.lines.some((line) => line.includes('check User.Read.All'))).toBe(true);
    logs.assertNoSecrets(['graph-secret', 'other-secret', 'feed-secret', ...entra.issued.map((t) => t.accessToken)]);
  });
});
