// Server messages shaped like Vapi's (`{ message: { type, call, ... } }`), POSTed as JSON to the configured server
// URL one after another per call, so they arrive in the order they happened. A receiver that is down only loses
// the events; the call goes on.

export interface VapiCall {
  id: string;
  type: 'outboundPhoneCall' | 'inboundPhoneCall';
  phoneCallProvider: 'twilio';
  phoneCallProviderId: string;
}

export type VapiMessage =
  | { type: 'status-update'; status: 'in-progress' | 'ended'; endedReason?: string }
  | { type: 'transcript'; role: 'user' | 'assistant'; transcriptType: 'final'; transcript: string }
  | { type: 'user-interrupted' }
  | {
      type: 'end-of-call-report';
      endedReason: string;
      startedAt: string;
      endedAt: string;
      durationSeconds: number;
      artifact: { transcript: string; messages: Array<{ role: string; message: string }> };
    };

export class VapiEventPoster {
  #chain: Promise<void> = Promise.resolve();
  readonly sent: Array<{ type: string; status: number | null }> = [];

  constructor(private readonly serverUrl: string | null) {}

  post(call: VapiCall, message: VapiMessage): void {
    const body = JSON.stringify({ message: { ...message, call, timestamp: Date.now() } });
    this.#chain = this.#chain.then(async () => {
      if (!this.serverUrl) return;
      let status: number | null = null;
      try {
        const response = await fetch(this.serverUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = null;
      }
      this.sent.push({ type: message.type, status });
    });
  }

  /** Resolves when everything posted so far has been delivered (or has failed). */
  drained(): Promise<void> {
    return this.#chain;
  }
}
