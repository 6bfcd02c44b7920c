// Express router for Twilio's webhooks: checks X-Twilio-Signature with the SDK's own validator, drops Twilio's
// retries of a delivery it already handled, turns the form into a typed event, hands it to the app, and answers the
// way Twilio expects (TwiML for an inbound SMS or a call's voice request). Mount it wherever the status callback /
// inbound URLs point: `app.use('/twilio', createWebhookRouter({ authToken }))`.
import { createRequire } from 'node:module';
import type { Request, Response, Router } from 'express';
import twilio from 'twilio';
import { DeliveryLog, type RecordedAnswer } from './delivery-log.js';
import { WebhookEventStream } from './event-stream.js';
import { toWebhookEvent, type VoiceRequestEvent, type WebhookEvent } from './webhook-events.js';

/** TwiML for a call: a string or twilio-node's `new twilio.twiml.VoiceResponse()`. */
export type VoiceTwiml = string | twilio.twiml.VoiceResponse;

export interface WebhookRouterOptions {
  /** The account's auth token: Twilio signs every webhook with it (also when the REST API uses API keys). */
  authToken: string;
  /**
   * The public origin Twilio calls (e.g. https://hooks.example.com, or the simulator-visible http://127.0.0.1:3000).
   * The signed URL is this + req.originalUrl. Without it the URL is rebuilt from the request's protocol and Host,
   * (express 5's req.protocol/req.host, which follow X-Forwarded-Proto/-Host once express's `trust proxy` is set).
   */
  publicBaseUrl?: string;
  /**
   * Called for every verified event before Twilio gets its answer; a throw/rejection answers 500 (Twilio logs
   * 11200). Keep it quick: Twilio gives up on a webhook after 15 s by default.
   */
  onEvent?: (event: WebhookEvent, req: Request) => void | Promise<void>;
  /**
   * The TwiML to answer a call's voice request with (answer, incoming call, Gather/Dial action), after onEvent.
   * Without it, or when it returns nothing, the answer is an empty `<Response/>`: Twilio hangs up cleanly
   * (an empty body would be an application error). A throw answers 500.
   */
  onVoiceRequest?: (event: VoiceRequestEvent, req: Request) => VoiceTwiml | undefined | Promise<VoiceTwiml | undefined>;
  /** Check signatures (default true). Turn off only for local experiments. */
  validate?: boolean;
  /** How many past events `events.history` keeps. Default 0: no history unless asked for. */
  historyLimit?: number;
  /** How many I-Twilio-Idempotency-Tokens (and their answers) to remember for dropping retried deliveries. Default 1000. */
  idempotencyTokenLimit?: number;
}

export type WebhookRouter = Router & {
  /** Every verified event, for listeners and for tests: `await router.events.next('sms.delivered')`. */
  readonly events: WebhookEventStream;
};

/**
 * express is an optional peer of this package: an app that only sends SMS must not install it. It is loaded when a
 * router is made, which only an express app does, so it is there; otherwise the error says what to install.
 */
function loadExpress(): typeof import('express') {
  try {
    return createRequire(import.meta.url)('express');
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error('createWebhookRouter needs express (an optional peer dependency of twilio-sim): npm install express');
  }
}

// An empty reply: no SMS back, or a call that hangs up. text/xml is what Twilio expects from SMS and voice URLs.
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export function createWebhookRouter(options: WebhookRouterOptions): WebhookRouter {
  const validate = options.validate ?? true;
  if (validate && !options.authToken) throw new TypeError('createWebhookRouter needs authToken to verify signatures');
  const publicBase = options.publicBaseUrl?.replace(/\/+$/, '');
  const events = new WebhookEventStream({ historyLimit: options.historyLimit ?? 0 });
  const deliveries = new DeliveryLog(options.idempotencyTokenLimit ?? 1000);
  const express = loadExpress();
  const router = express.Router();

  // Twilio posts application/x-www-form-urlencoded. Skipped if the app already parsed the body.
  router.use(express.urlencoded({ extended: false }));

  router.use(async (req: Request, res: Response, next) => {
    if (req.method !== 'POST' && req.method !== 'GET') return next();
    // A callback configured with method GET carries its fields in the query, and Twilio signs the URL alone.
    const isGet = req.method === 'GET';
    const params = isGet ? toForm(req.query) : isForm(req.body) ? req.body : {};

    if (validate) {
      const signature = req.get('X-Twilio-Signature');
      const url = `${publicBase ?? `${req.protocol}://${req.host ?? ''}`}${req.originalUrl}`;
      if (!signature || !twilio.validateRequest(options.authToken, signature, url, isGet ? {} : params)) {
        res.status(403).type('text/plain').send('Invalid Twilio signature');
        return;
      }
    }

    const token = req.get('I-Twilio-Idempotency-Token');
    const earlier = token ? await deliveries.earlier(token) : undefined;
    if (earlier) return void send(res, earlier);
    const settle = token ? deliveries.begin(token) : undefined;

    const event = toWebhookEvent(params);
    let answer: RecordedAnswer;
    try {
      await options.onEvent?.(event, req);
      answer = await answerFor(event, req);
    } catch {
      settle?.(undefined);
      res.status(500).type('text/plain').send('Webhook handler failed');
      return;
    } finally {
      events.emit(event);
    }
    settle?.(answer);
    send(res, answer);
  });

  async function answerFor(event: WebhookEvent, req: Request): Promise<RecordedAnswer> {
    if (event.type === 'voice.request') {
      const twiml = await options.onVoiceRequest?.(event, req);
      return { status: 200, contentType: 'text/xml', body: twiml === undefined ? EMPTY_TWIML : String(twiml) };
    }
    if (event.type === 'sms.received') return { status: 200, contentType: 'text/xml', body: EMPTY_TWIML };
    return { status: 200, contentType: undefined, body: '' };
  }

  return Object.assign(router, { events });
}

function send(res: Response, answer: RecordedAnswer): void {
  res.status(answer.status);
  if (answer.contentType) res.type(answer.contentType).send(answer.body);
  else res.end();
}

function isForm(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function toForm(query: unknown): Record<string, unknown> {
  return isForm(query) ? { ...query } : {};
}
