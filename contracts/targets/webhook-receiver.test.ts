// The suite's callback receiver: listens on 127.0.0.1, names itself by the host a simulator elsewhere calls it on,
// and refuses a body too big to be a callback instead of holding it.
import { afterEach, expect, it } from 'vitest';
import { WebhookReceiver } from './webhook-receiver.js';

let receiver: WebhookReceiver;
afterEach(() => receiver.stop());

it('records callbacks under the public host it was given, and refuses a body too big to be one', async () => {
  receiver = new WebhookReceiver({ publicHost: 'host.docker.internal' });
  await receiver.start();
  const port = new URL(receiver.base).port;
  expect(receiver.base).toBe(`http://host.docker.internal:${port}`);

  const local = `http://127.0.0.1:${port}/status?x=1`;
  const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  expect((await fetch(local, { ...form, body: 'MessageStatus=sent' })).status).toBe(200);
  expect((await fetch(local, { ...form, body: `Body=${'a'.repeat(2 << 20)}` })).status).toBe(413);
  expect(receiver.received.map((w) => [w.url, w.params])).toEqual([
    [`http://host.docker.internal:${port}/status?x=1`, { MessageStatus: 'sent' }],
  ]);
});
