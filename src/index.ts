// Public API of the production client. Everything an app needs; nothing here reaches into simulator/.
export {
  TwilioClient,
  type TwilioClientOptions,
  type SendSmsInput,
  type SendSmsResult,
  type MessageSummary,
  type MessageStatus,
} from './client.js';
export {
  TwilioApiError,
  InvalidPhoneNumberError,
  RetryExhaustedError,
  type PhoneNumberProblem,
} from './errors.js';
export {
  toE164,
  classifyAuNumber,
  nationalFormat,
  isFictitiousAuNumber,
  type AuNumberType,
  type CountryCode,
} from './numbers.js';
export {
  SenderPacer,
  withRetry,
  isRetryable,
  isAmbiguousFailure,
  RequestOutcomeUnknownError,
  parseRetryAfter,
  realTime,
  timeSourceFromClock,
  type TimeSource,
  type PacingOptions,
  type RetryOptions,
} from './pacing.js';
export {
  SimulatorRequestClient,
  ObservedRequestClient,
  rewriteTwilioUrl,
  observeResponses,
  type ObservedResponse,
  type RequestOptions,
  type RequestClientOptions,
} from './http-client.js';
export { createWebhookRouter, type WebhookRouter, type WebhookRouterOptions } from './webhooks.js';
export { WebhookEventStream, WebhookWaitTimeoutError, type EventMatcher } from './event-stream.js';
export {
  toWebhookEvent,
  type WebhookEvent,
  type WebhookEventType,
  type EventOfType,
  type SmsEvent,
  type SmsStatusEvent,
  type SmsReceivedEvent,
  type VoiceEvent,
  type VoiceStatusEvent,
  type UnknownWebhookEvent,
} from './webhook-events.js';
