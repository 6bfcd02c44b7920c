// The example app (examples/otp-ivr-app) served on 127.0.0.1 next to a simulator on the virtual clock, its number's
// sms_url and voice_url pointed at it, and its production TwilioClient pointed at the simulator.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createOtpIvrApp } from '../../examples/otp-ivr-app/app.js';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { TwilioClient } from '../../src/index.js';
import { sdkAt } from '../helpers/sdk.js';

export const APP_NUMBER = '+61491570156';

export interface Running {
  sim: ListeningSimulator;
  /** The example app's origin. */
  appUrl: string;
  post(path: string, body: unknown): Promise<any>;
  /** The account back to its fixtures (a reset puts the number's URLs back too), then the URLs on the app again. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startExample(): Promise<Running> {
  const sim = await startSimulator({ port: 0, clock: 'virtual', seed: 13 });
  const account = sim.accounts[0]!;
  let server: Server | undefined;
  try {
    // The app must know its own URL before it is built; listen first, then mount it.
    const host = (await import('express')).default();
    server = await new Promise<Server>((resolve) => {
      const s = host.listen(0, '127.0.0.1', () => resolve(s));
    });
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Pacing off: the client would otherwise space sends a real second apart, and these tests never sleep.
    const client = new TwilioClient({ accountSid: account.sid, authToken: account.authToken, baseUrl: sim.url, pacing: false });
    host.use(createOtpIvrApp({ client, authToken: account.authToken, number: APP_NUMBER, publicBaseUrl: appUrl }));
    const sdk = sdkAt(sim.url, account.sid, account.authToken);
    const pointAtApp = async () => {
      const [owned] = await sdk.incomingPhoneNumbers.list({ phoneNumber: APP_NUMBER });
      await sdk.incomingPhoneNumbers(owned!.sid).update({ smsUrl: `${appUrl}/twilio/sms`, voiceUrl: `${appUrl}/twilio/voice` });
    };
    await pointAtApp();
    const running = server;
    return {
      sim,
      appUrl,
      async post(path, body) {
        const response = await fetch(`${appUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return response.json();
      },
      async reset() {
        sim.control.reset();
        await pointAtApp();
      },
      async stop() {
        running.closeAllConnections();
        await new Promise((resolve) => running.close(resolve));
        await sim.stop();
      },
    };
  } catch (error) {
    server?.close();
    await sim.stop();
    throw error;
  }
}
