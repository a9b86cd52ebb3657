import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../ports/Logger';

/**
 * An extra HTTP route, for other edges of Rotera (SMS delivery reports, health probes).
 * The handler owns the response: it must send exactly one answer. The body is already parsed
 * (JSON or form-encoded) into `req.body`. GET handlers must not change anything.
 */
export interface Route {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly handler: (req: Request, res: Response) => Promise<void>;
}

/** The bot as the server sees it: anything that can run one turn (RoteraBot, ActivityHandler). */
export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface ServerOptions {
  readonly adapter: CloudAdapter;
  readonly bot: TurnRunner;
  readonly logger: Logger;
  /** Extra routes besides POST /api/messages; they can also be added later with `registerRoute`. */
  readonly routes?: readonly Route[];
}

export const MESSAGES_PATH = '/api/messages';
/** Teams activities stay under about 100 KB (larger ones are refused by Teams itself); Twilio reports are tiny. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A restify server with POST /api/messages wired to the adapter, plus any extra routes. Not listening yet. */
export function createServer(options: ServerOptions): Server {
  const server = restify.createServer({ name: 'rotera' });
  // Bounded before any token or signature check: an unauthenticated caller cannot stream an endless body into memory.
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES }));
  const log = options.logger.child({ component: 'http' });

  server.post(MESSAGES_PATH, async (req: Request, res: Response) => {
    await options.adapter.process(req, res, (context) => options.bot.run(context));
  });
  for (const route of options.routes ?? []) registerRoute(server, route, log);

  server.on('restifyError', (req: Request, res: Response, err: Error, callback: () => void) => {
    // Only the name and route: a request body could carry a password.
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    const fields = { err: { name: err.name }, status, method: req.method, path: req.getPath() };
    if (status >= 500) log.warn(fields, 'request failed');
    else log.debug(fields, 'request refused');
    callback();
  });
  return server;
}

/** Adds a route to a server made by `createServer`. A thrown error answers 500 and is logged without the body. */
export function registerRoute(server: Server, route: Route, logger?: Logger): void {
  const handler = async (req: Request, res: Response) => {
    try {
      await route.handler(req, res);
    } catch (error) {
      logger?.error({ err: { name: error instanceof Error ? error.name : 'unknown' }, path: route.path }, 'route handler failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  };
  if (route.method === 'get') server.get(route.path, handler);
  else server.post(route.path, handler);
}

/** Starts listening; resolves with the base URL (`http://127.0.0.1:3978`), with the real port when 0 was asked. */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(`http://${host}:${address.port}`);
    });
  });
}

/** Stops accepting connections and closes idle keep-alive sockets, so tests end promptly. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.server.closeIdleConnections?.();
  });
}
