import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VIRTUAL_EPOCH, VirtualClock } from '../../simulator/kernel/clock.js';
import { WebhookDispatcher, type DeliveryLogEntry, type WebhookRequest } from '../../simulator/webhooks/index.js';
import { startReceiver, type Receiver } from './receiver.js';

const ACCOUNT_1 = 'AC00000000000000000000000000000001';
const ACCOUNT_2 = 'AC00000000000000000000000000000002';

function hook(url: string, accountSid: string, resourceSid: string, kind = 'sms-status'): WebhookRequest {
  return {
    accountSid,
    authToken: 'token-token-token-token-token-12',
    url,
    method: 'POST',
    params: { AccountSid: accountSid, MessageSid: resourceSid, MessageStatus: 'sent' },
    kind,
    resourceSid,
  };
}

describe('delivery log', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('filters by account, resource and kind, and clears per account', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const url = `${receiver.base}/status`;
    await Promise.all([
      dispatcher.send(hook(url, ACCOUNT_1, 'SM01')),
      dispatcher.send(hook(url, ACCOUNT_1, 'CA01', 'call-status')),
      dispatcher.send(hook(url, ACCOUNT_2, 'SM02')),
    ]);

    expect(dispatcher.log()).toHaveLength(3);
    expect(
      dispatcher
        .log({ accountSid: ACCOUNT_1 })
        .map((e) => e.resourceSid)
        .sort(),
    ).toEqual(['CA01', 'SM01']);
    expect(dispatcher.log({ accountSid: ACCOUNT_2 }).map((e) => e.resourceSid)).toEqual(['SM02']);
    expect(dispatcher.log({ kind: 'call-status' }).map((e) => e.resourceSid)).toEqual(['CA01']);
    expect(dispatcher.log({ accountSid: ACCOUNT_1, resourceSid: 'SM02' })).toEqual([]);

    const entry = dispatcher.log({ resourceSid: 'SM02' })[0]!;
    expect(entry).toMatchObject({
      accountSid: ACCOUNT_2,
      kind: 'sms-status',
      url,
      requestUrl: url,
      method: 'POST',
      params: { AccountSid: ACCOUNT_2, MessageSid: 'SM02', MessageStatus: 'sent' },
      attempt: 1,
      status: 204,
      errorCode: null,
      errorMessage: null,
      warnings: [],
    });
    expect(entry.id).toMatch(/^WD[0-9a-f]{32}$/);
    expect(entry.signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);

    dispatcher.clear(ACCOUNT_1);
    expect(dispatcher.log().map((e) => e.accountSid)).toEqual([ACCOUNT_2]);
    dispatcher.clear();
    expect(dispatcher.log()).toEqual([]);
  });

  it('drops the oldest entries beyond maxLogEntries', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock(), maxLogEntries: 3 });
    for (let i = 1; i <= 5; i++) await dispatcher.send(hook(`${receiver.base}/status`, ACCOUNT_1, `SM${i}`));
    expect(dispatcher.log().map((e) => e.resourceSid)).toEqual(['SM3', 'SM4', 'SM5']);
  });

  it('keeps what was sent even if the caller changes its params object afterwards', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const request = hook(`${receiver.base}/status`, ACCOUNT_1, 'SM77');
    const pending = dispatcher.send(request);
    request.params.MessageStatus = 'changed';
    await pending;
    expect(receiver.requests.at(-1)!.form.MessageStatus).toBe('sent');
    expect(dispatcher.log()[0]!.params.MessageStatus).toBe('sent');
  });

  it('tells subscribers about each attempt until they unsubscribe; a throwing subscriber breaks nothing', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const seen: DeliveryLogEntry[] = [];
    dispatcher.onAttempt(() => {
      throw new Error('subscriber bug');
    });
    const stop = dispatcher.onAttempt((entry) => seen.push(entry));

    const result = await dispatcher.send(hook(`${receiver.base}/status`, ACCOUNT_1, 'SM10'));
    expect(result.delivered).toBe(true);
    expect(seen.map((e) => e.resourceSid)).toEqual(['SM10']);

    stop();
    await dispatcher.send(hook(`${receiver.base}/status`, ACCOUNT_1, 'SM11'));
    expect(seen).toHaveLength(1);
    expect(dispatcher.log()).toHaveLength(2);
  });
});

describe('clock integration', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('a delivery started by a timer has happened when advance() resolves, stamped with simulated time', async () => {
    const clock = new VirtualClock();
    const dispatcher = new WebhookDispatcher({ clock });
    const before = receiver.requests.length;
    clock.after(60_000, () => {
      // The caller does not keep the promise: the dispatcher registers it with the clock itself.
      void dispatcher.send(hook(`${receiver.base}/status`, ACCOUNT_1, 'SM20'));
    });

    await clock.advance(60_000);
    expect(receiver.requests.length - before).toBe(1);
    expect(dispatcher.log()[0]!.at).toBe(new Date(DEFAULT_VIRTUAL_EPOCH + 60_000).toISOString());
  });

  it('settled() and advance(0) wait for deliveries sent outside any timer', async () => {
    const clock = new VirtualClock();
    const dispatcher = new WebhookDispatcher({ clock });
    const url = `${receiver.base}/status`;

    void dispatcher.send(hook(url, ACCOUNT_1, 'SM30'));
    await clock.settled();
    expect(dispatcher.log({ resourceSid: 'SM30' })).toHaveLength(1);

    void dispatcher.send(hook(url, ACCOUNT_1, 'SM31'));
    void dispatcher.send(hook(url, ACCOUNT_1, 'SM31'));
    await clock.advance(0);
    expect(dispatcher.log({ resourceSid: 'SM31' })).toHaveLength(2);
  });
});
