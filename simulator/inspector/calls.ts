// The Calls view: the account's calls newest first (To, From, Status filtered by the server), live from the
// events socket; a call's detail is its status and TwiML timeline, what the callee pressed or said, its Media
// Stream events and, when a stream recorded it, a player for the recording.
import type { serializeCall } from '../resources/calls/serializer.js';
import type { TimelineEntry as StoredEntry } from '../resources/calls/store.js';
import type { Api } from './api.js';
import { clockTime, detailArticle, h } from './dom.js';
import { type ListSource, passesFilters } from './virtual-list.js';

export type CallJson = ReturnType<typeof serializeCall>;

/** A timeline entry as /__sim/calls/{sid}/timeline answers it: the time as ISO text. */
type TimelineEntry = Omit<StoredEntry, 'at'> & { at: string };

export function callSource(api: Api, filters: URLSearchParams, open: (c: CallJson) => void): ListSource<CallJson> {
  return {
    page: (page, size) => api.page<CallJson>('Calls.json', 'calls', filters, page, size),
    key: (c) => c.sid,
    matches: (c) => passesFilters(filters, { To: c.to, From: c.from, Status: c.status }),
    row: (c) => [h('span', { class: 'status' }, c.status), `${c.from} → ${c.to}  ${c.direction}`],
    open,
  };
}

let shownRecording: string | undefined;

const isGatherInput = (e: TimelineEntry) => e.kind === 'callee' || e.name === 'Gather ended';
const isStreamEvent = (e: TimelineEntry) => e.name.startsWith('stream') || e.name === 'Connect' || e.name === 'Start';

export async function callDetail(api: Api, sid: string): Promise<HTMLElement> {
  const [call, { timeline }] = await Promise.all([
    api.get<CallJson>(api.rest(`Calls/${sid}.json`)),
    api.get<{ timeline: TimelineEntry[] }>(`/__sim/calls/${sid}/timeline`),
  ]);
  const gather = timeline.filter(isGatherInput);
  const streams = timeline.filter(isStreamEvent);
  const player = h('div', { class: 'recording' }, h('p', { class: 'hint' }, 'No recording: the call had no Media Stream.'));
  // Only a Media Stream records; asking otherwise would only earn a 404.
  if (streams.length > 0)
    void api.blobUrl(`/__sim/calls/${sid}/recording.wav`).then((url) => {
      if (!url) return;
      // One recording is shown at a time; the previous one's bytes can go.
      if (shownRecording) URL.revokeObjectURL(shownRecording);
      shownRecording = url;
      player.replaceChildren(h('audio', { controls: true, src: url, 'aria-label': `Recording of call ${sid}` }));
    });
  return detailArticle(
    `Call ${call.sid}`,
    [
      ['Status', call.status],
      ['Direction', call.direction],
      ['From → To', `${call.from} → ${call.to}`],
      ['Started', clockTime(call.start_time)],
      ['Ended', clockTime(call.end_time)],
      ['Duration', call.duration === null ? '—' : `${call.duration} s`],
      ['Answered by', call.answered_by ?? '—'],
      ['Price', call.price === null ? '—' : `${call.price} ${call.price_unit ?? ''}`],
    ],
    h('h3', {}, 'Timeline'),
    entryList(timeline, 'call-timeline'),
    h('h3', {}, 'Gather input'),
    gather.length > 0 ? entryList(gather) : h('p', { class: 'hint' }, 'No keys pressed or words said.'),
    h('h3', {}, 'Stream events'),
    streams.length > 0 ? entryList(streams) : h('p', { class: 'hint' }, 'No Media Stream.'),
    h('h3', {}, 'Recording'),
    player,
  );
}

function entryList(entries: TimelineEntry[], id?: string): HTMLOListElement {
  return h(
    'ol',
    { class: 'timeline', id },
    ...entries.map((e) =>
      h('li', { 'data-kind': e.kind }, h('time', {}, clockTime(e.at)), `${e.kind}: ${e.name}`, e.detail ? `  ${compact(e.detail)}` : ''),
    ),
  );
}

function compact(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}
