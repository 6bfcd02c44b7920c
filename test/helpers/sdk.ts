// The official twilio SDK, unmodified, pointed at a simulator through its documented httpClient option (the
// production client's own RequestClient subclass, so tests exercise the same rewrite the app ships).
import twilio from 'twilio';
import { SimulatorRequestClient } from '../../src/http-client.js';

export type TwilioSdk = ReturnType<typeof twilio>;

export function sdkAt(baseUrl: string, username: string, password: string, accountSid?: string): TwilioSdk {
  return twilio(username, password, { accountSid, httpClient: new SimulatorRequestClient(baseUrl) });
}
