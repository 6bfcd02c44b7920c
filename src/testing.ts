// `twilio-sim/testing`: what a test suite needs to point the official SDK at the simulator, and to talk to the app
// as a person with a phone would (virtual phones over the simulator's control API). Kept out of the production
// entry so an app cannot ship a client that quietly sends its credentials somewhere other than Twilio.
export { SimulatorRequestClient, rewriteTwilioUrl } from './http-client.js';
export {
  VirtualPhones,
  RemotePhone,
  RemoteCall,
  PhoneExpectationError,
  type VirtualPhonesOptions,
  type Matcher,
  type ReceivedSms,
  type SentSms,
  type SmsSeen,
  type HeardOnCall,
  type PhoneHistoryEntry,
  type CallStatus,
} from './testing/virtual-phones.js';
