// One webhook attempt as the detail panes show it: the request (URL, method, params, signature), the answer
// (status, body, latency) and, when it failed, Twilio's error code; the retry number says which try it was.
import { clockTime, definitionList, h } from './dom.js';

/**
 * A delivery-log entry as JSON (simulator/webhooks/types.ts's DeliveryLogEntry; that module pulls in Node's types,
 * which browser code cannot compile against, so the fields the page shows are restated here).
 */
export interface Delivery {
  id: string;
  kind: string;
  resourceSid: string;
  url: string;
  requestUrl: string;
  method: string;
  params: Record<string, string>;
  signature: string;
  attempt: number;
  at: string;
  status: number | null;
  latencyMs: number;
  errorCode: number | null;
  errorMessage: string | null;
  responseBody: string;
}

export function attemptCard(d: Delivery): HTMLElement {
  const ok = d.status !== null && d.status >= 200 && d.status < 300;
  return h(
    'article',
    { class: 'attempt', 'aria-label': `${d.kind} webhook, try ${d.attempt}` },
    h(
      'h4',
      {},
      `${d.kind} · try ${d.attempt} · `,
      h('span', { class: ok ? 'good' : 'bad' }, d.status === null ? 'no answer' : `HTTP ${d.status}`),
    ),
    definitionList([
      ['At', clockTime(d.at)],
      ['Request', `${d.method} ${d.requestUrl}`],
      [
        'Params',
        h(
          'pre',
          {},
          Object.entries(d.params)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n'),
        ),
      ],
      ['Signature', h('code', {}, d.signature)],
      ['Latency', `${d.latencyMs} ms`],
      ['Error', d.errorCode === null ? 'none' : h('span', { class: 'bad' }, `${d.errorCode} ${d.errorMessage ?? ''}`)],
      ['Response', h('pre', {}, d.responseBody || '(empty)')],
    ]),
  );
}
