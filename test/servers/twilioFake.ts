/**
 * A local stand-in for Twilio's Messages REST API and its status callbacks, speaking the real wire
 * protocol so the real `twilio` SDK runs against it:
 *
 * - POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded (To, From | MessagingServiceSid,
 *   Body, StatusCallback, ValidityPeriod), HTTP Basic auth (account SID + auth token, or API key + secret),
 *   answered with Twilio-shaped 201 JSON, or with Twilio's error JSON {code, message, more_info, status}.
 * - Errors can be scripted per destination number (`failFor`) or for the next requests whatever the number
 *   (`failNext`): 21211, 21614, 429, 503 ...
 * - `report(sid, status, errorCode?)` posts a delivery report to the message's StatusCallback, signed with
 *   X-Twilio-Signature exactly as Twilio does (HMAC-SHA1 over URL + sorted parameters, keyed by the auth token).
 *
 * Usage: `const fake = await startTwilioFake(); ... TWILIO_API_BASE_URL = fake.baseUrl; ... await fake.stop();`
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface TwilioFakeOptions {
  /** Default: a random `AC...` SID. */
  readonly accountSid?: string;
  /** Default: a random 32-hex token. Also the key status callbacks are signed with. */
  readonly authToken?: string;
  /** API keys (`SK...`) accepted as Basic auth username, with their secrets. */
  readonly apiKeys?: ReadonlyArray<{ readonly sid: string; readonly secret: string }>;
}

/** A scripted failure, as Twilio would answer it. */
export interface TwilioFakeError {
  readonly status: number;
  /** Twilio's error code, e.g. 21211; omitted for a bare 5xx from a load balancer. */
  readonly code?: number;
  readonly message?: string;
}

export interface RecordedMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  readonly body: string;
  readonly statusCallback: string | null;
  readonly validityPeriod: string | null;
  /** The Basic-auth username used: the account SID or an API key SID. */
  readonly authUser: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The HTTP status the fake answered with. */
  readonly status: number;
  readonly to: string | null;
}

export interface CallbackResult {
  readonly status: number;
  readonly body: string;
}

export interface TwilioFake {
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Messages accepted (201), in order. */
  readonly messages: readonly RecordedMessage[];
  /** Every request to the REST API, accepted or not, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Answer every send to `to` with `error`, `times` times (default: until `reset`). */
  failFor(to: string, error: TwilioFakeError, times?: number): void;
  /** Answer the next sends (any number) with these errors, one each, in order. */
  failNext(...errors: TwilioFakeError[]): void;
  /** Posts a signed delivery report for an accepted message to its StatusCallback URL. */
  report(messageSid: string, status: DeliveryStatus, errorCode?: number): Promise<CallbackResult>;
  /** Posts any form to any URL, with the given signature (or a correct one when omitted): for forged reports. */
  postForm(url: string, params: Readonly<Record<string, string>>, signature?: string): Promise<CallbackResult>;
  /** Signs parameters for a URL as Twilio would. */
  sign(url: string, params: Readonly<Record<string, string>>): string;
  /** Forgets scripted errors and recordings. */
  reset(): void;
  stop(): Promise<void>;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Messages Twilio documents for the codes the tests script; the text repeats the number, as Twilio's does. */
const ERROR_TEXT: Readonly<Record<number, (to: string) => string>> = {
  20003: () => 'Authenticate',
  20429: () => 'Too Many Requests',
  21211: (to) => `The 'To' number ${to} is not a valid phone number.`,
  21408: (to) => `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`,
  21610: () => 'Attempt to send to unsubscribed recipient',
  21614: (to) => `'To' number ${to} is not a valid mobile number`,
};

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const credentials = new Map<string, string>([[accountSid, authToken]]);
  for (const key of options.apiKeys ?? []) credentials.set(key.sid, key.secret);

  const messages: RecordedMessage[] = [];
  const requests: RecordedRequest[] = [];
  const perNumber = new Map<string, { error: TwilioFakeError; remaining: number }>();
  let nextErrors: TwilioFakeError[] = [];

  const messagesPath = new RegExp(`^/2010-04-01/Accounts/([^/]+)/Messages\\.json$`);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To');
      const answer = (status: number, body: unknown) => {
        requests.push({ method: req.method ?? '', path, status, to });
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'twilio-request-id': `RQ${hex(16)}` });
        res.end(JSON.stringify(body));
      };
      const fail = (error: TwilioFakeError) =>
        answer(error.status, {
          code: error.code ?? null,
          message: error.message ?? (error.code !== undefined ? (ERROR_TEXT[error.code]?.(to ?? '') ?? 'Error') : 'Service Unavailable'),
          more_info: error.code !== undefined ? `https://www.twilio.com/docs/errors/${error.code}` : null,
          status: error.status,
        });

      const match = messagesPath.exec(path);
      if (req.method !== 'POST' || !match) {
        fail({ status: 404, code: 20404, message: 'The requested resource was not found' });
        return;
      }
      const authUser = basicAuthUser(req.headers.authorization, credentials);
      if (authUser === null || match[1] !== accountSid) {
        fail({ status: 401, code: 20003 });
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        fail({ status: 400, code: 20001, message: 'Content-Type must be application/x-www-form-urlencoded' });
        return;
      }
      const queued = nextErrors.shift();
      if (queued) {
        fail(queued);
        return;
      }
      const scripted = to !== null ? perNumber.get(to) : undefined;
      if (scripted && to !== null) {
        scripted.remaining -= 1;
        if (scripted.remaining <= 0) perNumber.delete(to);
        fail(scripted.error);
        return;
      }
      const body = form.get('Body');
      const from = form.get('From');
      const messagingServiceSid = form.get('MessagingServiceSid');
      if (to === null || to === '') return fail({ status: 400, code: 21604, message: "A 'To' phone number is required." });
      if (body === null || body === '') return fail({ status: 400, code: 21602, message: 'Message body is required.' });
      if (from === null && messagingServiceSid === null) {
        return fail({ status: 400, code: 21603, message: "A 'From' or 'MessagingServiceSid' parameter is required to send a message." });
      }
      const message: RecordedMessage = {
        sid: `SM${hex(16)}`,
        to,
        from,
        messagingServiceSid,
        body,
        statusCallback: form.get('StatusCallback'),
        validityPeriod: form.get('ValidityPeriod'),
        authUser,
      };
      messages.push(message);
      const now = new Date().toUTCString().replace('GMT', '+0000');
      answer(201, {
        account_sid: accountSid,
        api_version: '2010-04-01',
        body,
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from,
        messaging_service_sid: messagingServiceSid,
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid: message.sid,
        status: messagingServiceSid !== null ? 'accepted' : 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}/Media.json` },
        to,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = (url: string, params: Readonly<Record<string, string>>) => twilio.getExpectedTwilioSignature(authToken, url, { ...params });

  const postForm = async (url: string, params: Readonly<Record<string, string>>, signature?: string): Promise<CallbackResult> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'TwilioProxy/1.1',
        'x-twilio-signature': signature ?? sign(url, params),
        'i-twilio-idempotency-token': hex(16),
      },
      body: new URLSearchParams({ ...params }).toString(),
    });
    return { status: response.status, body: await response.text() };
  };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    requests,
    failFor(to, error, times = Number.POSITIVE_INFINITY) {
      perNumber.set(to, { error, remaining: times });
    },
    failNext(...errors) {
      nextErrors.push(...errors);
    },
    async report(messageSid, status, errorCode) {
      const message = messages.find((m) => m.sid === messageSid);
      if (!message) throw new Error(`twilio fake: no message ${messageSid}`);
      if (!message.statusCallback) throw new Error(`twilio fake: message ${messageSid} asked for no status callback`);
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? 'Rotera',
        MessageSid: message.sid,
        MessageStatus: status,
        SmsSid: message.sid,
        SmsStatus: status,
        To: message.to,
      };
      if (message.messagingServiceSid !== null) params.MessagingServiceSid = message.messagingServiceSid;
      if (errorCode !== undefined) params.ErrorCode = String(errorCode);
      if (status === 'delivered') params.RawDlrDoneDate = '2611251032';
      return postForm(message.statusCallback, params);
    },
    postForm,
    sign,
    reset() {
      messages.length = 0;
      requests.length = 0;
      perNumber.clear();
      nextErrors = [];
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function basicAuthUser(header: string | undefined, credentials: ReadonlyMap<string, string>): string | null {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  return credentials.get(user) === decoded.slice(colon + 1) ? user : null;
}
