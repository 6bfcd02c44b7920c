// The inspector page's entry: sign in (or restore this tab's session), then wire the views to the account's data —
// REST and /__sim for what exists, the events socket for what happens next — and the account switcher.
import { wireActions } from './actions.js';
import { Api, type Credentials } from './api.js';
import { callDetail, callSource, type CallJson } from './calls.js';
import { ClockBar } from './clock.js';
import { byId, h } from './dom.js';
import { EventStream, type Frame } from './events.js';
import { messageDetail, messageSource, type MessageJson } from './messages.js';
import { currentAccount, forget, remember, signedInAccounts, switchTo } from './session.js';
import { StatusBook } from './status-book.js';
import { Tables } from './tables.js';
import { wireTabs } from './tabs.js';
import { VirtualList } from './virtual-list.js';

/** Detail refreshes wait this long after an event, so a burst of events (run-until-idle) redraws once. */
const DETAIL_DEBOUNCE_MS = 100;

const statuses = new StatusBook();
const clock = new ClockBar(report);
const messages = new VirtualList<MessageJson>(byId('message-list'), (n) => {
  byId('message-count').textContent = `${n.toLocaleString('en')} message${n === 1 ? '' : 's'}`;
});
const calls = new VirtualList<CallJson>(byId('call-list'), (n) => {
  byId('call-count').textContent = `${n.toLocaleString('en')} call${n === 1 ? '' : 's'}`;
});
let api: Api | undefined;
let tables: Tables | undefined;
let stream: EventStream | undefined;
let shown: { kind: 'message' | 'call'; sid: string } | undefined;
let refresh: ReturnType<typeof setTimeout> | undefined;
let renders = 0;

function report(text: string, error = false): void {
  const result = byId('action-result');
  result.className = error ? 'bad' : 'good';
  result.textContent = text;
}

/** Arrivals wait this long to be announced together: a burst (run-until-idle) is one sentence, not hundreds. */
const ANNOUNCE_EVERY_MS = 1_000;
const arrivals: string[] = [];
let announcing: ReturnType<typeof setTimeout> | undefined;

function announce(text: string): void {
  arrivals.push(text);
  if (announcing !== undefined) return;
  announcing = setTimeout(() => {
    byId('live').textContent = arrivals.length === 1 ? arrivals[0]! : `${arrivals.length} new items; latest: ${arrivals.at(-1)}`;
    arrivals.length = 0;
    announcing = undefined;
  }, ANNOUNCE_EVERY_MS);
}

async function showDetail(kind: 'message' | 'call', sid: string): Promise<void> {
  if (!api) return;
  const render = ++renders;
  shown = { kind, sid };
  const pane = byId('detail');
  try {
    const detail = kind === 'message' ? await messageDetail(api, sid, statuses) : await callDetail(api, sid);
    // Answers can cross: only the latest render may replace what is shown.
    if (render === renders) pane.replaceChildren(detail);
  } catch (error) {
    if (render === renders) pane.replaceChildren(h('p', { class: 'bad' }, (error as Error).message));
  }
}

function refreshDetailFor(sid: string | undefined): void {
  if (!shown || sid !== shown.sid) return;
  clearTimeout(refresh);
  const { kind } = shown;
  refresh = setTimeout(() => void showDetail(kind, sid), DETAIL_DEBOUNCE_MS);
}

/** A new message or call: its first status, the top of its list, and a word for screen readers. */
function arrived<T extends { sid: string; status: string; direction: string; to: string }>(
  list: VirtualList<T>,
  item: T,
  what: string,
  at: string,
): void {
  statuses.record(item.sid, item.status, at);
  list.prepend(item);
  announce(`New ${item.direction} ${what} to ${item.to}`);
}

function onFrame(frame: Frame): void {
  if (frame.at) clock.seen(frame.at);
  switch (frame.type) {
    case 'message.created':
      return arrived(messages, frame.message, 'message', frame.at);
    case 'message.status':
    case 'message.updated':
      statuses.record(frame.message.sid, frame.message.status, frame.at);
      messages.update(frame.message);
      return refreshDetailFor(frame.message.sid);
    case 'call.created':
      return arrived(calls, frame.call, 'call', frame.at);
    case 'call.status':
    case 'call.initiated':
    case 'call.redirected':
      calls.update(frame.call);
      return refreshDetailFor(frame.call.sid);
    case 'call.timeline':
    case 'call.stream':
      return refreshDetailFor(frame.callSid);
    case 'account.reset':
      statuses.clear();
      void reloadAll();
      return;
    default:
      tables?.onFrame(frame);
      if (frame.type === 'webhook.attempt') refreshDetailFor(frame.delivery.resourceSid);
  }
}

function filtersOf(form: HTMLFormElement): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (String(value).trim() !== '') query.set(name, String(value).trim());
  return query;
}

async function reloadAll(): Promise<void> {
  if (!api) return;
  const current = api;
  byId('detail').replaceChildren(h('p', { class: 'hint' }, 'Select a message or call to see its story.'));
  shown = undefined;
  await Promise.all([
    clock.use(current),
    tables?.reload(),
    messages.load(messageSource(current, filtersOf(byId('message-filters')), (m) => void showDetail('message', m.sid))),
    calls.load(callSource(current, filtersOf(byId('call-filters')), (c) => void showDetail('call', c.sid))),
  ]);
}

async function start(account: Credentials, connected?: EventStream): Promise<void> {
  stream?.close();
  stream = connected ?? new EventStream(account, { onFrame, onState });
  if (!connected) {
    // A session restored from storage may name a token that changed since (a restart with other fixtures).
    try {
      await stream.open();
    } catch (error) {
      stream.close();
      forget(account.sid);
      byId('sign-in-error').textContent = `Not signed in: ${(error as Error).message}`;
      return showSignIn(false);
    }
  }
  api = new Api(account);
  tables = new Tables(api);
  statuses.clear();
  byId('sign-in').hidden = true;
  byId('workspace').hidden = false;
  byId('account-bar').hidden = false;
  byId('clock-bar').hidden = false;
  const switcher = byId<HTMLSelectElement>('account-switch');
  switcher.replaceChildren(...signedInAccounts().map((a) => new Option(a.sid, a.sid, false, a.sid === account.sid)));
  await reloadAll();
}

let wasOffline = false;

function onState(state: string, detail?: string): void {
  // Back after the simulator restarted: what it holds now is what to show.
  if (state === 'live' && wasOffline) void reloadAll();
  if (state === 'live' || state === 'offline') wasOffline = state === 'offline';
  const shownState = byId('connection');
  shownState.textContent = state === 'live' ? 'live' : detail ? `${state}: ${detail}` : state;
  shownState.classList.toggle('live', state === 'live');
}

function showSignIn(cancellable: boolean): void {
  byId('sign-in').hidden = false;
  byId('sign-in-cancel').hidden = !cancellable;
  byId('workspace').hidden = true;
  // Without an account to go back to, there is no account or clock to show either.
  byId('account-bar').hidden = !cancellable;
  byId('clock-bar').hidden = !cancellable;
  byId<HTMLInputElement>('sign-in-sid').focus();
}

byId<HTMLFormElement>('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const fields = new FormData(event.target as HTMLFormElement);
  const account = { sid: String(fields.get('sid')).trim(), token: String(fields.get('token')).trim() };
  const error = byId('sign-in-error');
  error.textContent = '';
  // The socket's own sign-in checks the credentials: the server refuses wrong ones with 4401 before any data.
  const candidate = new EventStream(account, { onFrame, onState });
  candidate.open().then(
    () => {
      remember(account);
      (event.target as HTMLFormElement).reset();
      void start(account, candidate);
    },
    (failure: Error) => {
      candidate.close();
      error.textContent = `Not signed in: ${failure.message}`;
    },
  );
});
byId('sign-in-cancel').addEventListener('click', () => {
  byId('sign-in').hidden = true;
  byId('workspace').hidden = false;
});
byId('add-account').addEventListener('click', () => showSignIn(true));
byId('sign-out').addEventListener('click', () => {
  if (!api) return;
  forget(api.account.sid);
  stream?.close();
  api = undefined;
  const next = currentAccount();
  if (next) void start(next);
  else showSignIn(false);
});
byId<HTMLSelectElement>('account-switch').addEventListener('change', (event) => {
  const sid = (event.target as HTMLSelectElement).value;
  const account = signedInAccounts().find((a) => a.sid === sid);
  if (!account) return;
  switchTo(sid);
  void start(account);
});
for (const id of ['message-filters', 'call-filters']) {
  byId<HTMLFormElement>(id).addEventListener('submit', (event) => {
    event.preventDefault();
    void reloadAll();
  });
}
wireTabs();
wireActions(
  () => api,
  (form) => {
    if (form === 'act-dncr') void tables?.reloadDncr();
  },
);

const restored = currentAccount();
if (restored) void start(restored);
else showSignIn(false);
