/**
 * A throw-away TLS identity for local HTTPS fakes (Entra token endpoint, Graph), and a `fetch` that trusts it.
 *
 * MSAL refuses `http://` authorities and the Graph client sends no Authorization header over plain http, so
 * those fakes must speak HTTPS. Node reads NODE_EXTRA_CA_CERTS only at start-up, which a jest worker cannot
 * change; instead the adapters take a `fetch` and the tests pass `fetchTrusting(tls.cert)`.
 * The certificate is made once per process with the `openssl` command (Debian's ca-certificates depends on it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTls {
  /** Self-signed, for `localhost` and `127.0.0.1`; also the CA to trust. */
  readonly cert: string;
  readonly key: string;
}

let cached: TestTls | undefined;

export function testTls(): TestTls {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'rotera-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
        '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    cached = { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A WHATWG `fetch` over node:http/https that trusts `ca` (in addition to nothing else: these are local fakes). */
export function fetchTrusting(ca: string): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers['content-length'] = String(body.byteLength);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = transport.request(url, { method: request.method, headers, ca, signal: init?.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
            else if (value !== undefined) responseHeaders.set(name, value);
          }
          const status = res.statusCode ?? 500;
          const noBody = status === 204 || status === 304 || request.method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}
