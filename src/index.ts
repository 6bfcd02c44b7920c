// Public API of the production client. Everything an app needs; nothing here reaches into simulator/.
export {
  TwilioClient,
  type TwilioClientOptions,
  type SendSmsInput,
  type SendSmsResult,
  type MessageSummary,
  type MessageStatus,
} from './client.js';
export type {
  InitiateCallInput,
  CallInstructions,
  CallResult,
  CallStatus,
  CallProgressEvent,
} from './calls.js';
export { countSegments, type SmsEncoding } from './segments.js';
export {
  TwilioApiError,
  InvalidPhoneNumberError,
  RetryExhaustedError,
  InsecureBaseUrlError,
  type PhoneNumberProblem,
} from './errors.js';
export {
  toE164,
  classifyAuNumber,
  nationalFormat,
  isFictitiousAuNumber,
  isAlphanumericSenderId,
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
  type ScheduleOptions,
  type RetryOptions,
} from './pacing.js';
// SimulatorRequestClient lives in 'twilio-sim/testing', away from production code.
export {
  ObservedRequestClient,
  observeResponses,
  type ObservedResponse,
  type RequestOptions,
  type RequestClientOptions,
} from './http-client.js';
export { createWebhookRouter, type WebhookRouter, type WebhookRouterOptions, type VoiceTwiml } from './webhooks.js';
export { WebhookEventStream, WebhookWaitTimeoutError, type EventMatcher } from './event-stream.js';
export { inSequence, VoiceEventSequencer, type VoiceEventSequencerOptions } from './voice-sequence.js';
export {
  toWebhookEvent,
  isCallEnded,
  type WebhookEvent,
  type WebhookEventType,
  type EventOfType,
  type SmsEvent,
  type SmsStatusEvent,
  type SmsReceivedEvent,
  type VoiceEvent,
  type VoiceStatusEvent,
  type VoiceRequestEvent,
  type VoiceEndedType,
  type UnknownWebhookEvent,
} from './webhook-events.js';
export type { LookupField, LookupResult } from './lookups.js';
export type {
  DncrPort,
  DncrStatus,
  DncrWashResult,
} from './dncr/port.js';
export { DncrChecker, type DncrCheckerOptions, type DncrVerdict, type DncrReason } from './dncr/checker.js';
export { SoapWashAdapter, type SoapWashAdapterOptions } from './dncr/soap-wash-adapter.js';
export { DEFAULT_WASH_SERVICE_SPEC, type WashServiceSpec } from './dncr/wash-service-spec.js';
export {
  DncrError,
  DncrReturnCodeError,
  DncrCredentialsError,
  DncrReferenceNotFoundError,
  DncrAccountSuspendedError,
  DncrSubscriptionExpiredError,
  DncrResultPendingError,
  DncrNoBalanceError,
  DncrUnavailableError,
} from './dncr/errors.js';
export { TelemarketingGuard, type TelemarketingGuardOptions } from './compliance/guard.js';
export { callingHoursProblem, type AuState, type RecipientLocation, type CallingHoursProblem } from './compliance/calling-hours.js';
export { consentLapsesAt, type ConsentRecord, type ConsentLookup } from './compliance/consent.js';
export { ComplianceError, OutsideCallingHoursError, DoNotCallError } from './compliance/errors.js';
