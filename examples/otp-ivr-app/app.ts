// A small app of the kind virtual phones are for, written only against the production client (src/): it texts a
// one-time code and checks the code the person texts back, and it phones people about an appointment with a menu
// (press 1 to confirm, 2 to move it and say a day). The same menu answers when a person calls its number.
// A person who misses the call gets a text. Nothing here knows about the simulator except the base URL it is given.
import { randomInt } from 'node:crypto';
import express, { type Express } from 'express';
import twilio from 'twilio';
import { createWebhookRouter, type TwilioClient, type VoiceRequestEvent } from '../../src/index.js';

export interface OtpIvrAppOptions {
  client: TwilioClient;
  /** The account's auth token, to check Twilio's signatures on webhooks. */
  authToken: string;
  /** The app's own number: texts and calls come from it, and it takes texts and calls. */
  number: string;
  /** Where Twilio (or the simulator) reaches this app, e.g. http://127.0.0.1:3000. */
  publicBaseUrl: string;
}

const MENU = 'Hello from Acme Dental. Your appointment is tomorrow at 10 AM. Press 1 to confirm, or press 2 to move it.';

export function createOtpIvrApp(options: OtpIvrAppOptions): Express {
  const { client, number, publicBaseUrl } = options;
  const codes = new Map<string, string>();
  const appointments = new Map<string, string>();
  const text = (to: string, body: string) => client.sendSms({ from: number, to, body });

  const menu = () => {
    const response = new twilio.twiml.VoiceResponse();
    response.gather({ numDigits: 1, action: '/twilio/voice/choice', timeout: 5 }).say(MENU);
    response.say('We did not hear a choice. Goodbye.');
    return response;
  };

  function voice(event: VoiceRequestEvent, path: string): twilio.twiml.VoiceResponse {
    const response = new twilio.twiml.VoiceResponse();
    const person = event.direction === 'inbound' ? event.from : event.to;
    if (path === '/voice/choice' && event.digits === '1') {
      appointments.set(person, 'tomorrow at 10 AM');
      response.say('Your appointment is confirmed. Goodbye.');
      response.hangup();
    } else if (path === '/voice/choice' && event.digits === '2') {
      response.gather({ input: ['speech'], action: '/twilio/voice/day', timeout: 5 }).say('Which day suits you better?');
      response.say('We did not catch that. Goodbye.');
    } else if (path === '/voice/day' && event.speechResult) {
      appointments.set(person, event.speechResult);
      response.say(`We moved your appointment to ${event.speechResult}. Goodbye.`);
    } else if (path === '/voice/choice') {
      response.say('Sorry, that is not an option.');
      response.redirect('/twilio/voice');
    } else {
      return menu();
    }
    return response;
  }

  const router = createWebhookRouter({
    authToken: options.authToken,
    publicBaseUrl,
    // Replies go out before the webhook is answered, so the text is on its way when Twilio hears back.
    async onEvent(event) {
      if (event.type === 'sms.received') {
        const expected = codes.get(event.from);
        if (expected === undefined) return void (await text(event.from, 'Acme: text LOGIN to get a code.'));
        if (event.body.trim() !== expected) return void (await text(event.from, 'Acme: that code does not match. Try again.'));
        codes.delete(event.from);
        await text(event.from, 'Acme: your number is verified. Welcome!');
      }
      if (event.type === 'voice.no-answer' || event.type === 'voice.busy') {
        await text(event.to, 'Acme Dental: sorry we missed you. Reply or call us to confirm your appointment.');
      }
    },
    onVoiceRequest: (event, req) => voice(event, req.path.replace(/^\/twilio/, '')),
  });

  const app = express();
  app.use('/twilio', router);
  app.use(express.json());

  /** Start a login: the code goes out by SMS. */
  app.post('/login', async (req, res) => {
    const phone = String(req.body?.phone ?? '');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    codes.set(phone, code);
    await text(phone, `Your Acme code is ${code}. Text it back to verify your number.`);
    res.status(202).json({ sent: true });
  });

  /** Phone a patient about their appointment; the menu runs when they answer. */
  app.post('/remind', async (req, res) => {
    const phone = String(req.body?.phone ?? '');
    const call = await client.initiateCall({
      from: number,
      to: phone,
      url: `${publicBaseUrl}/twilio/voice`,
      statusCallback: `${publicBaseUrl}/twilio/status`,
      events: ['completed'],
      timeout: 30,
      telemarketing: false,
    });
    res.status(202).json({ callSid: call.callSid });
  });

  app.get('/appointments/:phone', (req, res) => {
    res.json({ appointment: appointments.get(req.params.phone) ?? null });
  });

  return app;
}
