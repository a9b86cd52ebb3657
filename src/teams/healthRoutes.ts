import type { Request, Response } from 'restify';
import type { Logger } from '../ports/Logger';
import type { Route } from './server';

/** Anything whose `ping` throws when it cannot be reached: the Store and the Directory ports. */
export interface Pingable {
  ping(): Promise<void>;
}

export interface HealthRoutesOptions {
  readonly store: Pingable;
  readonly directory: Pingable;
  readonly logger: Logger;
  /** Per dependency; a ping that takes longer counts as unavailable. Default 3 s. */
  readonly timeoutMs?: number;
  /** True once shutdown has begun, so the load balancer stops sending new work here. */
  readonly draining?: () => boolean;
}

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';

class Timeout extends Error {
  override readonly name = 'Timeout';
}

function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function answer(res: Response, status: number, body: { status: 'ok' | 'unavailable' }): void {
  res.header('Cache-Control', 'no-store');
  res.send(status, body);
}

/**
 * GET /healthz: the process is alive and serving HTTP (restart it if not).
 * GET /readyz: the store and the directory answer within the timeout (take it out of rotation if not).
 * Both answer only `{"status":"ok"}` or `{"status":"unavailable"}`: which dependency failed, and why, goes to
 * the log, not to whoever can reach the probe. Neither changes anything.
 */
export function healthRoutes(options: HealthRoutesOptions): Route[] {
  const timeoutMs = options.timeoutMs ?? 3000;
  const log = options.logger.child({ component: 'health' });
  return [
    {
      method: 'get',
      path: HEALTH_PATH,
      handler: async (_req: Request, res: Response) => answer(res, 200, { status: 'ok' }),
    },
    {
      method: 'get',
      path: READY_PATH,
      handler: async (_req: Request, res: Response) => {
        if (options.draining?.()) return answer(res, 503, { status: 'unavailable' });
        const checks = await Promise.allSettled([within(options.store.ping(), timeoutMs), within(options.directory.ping(), timeoutMs)]);
        const failed = (['store', 'directory'] as const).filter((_, i) => checks[i]?.status === 'rejected');
        if (failed.length === 0) return answer(res, 200, { status: 'ok' });
        log.warn(
          {
            failed,
            errors: checks.map((c) => (c.status === 'rejected' ? (c.reason instanceof Error ? c.reason.name : 'unknown') : null)),
          },
          'not ready',
        );
        return answer(res, 503, { status: 'unavailable' });
      },
    },
  ];
}
