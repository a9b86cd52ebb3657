import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { ConfigurationError } from '../../domain/errors';
import type { AccessTokenSource } from './entraApp';

/** The app-only scope for Microsoft Graph; tokens name graph.microsoft.com even when a fake serves the calls. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphClientOptions {
  readonly tokens: AccessTokenSource;
  /** Default `https://graph.microsoft.com`. Another host must be HTTPS: the client only sends tokens over HTTPS. */
  readonly baseUrl?: string;
  /** Per request, including the client's retries of 429/503/504. Default 10 s. */
  readonly timeoutMs?: number;
  /** Defaults to the global fetch. Tests pass one that trusts their local CA. */
  readonly fetch?: typeof fetch;
}

/** The last link of the chain: the SDK's own handler calls the global fetch, which tests cannot point at a CA. */
class FetchHandler implements Middleware {
  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const options = { ...(context.options ?? {}) } as RequestInit;
    options.signal ??= AbortSignal.timeout(this.timeoutMs);
    context.response = await this.fetchImpl(context.request as string | Request, options);
  }
}

/**
 * A Graph client with the SDK's default chain (auth, retry honouring Retry-After, redirect, telemetry) ending in
 * our fetch. A non-Microsoft base URL is listed in `customHosts`, else the SDK silently sends no token to it.
 */
export function createGraphClient(options: GraphClientOptions): Client {
  const base = new URL(options.baseUrl ?? 'https://graph.microsoft.com');
  if (base.protocol !== 'https:') throw new ConfigurationError('GRAPH_BASE_URL: must be https (the Graph client sends no token over http)');
  const middleware: Middleware[] = [
    new AuthenticationHandler({ getAccessToken: () => options.tokens(GRAPH_SCOPE) }),
    new RetryHandler(new RetryHandlerOptions()),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new FetchHandler(options.fetch ?? fetch, options.timeoutMs ?? 10_000),
  ];
  return Client.initWithMiddleware({
    middleware,
    baseUrl: `${base.origin}/`,
    defaultVersion: 'v1.0',
    ...(base.hostname === 'graph.microsoft.com' ? {} : { customHosts: new Set([base.hostname]) }),
  });
}
