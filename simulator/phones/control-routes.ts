// The devices over HTTP, for tests in any language: /__sim/phones/{Number}/… mirrors the in-process Phone and
// PhoneCall. Waits are long-polls bounded by timeoutMs (simulated ms; on the virtual clock they return as soon as
// the clock has moved far enough). A failed expectation answers in Twilio's error shape: 408 (code 20408) when the
// awaited thing never came, 409 (code 20409) when the call cannot do that now; its message says what did happen.
import { type JsonBody, readJson, span, stringList, text } from '../control/json-body.js';
import { badRequest, TwilioError } from '../kernel/errors.js';
import type { Message } from '../resources/messages/types.js';
import type { ControlRoute } from '../resources/resource.js';
import { json, type WireResponse } from '../wire/types.js';
import { PhoneExpectationError } from './expectation-error.js';
import type { Matcher } from './matching.js';
import type { Phone, ReceivedSms } from './phone.js';
import type { PhoneCall } from './phone-call.js';
import type { Phones } from './phones.js';

type Context = { body: JsonBody; phone: Phone; call: () => PhoneCall };
type Handler = (c: Context) => Promise<unknown> | unknown;

// A long-poll on the real clock lasts as long as it waits; HTTP clients give up on an answer after a few minutes
// (Node's fetch after 300 s without headers), so one poll stays under that. Poll again to wait longer.
const MAX_HTTP_WAIT_MS = 240_000;

const iso = (ms: number) => new Date(ms).toISOString();

function matcher(body: JsonBody): Matcher | undefined {
  const pattern = text(body, 'pattern', true);
  if (pattern === undefined) return text(body, 'matching', true);
  if (pattern.length > 500) throw badRequest(20001, "'pattern' is at most 500 characters");
  try {
    return new RegExp(pattern, body.ignoreCase === true ? 'i' : '');
  } catch {
    throw badRequest(20001, `'pattern' is not a valid regular expression: ${pattern}`);
  }
}

function timeoutMs(body: JsonBody): number | undefined {
  const value = span(body, 'timeoutMs');
  if (value !== undefined && value > MAX_HTTP_WAIT_MS) throw badRequest(20001, `'timeoutMs' is at most ${MAX_HTTP_WAIT_MS} ms over HTTP`);
  return value;
}

function bodyText(body: JsonBody): string {
  const value = body.body ?? '';
  if (typeof value !== 'string' || value.length > 1600) throw badRequest(20001, "'body' must be a string of at most 1600 characters");
  return value;
}

const sms = (m: ReceivedSms) => ({ sid: m.sid, from: m.from, to: m.to, body: m.body, media: m.media, at: iso(m.at), groups: m.groups });
const sent = (m: Message) => ({ sid: m.sid, from: m.from, to: m.to, body: m.body, at: iso(m.dateCreated) });
const callJson = (c: PhoneCall) => ({ sid: c.sid, from: c.from, to: c.to, status: c.status, direction: c.direction });

/** Do something to the call, then show it as it is now. */
function act(call: PhoneCall, action: (c: PhoneCall) => void) {
  action(call);
  return callJson(call);
}

const PHONE: Record<string, Handler> = {
  'POST expect-sms': async ({ body, phone }) =>
    sms(await phone.expectSms({ from: text(body, 'from', true), matching: matcher(body), timeoutMs: timeoutMs(body) })),
  'POST reply': ({ body, phone }) =>
    sent(phone.reply(text(body, 'messageSid'), bodyText(body), { mediaUrls: stringList(body, 'mediaUrls', 10) })),
  'POST send-sms': ({ body, phone }) =>
    sent(phone.sendSms(text(body, 'to'), bodyText(body), { mediaUrls: stringList(body, 'mediaUrls', 10) })),
  'POST expect-call': async ({ body, phone }) =>
    callJson(await phone.expectCall({ from: text(body, 'from', true), timeoutMs: timeoutMs(body) })),
  'POST dial': ({ body, phone }) => callJson(phone.dial(text(body, 'to'))),
  'GET history': ({ phone }) => ({ history: phone.history().map((e) => ({ ...e, at: iso(e.at) })) }),
  'GET unexpected': ({ phone }) => ({ unexpected: phone.unexpected().map((e) => ({ ...e, at: iso(e.at) })) }),
};

const CALL: Record<string, Handler> = {
  GET: ({ call }) => ({
    ...callJson(call()),
    heard: call()
      .heard()
      .map((h) => ({ ...h, at: iso(h.at) })),
  }),
  'POST answer': ({ call }) => act(call(), (c) => c.answer()),
  'POST reject': ({ call }) => act(call(), (c) => c.reject()),
  'POST busy': ({ call }) => act(call(), (c) => c.busy()),
  'POST ignore': ({ call }) => act(call(), (c) => c.ignore()),
  'POST hang-up': ({ call }) => act(call(), (c) => c.hangUp()),
  'POST expect-say': async ({ body, call }) => {
    const heard = await call().expectSay(matcher(body) ?? '', { timeoutMs: timeoutMs(body) });
    return { ...heard, at: iso(heard.at) };
  },
  'POST press': async ({ body, call }) => {
    await call().press(text(body, 'digits'));
    return callJson(call());
  },
  'POST say': async ({ body, call }) => {
    const confidence = body.confidence;
    if (confidence !== undefined && typeof confidence !== 'number') throw badRequest(20001, "'confidence' must be a number from 0 to 1");
    await call().say(text(body, 'speech'), { confidence });
    return callJson(call());
  },
  'POST wait-for-hangup': async ({ body, call }) => {
    await call().waitForHangup({ timeoutMs: timeoutMs(body) });
    return callJson(call());
  },
};

function failure(error: unknown): WireResponse {
  if (!(error instanceof PhoneExpectationError)) throw error;
  const [status, code] = error.reason === 'timeout' ? [408, 20408] : [409, 20409];
  return json(status, { code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function route(key: string, prefix: string, handler: Handler, phones: Phones): ControlRoute {
  const [method, action] = key.split(' ') as [ControlRoute['method'], string | undefined];
  const template = action ? `${prefix}/${action}` : prefix;
  return {
    method,
    template,
    operationId: `control: phone ${action ?? 'call'}`,
    async handle({ request, params, caller }) {
      try {
        const body = method === 'GET' ? {} : readJson(request);
        const phone = phones.phone(caller.sid, params.Number!);
        const call = () => phones.call(caller.sid, phone.number, params.CallSid!);
        const result = await handler({ body, phone, call });
        return json(method === 'POST' && (action === 'send-sms' || action === 'reply' || action === 'dial') ? 201 : 200, result);
      } catch (error) {
        if (error instanceof TwilioError) throw error;
        return failure(error);
      }
    },
  };
}

export const phoneControlRoutes = (phones: Phones): ControlRoute[] => [
  ...Object.entries(PHONE).map(([key, handler]) => route(key, '/__sim/phones/{Number}', handler, phones)),
  ...Object.entries(CALL).map(([key, handler]) => route(key, '/__sim/phones/{Number}/calls/{CallSid}', handler, phones)),
];
