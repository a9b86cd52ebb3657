import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub answered. */
export interface ConnectorRequest {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string | null;
  readonly body: unknown;
  readonly status: number;
  readonly at: number;
}

/** What to answer instead of 200; `undefined` answers 200 with a new activity id. */
export type ConnectorFailure = { readonly status: number; readonly headers?: Record<string, string> } | undefined;

/**
 * The Bot Connector's send route, small: POST /v3/conversations/{id}/activities (and .../{replyToId}),
 * recording every request and answering what `respond` says. Used by the proactive-delivery tests
 * and the sweep benchmark so they need nothing but the real botbuilder SDK and an HTTP socket.
 */
export class ConnectorStub {
  readonly requests: ConnectorRequest[] = [];
  respond: (request: { conversationId: string | null; index: number; body: unknown }) => ConnectorFailure = () => undefined;
  private server: Server | null = null;
  private counter = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forgets what was answered and starts counting requests from 0 again. */
  reset(): void {
    this.requests.length = 0;
    this.counter = 0;
    this.respond = () => undefined;
  }

  /** Activities delivered (answered 2xx) to a conversation, in order. */
  delivered(conversationId?: string): Array<Record<string, unknown>> {
    return this.requests
      .filter((r) => r.status < 300 && r.method === 'POST' && (conversationId === undefined || r.conversationId === conversationId))
      .map((r) => r.body as Record<string, unknown>);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? null : JSON.parse(text);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(path);
    const conversationId = match?.[1] !== undefined ? decodeURIComponent(match[1]) : null;
    const index = this.counter++;
    const failure = match ? this.respond({ conversationId, index, body }) : { status: 404 };
    const status = failure?.status ?? 200;
    this.requests.push({ method: req.method ?? 'GET', path, conversationId, body, status, at: Date.now() });
    res.writeHead(status, { 'content-type': 'application/json', ...(failure?.headers ?? {}) });
    res.end(status < 300 ? JSON.stringify({ id: `activity-${index}` }) : JSON.stringify({ error: { code: `Status${status}`, message: 'injected' } }));
  }
}
