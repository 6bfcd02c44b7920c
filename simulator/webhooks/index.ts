// Webhook dispatcher: signed Twilio-style requests to user URLs, connection overrides, retries, delivery log.

export * from './types.js';
export { WebhookDispatcher } from './dispatcher.js';
export { signatureFor } from './signature.js';
export { parseConnectionOverrides, defaultConnectionOverrides } from './overrides.js';
export {
  ERROR_INVALID_URL,
  ERROR_HTTP_RETRIEVAL,
  ERROR_CONNECTION,
  ERROR_BAD_HOST,
  ERROR_TLS_HANDSHAKE,
  ERROR_CERT_DOMAIN_MISMATCH,
  ERROR_CERT_EXPIRED,
  ERROR_CERT_UNTRUSTED,
  WARNING_INVALID_EDGE,
  WARNING_INVALID_OVERRIDE,
} from './errors.js';
