import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import type { Next, Request, Response, Server } from 'restify';
import type { Logger } from '../ports/Logger';

/** What every log line written while handling one HTTP request carries. */
export interface RequestContext {
  readonly requestId: string;
  activityId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A caller's own id is kept when it looks like one (so a gateway's id links up); anything else is replaced. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** For `createPinoLogger({ mixin: logBindings })`: the request and activity of the current turn, if any. */
export function logBindings(): Record<string, unknown> {
  const context = storage.getStore();
  if (!context) return {};
  return context.activityId ? { requestId: context.requestId, activityId: context.activityId } : { requestId: context.requestId };
}

/**
 * A logger that adds the current request and activity ids to every line, for any Logger (pino's own
 * `mixin: logBindings` does the same inside pino). The fields a call passes win over the bindings.
 */
export function withRequestContext(logger: Logger): Logger {
  return {
    info: (fields, message) => logger.info({ ...logBindings(), ...fields }, message),
    warn: (fields, message) => logger.warn({ ...logBindings(), ...fields }, message),
    error: (fields, message) => logger.error({ ...logBindings(), ...fields }, message),
    debug: (fields, message) => logger.debug({ ...logBindings(), ...fields }, message),
    child: (bindings) => withRequestContext(logger.child(bindings)),
  };
}

/**
 * Gives each HTTP request an id (from `x-request-id` when safe, otherwise new), echoes it in the response, and
 * makes it visible to every log line written while the request is handled, however deep in the core.
 * The context starts after the body parser: its callbacks run in the socket's async context, not the request's.
 */
export function useRequestContext(server: Server): void {
  const ids = new WeakMap<Request, string>();
  server.pre((req: Request, res: Response, next: Next) => {
    const offered = req.header('x-request-id');
    const requestId = typeof offered === 'string' && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
    ids.set(req, requestId);
    res.header('x-request-id', requestId);
    next();
  });
  server.use((req: Request, _res: Response, next: Next) => {
    storage.run({ requestId: ids.get(req) ?? randomUUID() }, () => next());
  });
}

/** Adapter middleware adding the activity id to the request's log bindings (install it first). */
export const activityLogContext: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const current = storage.getStore();
    if (!current || !context.activity.id) return next();
    // A proactive turn inside a request (a notice after a reset) must not relabel the request's own lines.
    return storage.run({ requestId: current.requestId, activityId: current.activityId ?? context.activity.id }, next);
  },
};
