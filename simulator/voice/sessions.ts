// Starts and ends each call's TwiML session as calls move: an outbound call's TwiML runs once answered, an
// inbound call's while it rings (its TwiML answers it); a redirect from the API loads new instructions; the call
// ending stops the session. Dial children report back to the session that dialled them.
import type { Kernel } from '../kernel/index.js';
import type { CallService } from '../resources/calls/model.js';
import { CALL_LIFECYCLE } from '../resources/calls/lifecycle.js';
import type { WebhookDispatcher } from '../webhooks/index.js';
import { type CalleeInput, CallSession } from './session.js';

export class VoiceSessions {
  readonly #sessions = new Map<string, CallSession>();

  constructor(kernel: Kernel, dispatcher: WebhookDispatcher, calls: CallService) {
    const env = { kernel, dispatcher, calls };
    const begin = (accountSid: string, callSid: string) => {
      const account = kernel.accounts.get(accountSid);
      const call = account && calls.box(account).calls.get(callSid);
      if (!account || !call || this.#sessions.has(call.sid)) return;
      const session = new CallSession(env, account, call);
      this.#sessions.set(call.sid, session);
      session.start();
    };
    kernel.events.on('call.created', ({ accountSid, call }) => {
      if (call.direction === 'inbound') begin(accountSid, call.sid);
    });
    kernel.events.on('call.status', ({ accountSid, call }) => {
      if (call.status === 'in-progress' && call.direction !== 'outbound-dial') begin(accountSid, call.sid);
      if (!CALL_LIFECYCLE[call.status].final) return;
      this.#sessions.get(call.sid)?.end();
      this.#sessions.delete(call.sid);
      if (call.parentCallSid) this.#sessions.get(call.parentCallSid)?.dialEnded(call);
    });
    kernel.events.on('call.redirected', ({ call }) => {
      this.#sessions.get(call.sid)?.load(call.instructions, {});
    });
    kernel.onAccountReset((accountSid) => {
      for (const [sid, session] of this.#sessions) {
        if (session.call.accountSid !== accountSid) continue;
        session.end();
        this.#sessions.delete(sid);
      }
    });
  }

  /** The callee presses keys or speaks on a live call; false when nothing was listening. */
  input(callSid: string, input: CalleeInput): boolean {
    return this.#sessions.get(callSid)?.input(input) ?? false;
  }

  /** A <Connect><Stream> ended (its websocket closed). */
  connectEnded(callSid: string): void {
    this.#sessions.get(callSid)?.connectEnded();
  }
}
