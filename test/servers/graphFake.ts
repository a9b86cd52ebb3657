/**
 * A local HTTPS fake of the slice of Microsoft Graph v1.0 Rotera uses, so the real `@microsoft/microsoft-graph-client`
 * (which sends tokens only over HTTPS) and MSAL run against it. Every request must carry a bearer token issued by
 * the Entra fake for https://graph.microsoft.com with the application permission the real endpoint needs:
 *
 *   GET  /v1.0/users/{id | userPrincipalName}[?$select][&$expand=manager($select=...)]     User.Read.All
 *   GET  /v1.0/users/{id}/manager[?$select]                                               User.Read.All
 *   GET  /v1.0/users?$filter|$search&$select&$top&$orderby&$count                         User.Read.All
 *        (filters on onPremises* properties and $search are "advanced queries": they need the header
 *        ConsistencyLevel: eventual and $count=true, and refuse $expand, as Graph does)
 *   GET  /v1.0/appCatalogs/teamsApps?$filter=externalId eq '...'                          AppCatalog.Read.All (or ReadWrite)
 *   GET  /v1.0/users/{id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/externalId eq '...'
 *   POST /v1.0/users/{id}/teamwork/installedApps {"teamsApp@odata.bind": ".../appCatalogs/teamsApps/{id}"}  (201; 409 if there)
 *   GET  /v1.0/users/{id}/teamwork/installedApps/{installationId}/chat                     (the three: TeamsAppInstallation.ReadWriteSelfForUser.All)
 *   POST /v1.0/users/{id}/teamwork/sendActivityNotification                                TeamsActivity.Send (204)
 *
 *   const graph = await startGraphFake({ entra });
 *   graph.addUser({ id: '...', displayName: 'Anna', userPrincipalName: 'anna@x', onPremisesDistinguishedName: 'CN=...' });
 *   createGraphClient({ tokens, baseUrl: graph.baseUrl, fetch: entra.fetch });
 *   graph.failNext(2, 429, 1);    // the next two requests answer 429 with Retry-After: 1
 *
 * Errors use Graph's shape: { error: { code, message, innerError: { date, request-id } } }.
 */
import { randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GRAPH_RESOURCE, type EntraFake } from './entraFake';

export interface GraphFakeUser {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly mail?: string | null;
  readonly mobilePhone?: string | null;
  readonly businessPhones?: readonly string[];
  readonly preferredLanguage?: string | null;
  readonly onPremisesDistinguishedName?: string | null;
  readonly onPremisesSamAccountName?: string | null;
  readonly onPremisesDomainName?: string | null;
  /** Defaults to true when a DN is given. */
  readonly onPremisesSyncEnabled?: boolean | null;
  readonly managerId?: string | null;
}

export interface RecordedGraphRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
  readonly status: number;
}

export interface GraphInstallation {
  readonly id: string;
  readonly userId: string;
  readonly teamsAppId: string;
  readonly chatId: string;
}

export interface GraphFake {
  /** `https://localhost:PORT` (GRAPH_BASE_URL). */
  readonly baseUrl: string;
  readonly requests: RecordedGraphRequest[];
  readonly installations: GraphInstallation[];
  readonly activityNotifications: { readonly userId: string; readonly body: unknown }[];
  addUser(user: GraphFakeUser): void;
  /** Publishes an app to the org catalog; returns its catalog id (not the manifest id). */
  addCatalogApp(externalId: string, displayName?: string): string;
  /** The next `count` requests fail with `status` (and Retry-After seconds when given). */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  /** Called after an install, e.g. to let a test deliver the conversationUpdate Teams would send. */
  onInstall(listener: (installation: GraphInstallation) => void | Promise<void>): void;
  stop(): Promise<void>;
}

const DEFAULT_USER_FIELDS = ['id', 'displayName', 'userPrincipalName', 'mail', 'mobilePhone', 'businessPhones', 'preferredLanguage', 'givenName', 'surname', 'jobTitle', 'officeLocation'];
const ADVANCED_PROPERTIES = /onPremises|proxyAddresses|employeeId/;

class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Clause = { kind: 'eq'; property: string; value: string | boolean } | { kind: 'startswith'; property: string; value: string };

/** Parses the small OData subset we need: clauses `p eq 'v'`, `p eq true`, `startswith(p,'v')` joined by one kind of `and`/`or`. */
export function parseFilter(filter: string): { join: 'and' | 'or'; clauses: Clause[] } {
  const parts: string[] = [];
  let current = '';
  let inString = false;
  let join: 'and' | 'or' | undefined;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (ch === "'") {
      if (inString && filter[i + 1] === "'") {
        current += "''";
        i++;
        continue;
      }
      inString = !inString;
    }
    const rest = filter.slice(i);
    const joiner = !inString ? /^ (and|or) /i.exec(rest) : null;
    if (joiner) {
      const word = joiner[1]!.toLowerCase() as 'and' | 'or';
      if (join && join !== word) throw new GraphHttpError(400, 'Request_UnsupportedQuery', 'mixed and/or is not supported by this fake');
      join = word;
      parts.push(current.trim());
      current = '';
      i += joiner[0].length - 1;
      continue;
    }
    current += ch;
  }
  if (inString) throw new GraphHttpError(400, 'BadRequest', 'Invalid filter clause: unterminated string literal');
  parts.push(current.trim());
  const unquote = (s: string) => s.replace(/''/g, "'");
  const clauses = parts.map((part): Clause => {
    let m = /^([\w/]+) eq '((?:[^']|'')*)'$/i.exec(part);
    if (m) return { kind: 'eq', property: m[1]!, value: unquote(m[2]!) };
    m = /^([\w/]+) eq (true|false)$/i.exec(part);
    if (m) return { kind: 'eq', property: m[1]!, value: m[2]!.toLowerCase() === 'true' };
    m = /^startswith\(([\w/]+),\s*'((?:[^']|'')*)'\)$/i.exec(part);
    if (m) return { kind: 'startswith', property: m[1]!, value: unquote(m[2]!) };
    throw new GraphHttpError(400, 'BadRequest', `Invalid filter clause: ${part}`);
  });
  return { join: join ?? 'and', clauses };
}

function propertyOf(record: Record<string, unknown>, path: string): unknown {
  return path.split('/').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), record);
}

function matches(record: Record<string, unknown>, filter: { join: 'and' | 'or'; clauses: Clause[] }): boolean {
  const test = (clause: Clause): boolean => {
    const value = propertyOf(record, clause.property);
    if (clause.kind === 'eq') {
      if (typeof clause.value === 'boolean') return value === clause.value;
      return typeof value === 'string' && value.toLowerCase() === clause.value.toLowerCase();
    }
    return typeof value === 'string' && value.toLowerCase().startsWith(clause.value.toLowerCase());
  };
  return filter.join === 'and' ? filter.clauses.every(test) : filter.clauses.some(test);
}

/** `"displayName:ann" OR "mail:ann"`: displayName matches word prefixes (tokenized search), other properties a prefix. */
function searchMatches(user: Record<string, unknown>, search: string): boolean {
  const terms = [...search.matchAll(/"(\w+):([^"]*)"/g)].map((m) => ({ property: m[1]!, value: m[2]!.trim().toLowerCase() }));
  if (terms.length === 0) throw new GraphHttpError(400, 'Request_UnsupportedQuery', 'Unsupported $search');
  return terms.some(({ property, value }) => {
    const text = propertyOf(user, property);
    if (typeof text !== 'string' || value === '') return false;
    const lower = text.toLowerCase();
    if (property === 'displayName') return lower.startsWith(value) || lower.split(/[\s\-.,]+/).some((word) => word.startsWith(value));
    return lower.startsWith(value);
  });
}

function project(record: Record<string, unknown>, select: string | null, defaults: readonly string[]): Record<string, unknown> {
  const fields = select ? ['id', ...select.split(',').map((f) => f.trim())] : [...defaults];
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = record[field] ?? null;
  return out;
}

/** `manager($select=id,onPremisesDistinguishedName)` -> { name: 'manager', select: 'id,...' } */
function parseExpand(expand: string | null): { name: string; select: string | null } | null {
  if (!expand) return null;
  const m = /^(\w+)(?:\(\$select=([\w,]+)\))?$/.exec(expand.trim());
  if (!m) throw new GraphHttpError(400, 'BadRequest', `Unsupported $expand: ${expand}`);
  return { name: m[1]!, select: m[2] ?? null };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startGraphFake(options: { entra: EntraFake }): Promise<GraphFake> {
  const { entra } = options;
  const users = new Map<string, GraphFakeUser>();
  const catalog: { id: string; externalId: string; displayName: string }[] = [];
  const installations: GraphInstallation[] = [];
  const activityNotifications: { userId: string; body: unknown }[] = [];
  const requests: RecordedGraphRequest[] = [];
  const failures: { status: number; retryAfterSeconds?: number }[] = [];
  const installListeners: ((installation: GraphInstallation) => void | Promise<void>)[] = [];

  const userRecord = (user: GraphFakeUser): Record<string, unknown> => ({
    businessPhones: [],
    mail: null,
    mobilePhone: null,
    preferredLanguage: null,
    onPremisesDistinguishedName: null,
    onPremisesSamAccountName: null,
    onPremisesDomainName: null,
    givenName: user.displayName.split(' ')[0] ?? null,
    surname: user.displayName.split(' ').slice(1).join(' ') || null,
    jobTitle: null,
    officeLocation: null,
    ...user,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? (user.onPremisesDistinguishedName ? true : null),
  });

  const findUser = (idOrUpn: string): GraphFakeUser => {
    const wanted = idOrUpn.toLowerCase();
    for (const user of users.values()) {
      if (user.id.toLowerCase() === wanted || user.userPrincipalName.toLowerCase() === wanted) return user;
    }
    throw new GraphHttpError(404, 'Request_ResourceNotFound', `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`);
  };

  const requireRole = (roles: readonly string[], anyOf: readonly string[]): void => {
    if (!anyOf.some((role) => roles.includes(role))) {
      throw new GraphHttpError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
  };

  const handle = async (req: IncomingMessage, url: URL, rawBody: string): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> => {
    const failure = failures.shift();
    if (failure) {
      throw Object.assign(new GraphHttpError(failure.status, failure.status === 429 ? 'TooManyRequests' : 'ServiceNotAvailable', 'injected failure'), {
        retryAfterSeconds: failure.retryAfterSeconds,
      });
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    const claims = token ? entra.verifyAccessToken(token, GRAPH_RESOURCE) : null;
    if (!claims) throw new GraphHttpError(401, 'InvalidAuthenticationToken', token ? 'Access token validation failure.' : 'Access token is empty.');
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];

    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] !== 'v1.0') throw new GraphHttpError(400, 'BadRequest', 'Invalid version');
    const [, collection, id, sub, subId, leaf] = segments;
    const q = url.searchParams;
    const eventual = (req.headers.consistencylevel ?? '').toString().toLowerCase() === 'eventual';
    const expand = parseExpand(q.get('$expand'));

    if (req.method === 'GET' && collection === 'users' && id === undefined) {
      requireRole(roles, ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All']);
      const filterText = q.get('$filter');
      const search = q.get('$search');
      const advanced = Boolean(search) || (filterText !== null && ADVANCED_PROPERTIES.test(filterText));
      if (advanced && (!eventual || q.get('$count') !== 'true')) {
        throw new GraphHttpError(400, 'Request_UnsupportedQuery', "Unsupported or invalid query filter clause specified: use ConsistencyLevel 'eventual' and $count=true.");
      }
      if (advanced && expand) throw new GraphHttpError(400, 'Request_UnsupportedQuery', '$expand is not supported with advanced queries.');
      const filter = filterText ? parseFilter(filterText) : null;
      let found = [...users.values()].map(userRecord).filter((u) => (!filter || matches(u, filter)) && (!search || searchMatches(u, search)));
      if (q.get('$orderby')?.startsWith('displayName')) found.sort((a, b) => String(a.displayName).localeCompare(String(b.displayName), 'sv'));
      const count = found.length;
      const top = Number(q.get('$top') ?? '100');
      found = found.slice(0, top);
      return {
        status: 200,
        body: {
          '@odata.context': `${url.origin}/v1.0/$metadata#users`,
          ...(q.get('$count') === 'true' ? { '@odata.count': count } : {}),
          value: found.map((u) => project(u, q.get('$select'), DEFAULT_USER_FIELDS)),
        },
      };
    }

    if (req.method === 'GET' && collection === 'users' && id !== undefined && sub === undefined) {
      requireRole(roles, ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All']);
      const user = findUser(id);
      const body = project(userRecord(user), q.get('$select'), DEFAULT_USER_FIELDS);
      if (expand?.name === 'manager') {
        const manager = user.managerId ? users.get(user.managerId) : undefined;
        if (manager) body.manager = project(userRecord(manager), expand.select, DEFAULT_USER_FIELDS);
      } else if (expand) {
        throw new GraphHttpError(400, 'BadRequest', `Could not find a property named '${expand.name}' on type 'microsoft.graph.user'.`);
      }
      return { status: 200, body };
    }

    if (req.method === 'GET' && collection === 'users' && id !== undefined && sub === 'manager' && subId === undefined) {
      requireRole(roles, ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All']);
      const user = findUser(id);
      const manager = user.managerId ? users.get(user.managerId) : undefined;
      if (!manager) throw new GraphHttpError(404, 'Request_ResourceNotFound', `Resource 'manager' does not exist or one of its queried reference-property objects are not present.`);
      return { status: 200, body: project(userRecord(manager), q.get('$select'), DEFAULT_USER_FIELDS) };
    }

    if (req.method === 'GET' && collection === 'appCatalogs' && id === 'teamsApps') {
      requireRole(roles, ['AppCatalog.Read.All', 'AppCatalog.ReadWrite.All']);
      const filterText = q.get('$filter');
      const filter = filterText ? parseFilter(filterText) : null;
      const apps = catalog.filter((app) => !filter || matches({ ...app }, filter)).map((app) => ({ ...app, distributionMethod: 'organization' }));
      return { status: 200, body: { value: apps } };
    }

    if (collection === 'users' && id !== undefined && sub === 'teamwork') {
      const user = findUser(id);
      if (req.method === 'POST' && subId === 'sendActivityNotification') {
        requireRole(roles, ['TeamsActivity.Send']);
        activityNotifications.push({ userId: user.id, body: rawBody ? JSON.parse(rawBody) : null });
        return { status: 204 };
      }
      requireRole(roles, ['TeamsAppInstallation.ReadWriteSelfForUser.All', 'TeamsAppInstallation.ReadWriteForUser.All']);
      if (subId !== 'installedApps') throw new GraphHttpError(404, 'NotFound', 'Unknown teamwork resource');
      const mine = installations.filter((i) => i.userId === user.id);
      const withApp = (i: GraphInstallation) => ({ id: i.id, teamsApp: catalog.find((app) => app.id === i.teamsAppId) ?? null });
      if (req.method === 'GET' && leaf === undefined && segments[5] === undefined) {
        const filterText = q.get('$filter');
        const filter = filterText ? parseFilter(filterText) : null;
        const value = mine.map(withApp).filter((i) => !filter || matches(i as unknown as Record<string, unknown>, filter));
        return { status: 200, body: { value: expand?.name === 'teamsApp' ? value : value.map(({ id: installationId }) => ({ id: installationId })) } };
      }
      if (req.method === 'POST' && segments[5] === undefined) {
        const bind = (JSON.parse(rawBody || '{}') as Record<string, unknown>)['teamsApp@odata.bind'];
        const appId = typeof bind === 'string' ? /appCatalogs\/teamsApps\/([^/?]+)$/.exec(bind)?.[1] : undefined;
        const app = catalog.find((a) => a.id === appId);
        if (!app) throw new GraphHttpError(404, 'NotFound', 'The app was not found in the catalog.');
        if (mine.some((i) => i.teamsAppId === app.id)) throw new GraphHttpError(409, 'Conflict', 'App is already installed.');
        const installation: GraphInstallation = { id: randomUUID(), userId: user.id, teamsAppId: app.id, chatId: `19:${user.id}_${randomUUID()}@unq.gbl.spaces` };
        installations.push(installation);
        for (const listener of installListeners) await listener(installation);
        return { status: 201 };
      }
      const installation = mine.find((i) => i.id === segments[5]);
      if (req.method === 'GET' && installation && segments[6] === 'chat') {
        return { status: 200, body: { id: installation.chatId, chatType: 'oneOnOne' } };
      }
      throw new GraphHttpError(404, 'NotFound', 'Installation not found');
    }

    throw new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${collection ?? ''}'.`);
  };

  const server = https.createServer({ cert: entra.cert, key: entra.key }, (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `https://localhost`);
      const rawBody = await readBody(req);
      let status = 500;
      try {
        const result = await handle(req, url, rawBody);
        status = result.status;
        const text = result.body === undefined ? '' : JSON.stringify(result.body);
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': randomUUID(), ...(text ? { 'content-length': Buffer.byteLength(text) } : {}) });
        res.end(text);
      } catch (error) {
        const e = error instanceof GraphHttpError ? error : new GraphHttpError(500, 'generalException', 'fake failure');
        status = e.status;
        const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
        const text = JSON.stringify({ error: { code: e.code, message: e.message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } });
        res.writeHead(status, { 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) });
        res.end(text);
      }
      let body: unknown = null;
      try {
        body = rawBody ? JSON.parse(rawBody) : null;
      } catch {
        body = rawBody;
      }
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, status });
    })();
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

  return {
    baseUrl: `https://localhost:${port}`,
    requests,
    installations,
    activityNotifications,
    addUser(user) {
      users.set(user.id, user);
    },
    addCatalogApp(externalId, displayName = 'Rotera') {
      const id = randomUUID();
      catalog.push({ id, externalId, displayName });
      return id;
    },
    failNext(count, status, retryAfterSeconds) {
      for (let i = 0; i < count; i++) failures.push({ status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
    },
    onInstall(listener) {
      installListeners.push(listener);
    },
    stop() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
