import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulator/kernel/clock.js';
import { WebhookDispatcher, type WebhookRequest } from '../../simulator/webhooks/index.js';
import { refusedPort, startReceiver, type Receiver } from './receiver.js';

const ACCOUNT = 'AC00000000000000000000000000000001';
const MESSAGE_A = 'SM0000000000000000000000000000000a';
const MESSAGE_B = 'SM0000000000000000000000000000000b';

function status(sid: string, messageStatus: string, url: string): WebhookRequest {
  return {
    accountSid: ACCOUNT,
    authToken: 'token-token-token-token-token-12',
    url,
    method: 'POST',
    params: { MessageSid: sid, MessageStatus: messageStatus },
    kind: 'sms-status',
    resourceSid: sid,
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('delivery order', () => {
  let receiver: Receiver;
  const timeline: string[] = [];
  let firstArrived = deferred();
  let releaseFirst = deferred();

  beforeAll(async () => {
    receiver = await startReceiver((req, res: ServerResponse) => {
      const label = `${req.form.MessageSid === MESSAGE_A ? 'A' : 'B'}:${req.form.MessageStatus}`;
      timeline.push(`received ${label}`);
      const answer = (): void => {
        timeline.push(`answered ${label}`);
        res.writeHead(204).end();
      };
      if (label === 'A:sent') {
        // The first callback of message A is slow: it is answered only when the test says so.
        firstArrived.resolve();
        void releaseFirst.promise.then(answer);
      } else {
        answer();
        if (label.startsWith('B:')) releaseFirst.resolve();
      }
    });
  });
  afterAll(async () => {
    await receiver.close();
  });

  it("holds a resource's later callbacks until the earlier one is answered, without holding other resources", async () => {
    timeline.length = 0;
    firstArrived = deferred();
    releaseFirst = deferred();
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const url = `${receiver.base}/status`;

    const a1 = dispatcher.send(status(MESSAGE_A, 'sent', url));
    const a2 = dispatcher.send(status(MESSAGE_A, 'delivered', url));
    await firstArrived.promise;
    // Message B is not stuck behind A's slow receiver; its answer is what releases A's first callback.
    const b1 = dispatcher.send(status(MESSAGE_B, 'sent', url));

    const results = await Promise.all([a1, a2, b1]);
    expect(results.map((r) => r.delivered)).toEqual([true, true, true]);
    expect(timeline).toEqual([
      'received A:sent',
      'received B:sent',
      'answered B:sent',
      'answered A:sent',
      'received A:delivered',
      'answered A:delivered',
    ]);
  });

  it('keeps order across failures and retries of the earlier delivery', async () => {
    const down = `http://127.0.0.1:${await refusedPort()}`;
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const sid = 'SM0000000000000000000000000000000c';
    const first = dispatcher.send(status(sid, 'sent', `${down}/status#rc=2`));
    const second = dispatcher.send(status(sid, 'delivered', `${receiver.base}/status`));
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1).toMatchObject({ delivered: false, errorCode: 11205, attempts: 3 });
    expect(r2.delivered).toBe(true);
    expect(dispatcher.log({ resourceSid: sid }).map((e) => [e.params.MessageStatus, e.attempt])).toEqual([
      ['sent', 1],
      ['sent', 2],
      ['sent', 3],
      ['delivered', 1],
    ]);
  });

  it('keeps a stream of callbacks for one resource in send order under concurrency', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const sid = 'SM0000000000000000000000000000000d';
    const before = receiver.requests.length;
    const statuses = Array.from({ length: 20 }, (_, i) => `s${i}`);
    await Promise.all(statuses.map((s) => dispatcher.send(status(sid, s, `${receiver.base}/status`))));
    const seen = receiver.requests.slice(before).filter((r) => r.form.MessageSid === sid);
    expect(seen.map((r) => r.form.MessageStatus)).toEqual(statuses);
  });
});
