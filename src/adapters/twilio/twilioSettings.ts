import type { RawSettings } from '../../config';
import { ConfigurationError } from '../../domain/errors';
import type { Logger } from '../../ports/Logger';
import type { TwilioSmsSenderOptions } from './TwilioSmsSender';

/** The path of the delivery-report endpoint; the server mounts the route here. */
export const SMS_STATUS_PATH = '/api/sms/status';

/**
 * The one URL Twilio posts delivery reports to, and the URL their signature is checked against.
 * Built from PUBLIC_BASE_URL only: the Host header of a request is whatever the caller wants it to be.
 */
export function smsStatusCallbackUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${SMS_STATUS_PATH}`;
}

type TwilioSettings = Pick<
  RawSettings,
  | 'PUBLIC_BASE_URL'
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_API_KEY'
  | 'TWILIO_API_SECRET'
  | 'TWILIO_FROM'
  | 'TWILIO_MESSAGING_SERVICE_SID'
  | 'TWILIO_API_BASE_URL'
>;

/**
 * Maps the TWILIO_* settings to sender options. An API key is preferred over the auth token for
 * sending; a Messaging Service over a fixed sender. Config's cross-checks already demand the settings.
 */
export function twilioSmsSenderOptions(settings: TwilioSettings, logger: Logger): TwilioSmsSenderOptions {
  const accountSid = settings.TWILIO_ACCOUNT_SID;
  if (!accountSid) throw new ConfigurationError('TWILIO_ACCOUNT_SID: required when SMS_PROVIDER is twilio');
  const credentials: TwilioSmsSenderOptions['credentials'] =
    settings.TWILIO_API_KEY && settings.TWILIO_API_SECRET
      ? { kind: 'api-key', apiKey: settings.TWILIO_API_KEY, apiSecret: settings.TWILIO_API_SECRET }
      : settings.TWILIO_AUTH_TOKEN
        ? { kind: 'auth-token', authToken: settings.TWILIO_AUTH_TOKEN }
        : missing('TWILIO_AUTH_TOKEN: required when SMS_PROVIDER is twilio');
  const sender: TwilioSmsSenderOptions['sender'] = settings.TWILIO_MESSAGING_SERVICE_SID
    ? { kind: 'messaging-service', messagingServiceSid: settings.TWILIO_MESSAGING_SERVICE_SID }
    : settings.TWILIO_FROM
      ? { kind: 'from', from: settings.TWILIO_FROM }
      : missing('TWILIO_FROM: required (or TWILIO_MESSAGING_SERVICE_SID) when SMS_PROVIDER is twilio');
  return {
    accountSid,
    credentials,
    sender,
    statusCallbackUrl: smsStatusCallbackUrl(settings.PUBLIC_BASE_URL),
    logger,
    ...(settings.TWILIO_API_BASE_URL !== undefined ? { apiBaseUrl: settings.TWILIO_API_BASE_URL } : {}),
  };
}

function missing(message: string): never {
  throw new ConfigurationError(message);
}
