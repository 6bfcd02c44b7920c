// The Messages view: the account's messages newest first from the REST list (filters To, From and DateSent go to
// the server), live additions and status changes from the events socket, and a message's story in the detail pane.
import { countSegments } from '../resources/messages/segments.js';
import type { serializeMessage } from '../resources/messages/serializer.js';
import type { Api } from './api.js';
import { clockTime, detailArticle, h } from './dom.js';
import type { StatusBook } from './status-book.js';
import { type ListSource, passesFilters } from './virtual-list.js';
import { attemptCard, type Delivery } from './webhook-attempts.js';

export type MessageJson = ReturnType<typeof serializeMessage>;

export function messageSource(api: Api, filters: URLSearchParams, open: (m: MessageJson) => void): ListSource<MessageJson> {
  const day = filters.get('DateSent');
  return {
    page: (page, size) => api.page<MessageJson>('Messages.json', 'messages', filters, page, size),
    key: (m) => m.sid,
    // A new message has no date_sent yet; it joins a day filter when it is listed again.
    matches: (m) => passesFilters(filters, { To: m.to, From: m.from }) && !day,
    row: (m) => [
      h('span', { class: 'status' }, m.status),
      `${m.from ?? '…'} → ${m.to}  `,
      m.body.length > 80 ? `${m.body.slice(0, 80)}…` : m.body,
    ],
    open,
  };
}

export async function messageDetail(api: Api, sid: string, statuses: StatusBook): Promise<HTMLElement> {
  const [message, log] = await Promise.all([
    api.get<MessageJson>(api.rest(`Messages/${sid}.json`)),
    api.get<{ deliveries: Delivery[] }>(`/__sim/webhooks?resourceSid=${sid}`),
  ]);
  const segments = countSegments(message.body);
  return detailArticle(
    `Message ${message.sid}`,
    [
      ['Status', message.status],
      ['Direction', message.direction],
      ['From → To', `${message.from ?? '(not chosen yet)'} → ${message.to}`],
      ['Body', message.body],
      ['Segments', message.num_segments],
      ['Encoding', segments.encoding],
      ['Price', message.price === null ? '—' : `${message.price} ${message.price_unit ?? ''}`],
      ['Error', message.error_code === null ? 'none' : `${message.error_code} ${message.error_message ?? ''}`],
    ],
    h('h3', {}, 'Status timeline'),
    h(
      'ol',
      { class: 'timeline' },
      ...timeline(message, statuses, log.deliveries).map(([at, text]) => h('li', {}, h('time', {}, clockTime(at)), text)),
    ),
    h('h3', {}, `Webhook attempts (${log.deliveries.length})`),
    ...(log.deliveries.length === 0
      ? [h('p', { class: 'hint' }, 'None: no status callback or sms_url for this message.')]
      : log.deliveries.map(attemptCard)),
  );
}

/** Creation, then every status seen live, else the statuses its callbacks reported: each with its time. */
function timeline(message: MessageJson, statuses: StatusBook, deliveries: Delivery[]): Array<[string, string]> {
  const steps: Array<[string, string]> = [[message.date_created, 'created']];
  const seen = statuses.steps(message.sid);
  if (seen.length > 0) for (const step of seen) steps.push([step.at, step.status]);
  else
    for (const d of deliveries)
      if (d.params.MessageStatus && d.attempt === 1) steps.push([d.at, `${d.params.MessageStatus} (from its callback)`]);
  if (seen.length === 0 && message.date_sent) steps.push([message.date_sent, `sent; now ${message.status}`]);
  return steps.sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]));
}
