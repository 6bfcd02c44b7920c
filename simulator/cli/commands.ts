// The subcommands: each maps its flags onto one or two /__sim control routes and says what happened in a line a
// person can read (or, with --json, the simulator's own JSON answer, for scripts).
import type { ParseArgsConfig } from 'node:util';
import type { Connection } from './connection.js';
import { parseDuration } from './duration.js';

type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  /** One line under `twilio-sim --help`. */
  summary: string;
  usage: string;
  /** Flag lines for `--help`, besides the connection flags every command takes. */
  flags?: string;
  options?: ParseArgsConfig['options'];
  /** Actions of a command that has them (`dncr add`); the first positional picks one. */
  actions?: readonly string[];
  run(conn: Connection, values: Values, args: string[]): Promise<{ json: unknown; text: string }>;
}

/** A mistake on the command line: exit code 2 and the command's usage. */
export class UsageError extends Error {}

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function duration(values: Values, name: string): number | undefined {
  const value = values[name];
  if (typeof value !== 'string') return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) throw new UsageError(`--${name} takes a duration like 90s, 2m, 1h or 500ms, got '${value}'`);
  return ms;
}

const q = encodeURIComponent;

interface ClockState {
  kind: string;
  now: string;
}
interface Message {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
}
interface Call {
  sid: string;
  from: string;
  to: string;
  status: string;
}
interface Delivery {
  at: string;
  kind: string;
  resourceSid: string;
  method: string;
  requestUrl: string;
  status: number | null;
  latencyMs: number;
  errorCode: number | null;
  attempt: number;
}
interface DncrEntry {
  number: string;
  status: string;
  registeredOn: string | null;
  scope: string;
}

export const COMMANDS: Record<string, Command> = {
  'sms-in': {
    summary: 'a person texts one of your numbers (its sms_url gets the signed webhook)',
    usage: 'twilio-sim sms-in --from +61491570101 --to +61491570156 --body "Hi"',
    flags:
      '  --from NUMBER     who texts\n  --to NUMBER       your number\n  --body TEXT       the text (may be empty)\n  --media URL       a picture or file URL; repeat for more',
    options: { from: { type: 'string' }, to: { type: 'string' }, body: { type: 'string' }, media: { type: 'string', multiple: true } },
    async run(conn, values) {
      const media = values.media as string[] | undefined;
      const m = await conn.request<Message>('POST', '/__sim/messages/inbound', {
        from: required(values, 'from'),
        to: required(values, 'to'),
        body: (values.body as string | undefined) ?? '',
        ...(media ? { mediaUrls: media } : {}),
      });
      return { json: m, text: `${m.sid} ${m.status}: ${m.from} → ${m.to} ${JSON.stringify(m.body)}` };
    },
  },
  'call-in': {
    summary: 'a person calls one of your numbers (its voice_url is asked for TwiML)',
    usage: 'twilio-sim call-in --from +61491570101 --to +61491570156',
    flags: '  --from NUMBER     who calls\n  --to NUMBER       your number',
    options: { from: { type: 'string' }, to: { type: 'string' } },
    async run(conn, values) {
      const c = await conn.request<Call>('POST', '/__sim/calls/inbound', { from: required(values, 'from'), to: required(values, 'to') });
      return { json: c, text: `${c.sid} ${c.status}: ${c.from} → ${c.to}` };
    },
  },
  advance: {
    summary: "move your account's virtual clock (timers and webhooks due on the way happen first)",
    usage: 'twilio-sim advance 90s          (ms, s, m or h; a bare number is milliseconds)',
    async run(conn, _values, args) {
      const [text] = args;
      const ms = text === undefined ? undefined : parseDuration(text);
      if (ms === undefined) throw new UsageError(`say how far, like 90s, 2m, 1h or 500ms${text === undefined ? '' : `, got '${text}'`}`);
      const clock = await conn.request<ClockState>('POST', '/__sim/clock/advance', { ms });
      return { json: clock, text: `clock advanced ${text}: now ${clock.now}` };
    },
  },
  scenario: {
    summary: "how texts to a number end: set, list or remove a recipient's delivery outcome",
    usage:
      'twilio-sim scenario set --to +61491570101 --outcome undelivered [--error-code 30003] [--delay 2m]\n       twilio-sim scenario list\n       twilio-sim scenario remove --to +61491570101',
    flags:
      '  --to NUMBER       the recipient\n  --outcome WHAT    delivered, undelivered, failed, slow or never\n  --error-code N    the ErrorCode reported (default per outcome)\n  --delay TIME      for slow: how long until delivered',
    options: { to: { type: 'string' }, outcome: { type: 'string' }, 'error-code': { type: 'string' }, delay: { type: 'string' } },
    actions: ['set', 'list', 'remove'],
    async run(conn, values, [action]) {
      if (action === 'list') {
        const { scenarios } = await conn.request<{ scenarios: Array<Record<string, unknown>> }>('GET', '/__sim/scenarios');
        return { json: scenarios, text: lines(scenarios.map((s) => `${s.to}  ${s.outcome}${s.errorCode ? ` ${s.errorCode}` : ''}`)) };
      }
      const to = required(values, 'to');
      if (action === 'remove') {
        await conn.request('DELETE', `/__sim/scenarios?to=${q(to)}`);
        return { json: { to, removed: true }, text: `texts to ${to} are delivered again` };
      }
      const code = values['error-code'];
      if (code !== undefined && !/^\d+$/.test(String(code))) throw new UsageError(`--error-code is a number, got '${code}'`);
      const set = await conn.request<Record<string, unknown>>('POST', '/__sim/scenarios', {
        to,
        outcome: required(values, 'outcome'),
        ...(code === undefined ? {} : { errorCode: Number(code) }),
        ...(values.delay === undefined ? {} : { delayMs: duration(values, 'delay') }),
      });
      return { json: set, text: `texts to ${to} will be ${set.outcome}${set.errorCode ? ` (${set.errorCode})` : ''}` };
    },
  },
  callee: {
    summary: 'how a number answers calls: set, list or remove its script',
    usage:
      'twilio-sim callee set --to +61491570101 --answer busy [--ring 5s] [--hang-up-after 30s]\n       twilio-sim callee list\n       twilio-sim callee remove --to +61491570101',
    flags:
      '  --to NUMBER           the callee\n  --answer WHAT         answer, busy, no-answer, failed or reject\n  --ring TIME           how long it rings first (default 3s)\n  --hang-up-after TIME  the callee hangs up this long after answering\n  --answered-by WHO     with MachineDetection: human, machine_start, fax…',
    options: {
      to: { type: 'string' },
      answer: { type: 'string' },
      ring: { type: 'string' },
      'hang-up-after': { type: 'string' },
      'answered-by': { type: 'string' },
    },
    actions: ['set', 'list', 'remove'],
    async run(conn, values, [action]) {
      if (action === 'list') {
        const { callees } = await conn.request<{ callees: Array<Record<string, unknown>> }>('GET', '/__sim/callees');
        return { json: callees, text: lines(callees.map((c) => `${c.to}  ${c.answer} after ${c.ringMs} ms`)) };
      }
      const to = required(values, 'to');
      if (action === 'remove') {
        await conn.request('DELETE', `/__sim/callees?to=${q(to)}`);
        return { json: { to, removed: true }, text: `${to} answers calls the default way again` };
      }
      const set = await conn.request<Record<string, unknown>>('POST', '/__sim/callees', {
        to,
        answer: required(values, 'answer'),
        ...(values.ring === undefined ? {} : { ringMs: duration(values, 'ring') }),
        ...(values['hang-up-after'] === undefined ? {} : { hangUpAfterMs: duration(values, 'hang-up-after') }),
        ...(values['answered-by'] === undefined ? {} : { answeredBy: values['answered-by'] }),
      });
      return { json: set, text: `calls to ${to}: ${set.answer} after ${set.ringMs} ms of ringing` };
    },
  },
  dncr: {
    summary: 'the simulated Do Not Call Register: add, remove or list numbers',
    usage: 'twilio-sim dncr add 0412345678 [--status invalid]\n       twilio-sim dncr remove 0412345678\n       twilio-sim dncr list',
    flags: '  --status WHAT     with add: registered (default) or invalid',
    options: { status: { type: 'string' } },
    actions: ['add', 'remove', 'list'],
    async run(conn, values, [action, number]) {
      if (action === 'list') {
        const { entries } = await conn.request<{ entries: DncrEntry[] }>('GET', '/__sim/dncr');
        return { json: entries, text: lines(entries.map((e) => `${e.number}  ${e.status}  ${e.registeredOn ?? '-'}  ${e.scope}`)) };
      }
      if (!number) throw new UsageError(`dncr ${action} needs a number`);
      if (action === 'remove') {
        await conn.request('DELETE', `/__sim/dncr/${q(number)}`);
        return { json: { number, removed: true }, text: `${number} is off the register` };
      }
      const entry = await conn.request<DncrEntry>('PUT', `/__sim/dncr/${q(number)}`, values.status ? { status: values.status } : {});
      return { json: entry, text: `${entry.number} is on the register (${entry.status})` };
    },
  },
  webhooks: {
    summary: 'every webhook attempt the simulator made: when, what, status, latency, error code',
    usage: 'twilio-sim webhooks [--sid SM…|CA…] [--kind sms-status|sms-inbound|call-status|voice-url]',
    flags: '  --sid SID         only this message or call\n  --kind KIND       only this kind of webhook',
    options: { sid: { type: 'string' }, kind: { type: 'string' } },
    async run(conn, values) {
      const query = new URLSearchParams();
      if (typeof values.sid === 'string') query.set('resourceSid', values.sid);
      if (typeof values.kind === 'string') query.set('kind', values.kind);
      const { deliveries } = await conn.request<{ deliveries: Delivery[] }>('GET', `/__sim/webhooks${query.size ? `?${query}` : ''}`);
      const rows = deliveries.map(
        (d) =>
          `${d.at}  ${d.kind}  ${d.resourceSid}  ${d.method} ${d.requestUrl}  → ${d.status ?? 'no answer'}` +
          `${d.errorCode ? ` (${d.errorCode})` : ''}  ${d.latencyMs} ms${d.attempt > 1 ? `  attempt ${d.attempt}` : ''}`,
      );
      return { json: deliveries, text: lines(rows, 'no webhooks yet') };
    },
  },
  reset: {
    summary: 'your account back to its fixtures (messages, calls, scenarios, logs)',
    usage: 'twilio-sim reset',
    async run(conn) {
      const answer = await conn.request<ClockState>('POST', '/__sim/reset');
      return { json: answer, text: `account ${conn.accountSid} reset` };
    },
  },
};

function lines(rows: string[], empty = 'none'): string {
  return rows.length === 0 ? empty : rows.join('\n');
}
