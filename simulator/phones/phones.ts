// Every device the tests have asked for, per account and number, and the one place that feeds them from the event
// bus: a text reaching its handset (delivered), a call starting to ring, a call ending. A reset of the account makes
// its devices forget what they saw; the devices themselves (and tests' references to them) stay usable.
import { badRequest, notFound } from '../kernel/errors.js';
import { phoneFacts } from '../kernel/phone.js';
import type { Call } from '../resources/calls/types.js';
import { CALL_LIFECYCLE } from '../resources/calls/lifecycle.js';
import { Phone, type PhoneEnv } from './phone.js';
import type { PhoneCall } from './phone-call.js';

export class Phones {
  readonly #devices = new Map<string, Phone>();
  /** Calls a device knows about, by CallSid (a call can concern two devices: one dials, the other is dialled). */
  readonly #calls = new Map<string, PhoneCall[]>();

  constructor(private readonly env: Omit<PhoneEnv, 'track'>) {
    const { events } = env.kernel;
    events.on('message.status', ({ accountSid, message }) => {
      if (message.status === 'delivered' && message.direction !== 'inbound') this.#device(accountSid, message.to)?.delivered(message);
    });
    // An API call rings after its queue and dial time; a <Dial> leg is created ringing.
    events.on('call.status', ({ accountSid, call, previous }) => {
      if (call.status === 'ringing' && previous !== 'ringing') this.#ringing(accountSid, call);
      if (CALL_LIFECYCLE[call.status].final) this.#ended(call);
    });
    events.on('call.created', ({ accountSid, call }) => {
      if (call.status === 'ringing' && call.direction === 'outbound-dial') this.#ringing(accountSid, call);
    });
    env.kernel.onAccountReset((accountSid) => {
      for (const device of this.#devices.values()) if (device.accountSid === accountSid) device.forget();
      for (const [sid, calls] of this.#calls) if (calls[0]?.call.accountSid === accountSid) this.#calls.delete(sid);
    });
  }

  /** The device for a number (E.164), made on first use. */
  phone(accountSid: string, number: string): Phone {
    const facts = phoneFacts(number);
    if (!facts) throw badRequest(21212, `Invalid phone number '${number}': a device needs an E.164 number such as +61491570101`);
    const key = `${accountSid}|${facts.e164}`;
    let device = this.#devices.get(key);
    if (!device) {
      if (!this.env.kernel.accounts.get(accountSid)) throw notFound(`Account ${accountSid} is not known to this simulator`);
      device = new Phone({ ...this.env, track: (c) => this.#track(c) }, accountSid, facts.e164);
      this.#devices.set(key, device);
    }
    return device;
  }

  /** A call this device made or got, to be told when it ends; by SID for the control API. */
  call(accountSid: string, number: string, callSid: string): PhoneCall {
    const found = this.#calls.get(callSid)?.find((c) => c.call.accountSid === accountSid && (c.from === number || c.to === number));
    if (!found) throw notFound(`The phone ${number} has no call ${callSid}`);
    return found;
  }

  #ringing(accountSid: string, call: Call): void {
    const device = this.#device(accountSid, call.to);
    if (device) this.#track(device.ringing(call));
  }

  #track(phoneCall: PhoneCall): void {
    const list = this.#calls.get(phoneCall.sid) ?? [];
    list.push(phoneCall);
    this.#calls.set(phoneCall.sid, list);
  }

  #ended(call: Call): void {
    for (const phoneCall of this.#calls.get(call.sid) ?? []) phoneCall.ended();
  }

  #device(accountSid: string, number: string): Phone | undefined {
    return this.#devices.get(`${accountSid}|${number}`);
  }
}
