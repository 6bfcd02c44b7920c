// VoiceEventSequencer / inSequence: a call's status callbacks reach the app in SequenceNumber order whatever order
// they arrived in, per call, without repeats, and without holding a call's events forever.
import { describe, expect, it } from 'vitest';
import { inSequence, toWebhookEvent, VoiceEventSequencer, type VoiceStatusEvent, WebhookEventStream } from '../../src/index.js';

const STATUSES = ['initiated', 'ringing', 'in-progress', 'completed'];

function callback(callSid: string, seq: number, status = STATUSES[seq]!): VoiceStatusEvent {
  return toWebhookEvent({
    CallSid: callSid,
    AccountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10',
    From: '+61491570156',
    To: '+61491570101',
    CallStatus: status,
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(seq),
  }) as VoiceStatusEvent;
}

function collect(options?: { maxCalls?: number }) {
  const seen: string[] = [];
  const sequencer = new VoiceEventSequencer((e) => seen.push(`${e.callSid}:${e.sequenceNumber}`), options);
  return { seen, sequencer };
}

describe('VoiceEventSequencer', () => {
  it('holds an early callback until the ones before it arrive', () => {
    const { seen, sequencer } = collect();
    sequencer.push(callback('CA1', 3));
    sequencer.push(callback('CA1', 1));
    expect(seen).toEqual([]);
    expect(sequencer.pending('CA1')).toBe(2);
    sequencer.push(callback('CA1', 0));
    expect(seen).toEqual(['CA1:0', 'CA1:1']);
    sequencer.push(callback('CA1', 2));
    expect(seen).toEqual(['CA1:0', 'CA1:1', 'CA1:2', 'CA1:3']);
    expect(sequencer.pending('CA1')).toBe(0);
  });

  it('orders each call on its own', () => {
    const { seen, sequencer } = collect();
    sequencer.push(callback('CA1', 1));
    sequencer.push(callback('CA2', 0));
    sequencer.push(callback('CA1', 0));
    expect(seen).toEqual(['CA2:0', 'CA1:0', 'CA1:1']);
  });

  it('drops repeats, also of a call that has ended', () => {
    const { seen, sequencer } = collect();
    for (const seq of [0, 0, 1, 1, 0]) sequencer.push(callback('CA1', seq, seq === 1 ? 'completed' : 'initiated'));
    sequencer.push(callback('CA1', 0));
    expect(seen).toEqual(['CA1:0', 'CA1:1']);
  });

  it('passes on a callback without a SequenceNumber as it comes', () => {
    const { seen, sequencer } = collect();
    const bare = { ...callback('CA1', 2) };
    delete bare.sequenceNumber;
    sequencer.push(bare);
    expect(seen).toEqual(['CA1:undefined']);
  });

  it('flush releases what a call holds, in order, when an earlier callback will never come', () => {
    const { seen, sequencer } = collect();
    sequencer.push(callback('CA1', 3));
    sequencer.push(callback('CA1', 2));
    sequencer.flush('CA1');
    expect(seen).toEqual(['CA1:2', 'CA1:3']);
  });

  it('past maxCalls, the oldest call’s held events are released rather than kept forever', () => {
    const { seen, sequencer } = collect({ maxCalls: 2 });
    sequencer.push(callback('CA1', 1));
    sequencer.push(callback('CA2', 1));
    expect(seen).toEqual([]);
    sequencer.push(callback('CA3', 1));
    expect(seen).toEqual(['CA1:1']);
  });
});

describe('inSequence', () => {
  it('listens to a router’s event stream and ignores everything but call status callbacks', () => {
    const stream = new WebhookEventStream();
    const seen: string[] = [];
    const stop = inSequence(stream, (e) => seen.push(e.type));
    stream.emit(callback('CA1', 1));
    stream.emit(toWebhookEvent({ MessageSid: 'SM1', MessageStatus: 'delivered' }));
    stream.emit(toWebhookEvent({ CallSid: 'CA1', CallStatus: 'in-progress', From: '+61491570101' }));
    stream.emit(callback('CA1', 0));
    expect(seen).toEqual(['voice.initiated', 'voice.ringing']);
    stop();
    stream.emit(callback('CA1', 2));
    expect(seen).toHaveLength(2);
  });
});
