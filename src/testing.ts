// `twilio-sim/testing`: what a test suite needs to point the official SDK at the simulator. Kept out of the
// production entry so an app cannot ship a client that quietly sends its credentials somewhere other than Twilio.
export { SimulatorRequestClient, rewriteTwilioUrl } from './http-client.js';
