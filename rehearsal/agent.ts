// The rehearsal agent: a stand-in for a Vapi assistant that the simulator (or real Twilio) can call. It answers
// the call webhook with <Connect><Stream> TwiML (or hands that TwiML out for `initiateCall({ twiml })`, like Vapi's
// provider-bypass flow), greets the caller with a clip, answers each caller turn (energy-based end of speech) and
// each key press, marks every utterance, stops talking when the caller barges in (`clear`), and POSTs Vapi-shaped
// server events to `serverUrl`. Swap in a real agent by pointing the call's Url at it instead.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { wavToMulaw } from '../simulator/voice/audio/wav.js';
import { TurnDetector } from './turns.js';
import { type VapiCall, VapiEventPoster } from './vapi-events.js';

export interface RehearsalAgentOptions {
  /** Default 0 (a free port). */
  port?: number;
  host?: string;
  /** Where Vapi-shaped server events go (JSON POSTs); null to keep them to itself. */
  serverUrl?: string | null;
  /** Folder with agent-greeting.wav, agent-reply.wav, agent-digit.wav, agent-goodbye.wav. */
  clipsDir?: string;
  /** Say goodbye and close the stream after this many caller turns (default: never; the caller hangs up). */
  hangUpAfterTurns?: number;
}

export interface RehearsalAgent {
  /** The Twilio voice webhook (POST): answers with Connect/Stream TwiML. */
  webhookUrl: string;
  /** The websocket the TwiML points at (wss:// on loopback: the simulator reaches it as ws://). */
  streamUrl: string;
  /** The same TwiML the webhook answers, for `initiateCall({ twiml })`. */
  twiml(parameters?: Record<string, string>): string;
  /** What happened, per call, in order (for tests and the demo's timeline). */
  log: Array<{ callSid: string; what: string }>;
  events: VapiEventPoster;
  close(): Promise<void>;
}

const CLIPS = ['agent-greeting', 'agent-reply', 'agent-digit', 'agent-goodbye'] as const;
type Clip = (typeof CLIPS)[number];
/** Agent audio goes out in 200 ms messages (Twilio buffers it and plays it at pace). */
const CHUNK_BYTES = 1_600;
const MAX_MESSAGE_BYTES = 1024 * 1024;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startRehearsalAgent(options: RehearsalAgentOptions = {}): Promise<RehearsalAgent> {
  const clipsDir = options.clipsDir ?? join(import.meta.dirname, '..', 'fixtures', 'audio');
  const clips = Object.fromEntries(CLIPS.map((name) => [name, wavToMulaw(readFileSync(join(clipsDir, `${name}.wav`)))])) as Record<
    Clip,
    Uint8Array
  >;
  const events = new VapiEventPoster(options.serverUrl ?? null);
  const log: RehearsalAgent['log'] = [];
  let streamUrl = '';
  const twiml = (parameters: Record<string, string> = {}) => {
    const params = Object.entries({ assistant: 'rehearsal', ...parameters })
      .map(([name, value]) => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`)
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${escapeXml(streamUrl)}">${params}</Stream></Connect></Response>`;
  };

  const http: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.startsWith('/call')) {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(twiml());
      } else res.writeHead(404).end();
    });
  });
  const wss = new WebSocketServer({ server: http, path: '/stream', maxPayload: MAX_MESSAGE_BYTES });
  wss.on('connection', (socket) => converse(socket, { clips, events, log, hangUpAfterTurns: options.hangUpAfterTurns ?? null }));
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  streamUrl = `wss://${host}:${port}/stream`;
  return {
    webhookUrl: `http://${host}:${port}/call`,
    streamUrl,
    twiml,
    log,
    events,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await events.drained();
    },
  };
}

interface Conversation {
  clips: Record<Clip, Uint8Array>;
  events: VapiEventPoster;
  log: RehearsalAgent['log'];
  hangUpAfterTurns: number | null;
}

/** One call: the agent's side of the Media Stream. */
function converse(socket: WebSocket, { clips, events, log, hangUpAfterTurns }: Conversation): void {
  let streamSid = '';
  let call: VapiCall | null = null;
  let startedAt = new Date();
  let turns = 0;
  let markSeq = 0;
  let closing = false;
  /** Marks sent and not yet returned: while any is out, the agent is talking. */
  const pending = new Set<string>();
  const transcript: Array<{ role: string; message: string }> = [];
  const detector = new TurnDetector();
  const note = (what: string) => log.push({ callSid: call?.phoneCallProviderId ?? '?', what });

  const say = (clip: Clip, text: string) => {
    const audio = clips[clip];
    for (let at = 0; at < audio.length; at += CHUNK_BYTES) {
      const payload = Buffer.from(audio.subarray(at, at + CHUNK_BYTES)).toString('base64');
      socket.send(JSON.stringify({ event: 'media', streamSid, media: { payload } }));
    }
    const name = `${clip}-${++markSeq}`;
    pending.add(name);
    socket.send(JSON.stringify({ event: 'mark', streamSid, mark: { name } }));
    transcript.push({ role: 'assistant', message: text });
    if (call) events.post(call, { type: 'transcript', role: 'assistant', transcriptType: 'final', transcript: text });
    note(`said ${clip}`);
  };

  const finish = (endedReason: string) => {
    if (!call || closing) return;
    closing = true;
    const endedAt = new Date();
    note(`ended: ${endedReason}`);
    events.post(call, { type: 'status-update', status: 'ended', endedReason });
    events.post(call, {
      type: 'end-of-call-report',
      endedReason,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationSeconds: Math.round((endedAt.getTime() - startedAt.getTime()) / 1000),
      artifact: {
        transcript: transcript.map((t) => `${t.role === 'user' ? 'User' : 'AI'}: ${t.message}`).join('\n'),
        messages: transcript,
      },
    });
  };

  socket.on('error', () => undefined);
  socket.on('close', () => finish('customer-ended-call'));
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: any;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    switch (message.event) {
      case 'start': {
        streamSid = message.start.streamSid;
        startedAt = new Date();
        call = {
          id: `rehearsal-${message.start.callSid}`,
          type: 'outboundPhoneCall',
          phoneCallProvider: 'twilio',
          phoneCallProviderId: message.start.callSid,
        };
        note('stream started');
        events.post(call, { type: 'status-update', status: 'in-progress' });
        say('agent-greeting', 'Hello, this is the rehearsal assistant. How can I help?');
        return;
      }
      case 'media': {
        if (message.media?.track !== 'inbound' || typeof message.media.payload !== 'string') return;
        const turn = detector.push(new Uint8Array(Buffer.from(message.media.payload, 'base64')));
        if (turn?.type === 'speech-started' && pending.size > 0) {
          // Barge-in: the caller talks over the agent, so the agent stops and drops what it had queued.
          socket.send(JSON.stringify({ event: 'clear', streamSid }));
          note('barge-in: clear');
          if (call) events.post(call, { type: 'user-interrupted' });
        }
        if (turn?.type === 'speech-ended') {
          turns++;
          const heard = `[caller spoke for ${(turn.durationMs / 1000).toFixed(1)} s]`;
          transcript.push({ role: 'user', message: heard });
          if (call) events.post(call, { type: 'transcript', role: 'user', transcriptType: 'final', transcript: heard });
          note(`heard a turn of ${turn.durationMs} ms`);
          if (hangUpAfterTurns !== null && turns >= hangUpAfterTurns) say('agent-goodbye', 'Thanks for your time. Goodbye!');
          else say('agent-reply', 'I see. Tell me more.');
        }
        return;
      }
      case 'dtmf': {
        const digit = String(message.dtmf?.digit ?? '');
        transcript.push({ role: 'user', message: `[pressed ${digit}]` });
        if (call) events.post(call, { type: 'transcript', role: 'user', transcriptType: 'final', transcript: `[pressed ${digit}]` });
        note(`pressed ${digit}`);
        say('agent-digit', `You pressed ${digit}.`);
        return;
      }
      case 'mark': {
        const name = String(message.mark?.name ?? '');
        pending.delete(name);
        note(`mark ${name}`);
        // The goodbye has been heard: the assistant ends its side, and Twilio goes on with the TwiML (here: none).
        if (name.startsWith('agent-goodbye')) {
          finish('assistant-ended-call');
          socket.close(1000);
        }
        return;
      }
      case 'stop':
        note('stream stopped');
        finish('customer-ended-call');
        return;
    }
  });
}
