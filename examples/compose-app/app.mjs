// The example app of docker-compose.yml: an express app using twilio-sim's production client the way a real app
// uses it against Twilio. On start it texts a person and calls them; the simulator's status callbacks and the call's
// request for TwiML come back to this app's webhook router, and each event is printed. Plain JavaScript, so it runs
// in the image's build stage as it is (`twilio-sim` resolves to the package itself).
import express from 'express';
import { createWebhookRouter, isCallEnded, TwilioClient } from 'twilio-sim';

const env = (name, fallback) => process.env[name] || fallback;
const accountSid = env('TWILIO_ACCOUNT_SID', 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10');
const authToken = env('TWILIO_AUTH_TOKEN', '9f3b8d2a6c1e4f7a0b5d8c3e6f9a2b4d');
const baseUrl = env('TWILIO_BASE_URL', 'http://127.0.0.1:4010');
// Where the simulator reaches this app: the compose service name inside the network, 127.0.0.1 on one machine.
const publicUrl = env('APP_PUBLIC_URL', 'http://127.0.0.1:3000');
const port = Number(env('APP_PORT', '3000'));
const from = env('APP_FROM', '+61491570156');
const to = env('APP_TO', '+61491570101');

const hooks = createWebhookRouter({
  authToken,
  publicBaseUrl: publicUrl,
  onEvent: (event) => console.log(`webhook: ${event.type}`),
  onVoiceRequest: () => '<Response><Say>Hello from the example app</Say></Response>',
});
const app = express();
app.use('/twilio', hooks);
const server = app.listen(port, env('APP_HOST', '127.0.0.1'));
await new Promise((resolve) => server.once('listening', resolve));
console.log(`example app on ${publicUrl}, talking to ${baseUrl}`);

// http:// is allowed only to loopback unless said so: here the simulator is another container on a private network.
const client = new TwilioClient({ accountSid, authToken, baseUrl, allowInsecureBaseUrl: true });
const sms = await client.sendSms({ from, to, body: 'Hello from docker compose', statusCallback: `${publicUrl}/twilio/status` });
console.log(`sms ${sms.messageSid}: ${sms.status}`);
await hooks.events.next('sms.delivered', 30_000);
console.log('sms delivered');

const call = await client.initiateCall({
  from,
  to,
  url: `${publicUrl}/twilio/voice`,
  statusCallback: `${publicUrl}/twilio/status`,
  events: ['initiated', 'ringing', 'answered', 'completed'],
});
console.log(`call ${call.callSid}: ${call.status}`);
const ended = await hooks.events.next(isCallEnded, 60_000);
console.log(`call ended: ${ended.type}`);
if (process.env.APP_EXIT_WHEN_DONE) server.close();
