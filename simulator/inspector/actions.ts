// The action forms: each a real <form> posting to the control API, with the outcome (or Twilio's error) read out
// in a live region. The page never builds a URL out of a token; only numbers and SIDs appear in paths.
import type { Api } from './api.js';
import { byId } from './dom.js';

type Act = (api: Api, fields: FormData, submitter: HTMLButtonElement | null) => Promise<string | null>;

const field = (fields: FormData, name: string) => String(fields.get(name) ?? '').trim();
const optionalNumber = (fields: FormData, name: string) => (field(fields, name) === '' ? undefined : Number(field(fields, name)));

const ACTIONS: Record<string, Act> = {
  'act-text': async (api, f) => {
    const m = await api.request<{ sid: string }>('POST', '/__sim/messages/inbound', {
      from: field(f, 'from'),
      to: field(f, 'to'),
      body: field(f, 'body'),
    });
    return `Texted ${field(f, 'to')}: ${m.sid}`;
  },
  'act-call': async (api, f) => {
    const c = await api.request<{ sid: string }>('POST', '/__sim/calls/inbound', { from: field(f, 'from'), to: field(f, 'to') });
    return `Calling ${field(f, 'to')}: ${c.sid}`;
  },
  'act-scenario': async (api, f) => {
    await api.request('POST', '/__sim/scenarios', {
      to: field(f, 'to'),
      outcome: field(f, 'outcome'),
      errorCode: optionalNumber(f, 'errorCode'),
    });
    return `Texts to ${field(f, 'to')} will end ${field(f, 'outcome')}`;
  },
  'act-callee': async (api, f) => {
    const ringS = optionalNumber(f, 'ringS');
    await api.request('POST', '/__sim/callees', {
      to: field(f, 'to'),
      answer: field(f, 'answer'),
      ringMs: ringS === undefined ? undefined : ringS * 1000,
    });
    return `Calls to ${field(f, 'to')} will ${field(f, 'answer')}`;
  },
  'act-dncr': async (api, f, submitter) => {
    const number = field(f, 'number');
    const path = `/__sim/dncr/${encodeURIComponent(number)}`;
    if (submitter?.value === 'remove') {
      await api.request('DELETE', path);
      return `${number} taken off the register`;
    }
    await api.request('PUT', path, {});
    return `${number} is on the register`;
  },
  'act-fault': async (api, f) => {
    const operationId = field(f, 'operationId');
    const fault = await api.request<{ id: number; times: number }>('POST', '/__sim/faults', {
      operationId: operationId === '' ? undefined : operationId,
      status: Number(field(f, 'status')),
      times: optionalNumber(f, 'times'),
    });
    return `Fault ${fault.id}: the next ${fault.times} ${operationId || 'request'}(s) answer ${field(f, 'status')}`;
  },
  'act-reset': async (api) => {
    if (!confirm('Reset this account to its fixtures? Its messages, calls, scenarios and logs are dropped.')) return null;
    await api.request('POST', '/__sim/reset');
    return 'Account reset';
  },
};

export function wireActions(api: () => Api | undefined, after: (form: string) => void): void {
  const result = byId('action-result');
  for (const [id, act] of Object.entries(ACTIONS)) {
    const form = byId<HTMLFormElement>(id);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const current = api();
      if (!current) return;
      const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
      act(current, new FormData(form), submitter).then(
        (text) => {
          if (text === null) return;
          result.className = 'good';
          result.textContent = text;
          after(id);
        },
        (error: Error) => {
          result.className = 'bad';
          result.textContent = error.message;
        },
      );
    });
  }
}
