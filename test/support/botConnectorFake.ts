/**
 * A local Bot Connector: the REST routes a bot calls on `activity.serviceUrl`, over plain HTTP on 127.0.0.1,
 * so botbuilder's real ConnectorClient runs against it. Point activities' `serviceUrl` at `fake.serviceUrl`.
 *
 * Routes (Bot Framework REST API v3):
 *   POST   /v3/conversations                                   create a conversation (proactive 1:1)
 *   POST   /v3/conversations/{id}/activities                   send to a conversation
 *   POST   /v3/conversations/{id}/activities/{replyToId}       reply to an activity
 *   PUT    /v3/conversations/{id}/activities/{activityId}      update an activity (card replaced in place)
 *   DELETE /v3/conversations/{id}/activities/{activityId}      delete an activity
 *   GET    /v3/conversations/{id}/members[/{memberId}]          members (TeamsInfo.getMember), from `members`
 *   GET    /v3/conversations/{id}/pagedmembers                 members, one page
 * Anything else answers 404 and is recorded too.
 *
 * Hooks: `failNext` injects failures (status, Retry-After, body) for the next N matching requests;
 * `delayMs` slows every answer (benchmarks); every request keeps its headers, so auth tests can read
 * `Authorization`; `waitFor` waits until a predicate holds over the recorded requests.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorOperation = 'create' | 'send' | 'reply' | 'update' | 'delete' | 'members' | 'member' | 'unknown';

/** The activity fields tests usually look at; the whole JSON body stays available in `body`. */
export interface RecordedActivity {
  readonly type?: string;
  readonly id?: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly attachments?: ReadonlyArray<{ readonly contentType?: string; readonly content?: unknown }>;
  readonly [field: string]: unknown;
}

export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly operation: ConnectorOperation;
  readonly conversationId: string | null;
  /** replyToId for `reply`, the updated/deleted id for `update`/`delete`, the member id for `member`. */
  readonly targetId: string | null;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body (an activity for send/reply/update; conversation parameters for create). */
  readonly body: unknown;
  /** What the fake answered. */
  readonly status: number;
  /** The id the fake gave a sent/created activity. */
  readonly assignedId: string | null;
}

export interface FailureSpec {
  readonly status: number;
  /** Seconds, sent as the Retry-After header. */
  readonly retryAfter?: number;
  readonly body?: unknown;
  /** Only requests this matches are failed (and counted); all by default. */
  readonly match?: (request: { method: string; operation: ConnectorOperation; conversationId: string | null }) => boolean;
}

export interface FakeMember {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
  readonly userPrincipalName?: string;
  readonly email?: string;
  readonly [field: string]: unknown;
}

export interface BotConnectorFake {
  /** Base URL to use as `serviceUrl`, with a trailing slash. */
  readonly serviceUrl: string;
  readonly requests: RecordedRequest[];
  /** Members returned by the members routes, for every conversation. */
  readonly members: FakeMember[];
  /** Milliseconds to wait before answering each request. */
  delayMs: number;
  /** Activities the bot sent, replied or updated (in order), with the operation and conversation. */
  activities(filter?: { operation?: ConnectorOperation; conversationId?: string }): Array<RecordedActivity & { readonly operation: ConnectorOperation; readonly conversationId: string | null; readonly assignedId: string | null }>;
  /** Attachments' Adaptive Card contents of everything sent/replied/updated, in order. */
  cards(filter?: { operation?: ConnectorOperation; conversationId?: string }): unknown[];
  /** Fails the next `count` matching requests as specified. */
  failNext(count: number, spec: FailureSpec): void;
  /** Resolves when `predicate(requests)` holds; rejects after `timeoutMs`. */
  waitFor(predicate: (requests: readonly RecordedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  clear(): void;
  close(): Promise<void>;
}

const ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; operation: ConnectorOperation }> = [
  { method: 'POST', pattern: /^\/v3\/conversations\/?$/, operation: 'create' },
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/?$/, operation: 'send' },
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, operation: 'reply' },
  { method: 'PUT', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, operation: 'update' },
  { method: 'DELETE', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, operation: 'delete' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/members\/?$/, operation: 'members' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/pagedmembers\/?$/, operation: 'members' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/, operation: 'member' },
];

export async function startBotConnectorFake(options: { members?: FakeMember[]; delayMs?: number } = {}): Promise<BotConnectorFake> {
  const requests: RecordedRequest[] = [];
  const members: FakeMember[] = [...(options.members ?? [])];
  const failures: Array<{ remaining: number; spec: FailureSpec }> = [];
  let counter = 0;
  let conversationCounter = 0;
  const waiters = new Set<() => void>();

  const fake = {
    serviceUrl: '',
    requests,
    members,
    delayMs: options.delayMs ?? 0,
  } as BotConnectorFake;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const path = url.pathname;
        const method = req.method ?? 'GET';
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = raw === '' ? null : (JSON.parse(raw) as unknown);
        } catch {
          body = raw;
        }
        let operation: ConnectorOperation = 'unknown';
        let conversationId: string | null = null;
        let targetId: string | null = null;
        for (const route of ROUTES) {
          const match = route.method === method ? route.pattern.exec(path) : null;
          if (!match) continue;
          operation = route.operation;
          conversationId = match[1] ? decodeURIComponent(match[1]) : null;
          targetId = match[2] ? decodeURIComponent(match[2]) : null;
          break;
        }
        if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));

        let status = 200;
        let answer: unknown = {};
        let assignedId: string | null = null;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        const failure = failures.find((f) => f.remaining > 0 && (f.spec.match?.({ method, operation, conversationId }) ?? true));
        if (failure) {
          failure.remaining -= 1;
          status = failure.spec.status;
          answer = failure.spec.body ?? { error: { code: 'InjectedFailure', message: `injected ${status}` } };
          if (failure.spec.retryAfter !== undefined) headers['retry-after'] = String(failure.spec.retryAfter);
        } else {
          switch (operation) {
            case 'create':
              conversationCounter += 1;
              assignedId = `a:fake-conversation-${conversationCounter}`;
              counter += 1;
              answer = { id: assignedId, activityId: `fake-activity-${counter}` };
              status = 201;
              break;
            case 'send':
            case 'reply':
              counter += 1;
              assignedId = `fake-activity-${counter}`;
              answer = { id: assignedId };
              status = 201;
              break;
            case 'update':
              assignedId = targetId;
              answer = { id: targetId };
              break;
            case 'delete':
              answer = {};
              break;
            case 'members':
              answer = path.includes('pagedmembers') ? { members } : members;
              break;
            case 'member': {
              const member = members.find((m) => m.id === targetId || m.aadObjectId === targetId);
              if (member) answer = member;
              else {
                status = 404;
                answer = { error: { code: 'MemberNotFoundInConversation', message: 'member not found' } };
              }
              break;
            }
            case 'unknown':
              status = 404;
              answer = { error: { code: 'NotFound', message: `no route ${method} ${path}` } };
              break;
          }
        }
        requests.push({ seq: requests.length + 1, method, path, operation, conversationId, targetId, headers: req.headers, body, status, assignedId });
        res.writeHead(status, headers);
        res.end(JSON.stringify(answer));
        for (const wake of [...waiters]) wake();
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (fake as { serviceUrl: string }).serviceUrl = `http://127.0.0.1:${port}/`;

  const outgoing = new Set<ConnectorOperation>(['send', 'reply', 'update', 'create']);
  fake.activities = (filter = {}) =>
    requests
      .filter((r) => r.status < 300 && outgoing.has(r.operation) && r.operation !== 'create')
      .filter((r) => (filter.operation ? r.operation === filter.operation : true))
      .filter((r) => (filter.conversationId ? r.conversationId === filter.conversationId : true))
      .map((r) => ({ ...(r.body as RecordedActivity), operation: r.operation, conversationId: r.conversationId, assignedId: r.assignedId }));
  fake.cards = (filter = {}) =>
    fake
      .activities(filter)
      .flatMap((a) => a.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content);
  fake.failNext = (count, spec) => {
    failures.push({ remaining: count, spec });
  };
  fake.waitFor = (predicate, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (predicate(requests)) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`bot connector fake: condition not met within ${timeoutMs} ms (${requests.length} requests seen)`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(requests)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  fake.clear = () => {
    requests.length = 0;
    failures.length = 0;
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}
