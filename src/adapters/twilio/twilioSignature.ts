import twilio from 'twilio';

/** Whether a delivery report really comes from Twilio: `(X-Twilio-Signature, form parameters) => valid`. */
export type SignatureCheck = (signature: string | undefined, params: Readonly<Record<string, string>>) => boolean;

/**
 * Checks Twilio's HMAC signature against the configured callback URL. Twilio signs with the
 * account's auth token, even when messages are sent with an API key.
 */
export function twilioSignatureCheck(authToken: string, callbackUrl: string): SignatureCheck {
  return (signature, params) => {
    if (signature === undefined || signature === '') return false;
    return twilio.validateRequest(authToken, signature, callbackUrl, { ...params });
  };
}
