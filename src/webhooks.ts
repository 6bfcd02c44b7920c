// Express router for Twilio's webhooks: checks X-Twilio-Signature with the SDK's own validator, turns the form
// into a typed event, hands it to the app, and answers the way Twilio expects. Mount it wherever the status
// callback / inbound SMS URLs point: `app.use('/twilio', createWebhookRouter({ authToken }))`.
import express, { type Request, type Response, type Router } from 'express';
import twilio from 'twilio';
import { WebhookEventStream } from './event-stream.js';
import { toWebhookEvent, type WebhookEvent } from './webhook-events.js';

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
  /** Check signatures (default true). Turn off only for local experiments. */
  validate?: boolean;
  /** How many past events `events.history` keeps. Default 1000. */
  historyLimit?: number;
}

export type WebhookRouter = Router & {
  /** Every verified event, for listeners and for tests: `await router.events.next('sms.delivered')`. */
  readonly events: WebhookEventStream;
};

// An empty reply: Twilio sends no SMS back. Returned as text/xml, which Twilio expects from an SMS URL.
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export function createWebhookRouter(options: WebhookRouterOptions): WebhookRouter {
  const validate = options.validate ?? true;
  if (validate && !options.authToken) throw new TypeError('createWebhookRouter needs authToken to verify signatures');
  const publicBase = options.publicBaseUrl?.replace(/\/+$/, '');
  const events = new WebhookEventStream(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit });
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

    const event = toWebhookEvent(params);
    try {
      await options.onEvent?.(event, req);
    } catch {
      res.status(500).type('text/plain').send('Webhook handler failed');
      return;
    } finally {
      events.emit(event);
    }

    if (event.type === 'sms.received') res.status(200).type('text/xml').send(EMPTY_TWIML);
    else res.status(200).end();
  });

  return Object.assign(router, { events });
}

function isForm(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function toForm(query: unknown): Record<string, unknown> {
  return isForm(query) ? { ...query } : {};
}
