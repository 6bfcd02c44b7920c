// Webhook dispatcher: signed Twilio-style requests to user URLs, connection overrides, retries, delivery log.

export * from './types.js';
export { WebhookDispatcher } from './dispatcher.js';
export { signatureFor } from './signature.js';
export { parseConnectionOverrides, defaultConnectionOverrides } from './overrides.js';
