// Debugger alerts, as Twilio's console shows them (12100 TwiML that does not parse, 11200 a URL that failed…),
// per account and bounded. Raising one also puts it on the event bus.
import type { EventBus } from './events.js';

export interface Alert {
  accountSid: string;
  code: number;
  message: string;
  resourceSid: string | null;
  at: string;
}

const MAX_ALERTS_PER_ACCOUNT = 1000;

export class AlertLog {
  #byAccount = new Map<string, Alert[]>();

  constructor(
    private readonly now: (accountSid: string) => number,
    private readonly events: EventBus,
  ) {}

  raise(accountSid: string, code: number, message: string, resourceSid: string | null): void {
    const list = this.#byAccount.get(accountSid) ?? [];
    list.push({ accountSid, code, message, resourceSid, at: new Date(this.now(accountSid)).toISOString() });
    if (list.length > MAX_ALERTS_PER_ACCOUNT) list.shift();
    this.#byAccount.set(accountSid, list);
    this.events.emit({ type: 'alert', accountSid, code, message, resourceSid });
  }

  list(accountSid: string): Alert[] {
    return [...(this.#byAccount.get(accountSid) ?? [])];
  }

  clear(accountSid: string): void {
    this.#byAccount.delete(accountSid);
  }
}
