// Ordering is per resource and channel: a call's TwiML fetch must never wait behind its own status callbacks.
// The transport is injected, so what is "slow" is decided by the test, with no sockets and no timing.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulator/kernel/clock.js';
import type { AttemptOutcome, AttemptSpec } from '../../simulator/webhooks/transport.js';
import { WebhookDispatcher, type WebhookRequest } from '../../simulator/webhooks/index.js';

const CALL = 'CA0000000000000000000000000000000a';

function request(kind: string, label: string, channel?: string | null): WebhookRequest {
  return {
    accountSid: 'AC00000000000000000000000000000001',
    authToken: 'token',
    url: `http://127.0.0.1:9/${label}`,
    method: 'POST',
    params: { Label: label },
    kind,
    resourceSid: CALL,
    ...(channel === undefined ? {} : { channel }),
  };
}

/** A transport whose answers the test releases by label; it records the order requests went out. */
function heldTransport() {
  const sent: string[] = [];
  const release = new Map<string, () => void>();
  const transport = (spec: AttemptSpec): Promise<AttemptOutcome> => {
    const label = spec.target.path.slice(1);
    sent.push(label);
    return new Promise((resolve) => {
      release.set(label, () => resolve({ status: 200, body: '', contentType: 'text/plain', failure: null, latencyMs: 1 }));
    });
  };
  return { sent, release, transport };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('webhook channels', () => {
  it('sends a TwiML fetch while a status callback of the same call is still unanswered', async () => {
    const { sent, release, transport } = heldTransport();
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock(), transport });
    const status = dispatcher.send(request('call-status', 'initiated'));
    const laterStatus = dispatcher.send(request('call-status', 'ringing'));
    const twiml = dispatcher.send(request('voice-url', 'twiml'));
    await flush();
    // The second status callback waits for the first; the TwiML fetch does not.
    expect(sent).toEqual(['initiated', 'twiml']);
    release.get('twiml')!();
    expect((await twiml).delivered).toBe(true);
    release.get('initiated')!();
    await status;
    await flush();
    expect(sent).toEqual(['initiated', 'twiml', 'ringing']);
    release.get('ringing')!();
    await laterStatus;
  });

  it('lets unordered deliveries (channel null) overtake each other', async () => {
    const { sent, release, transport } = heldTransport();
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock(), transport });
    const first = dispatcher.send(request('call-status', 'a', null));
    const second = dispatcher.send(request('call-status', 'b', null));
    await flush();
    expect(sent).toEqual(['a', 'b']);
    release.get('b')!();
    release.get('a')!();
    await Promise.all([first, second]);
  });
});
