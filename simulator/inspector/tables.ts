// The smaller views, each a plain table: owned numbers and their URLs, Lookups made and DNCR washes (the recent ones
// the simulator keeps, then live), the account's DNCR register, debugger alerts and webhook attempts.
import { type Api, ApiError } from './api.js';
import { byId, clockTime, fillRows, prependRow } from './dom.js';
import type { Frame } from './events.js';
import type { Delivery } from './webhook-attempts.js';

interface NumberJson {
  sid: string;
  phone_number: string;
  friendly_name: string;
  sms_url: string;
  voice_url: string;
  status_callback: string;
}

interface LookupJson {
  at: string;
  phoneNumber: string;
  fields: string[];
  valid: boolean;
  lineType: string | null;
}

interface WashJson {
  at: string;
  clientReferenceId: string;
  count: number;
  registered: number;
  invalid: number;
}

interface AlertJson {
  code: number;
  message: string;
  resourceSid: string | null;
  at: string;
}

const body = (id: string) => byId<HTMLTableElement>(id).tBodies[0]!;
const MAX_WEBHOOK_ROWS = 500;

export class Tables {
  numbers: string[] = [];

  constructor(private readonly api: Api) {}

  /** Everything the server can list, fresh (at sign-in, account switch and reset). */
  async reload(): Promise<void> {
    const [alerts, webhooks, lookups, washes] = await Promise.all([
      this.api.get<{ alerts: AlertJson[] }>('/__sim/alerts'),
      this.api.get<{ deliveries: Delivery[] }>(`/__sim/webhooks?last=${MAX_WEBHOOK_ROWS}`),
      this.api.get<{ lookups: LookupJson[] }>('/__sim/lookups/performed'),
      this.#washes(),
      this.reloadNumbers(),
      this.reloadDncr(),
    ]);
    fillRows(body('alert-table'), alerts.alerts.toReversed().map(alertCells));
    fillRows(body('webhook-table'), webhooks.deliveries.toReversed().map(webhookCells));
    fillRows(body('lookup-table'), lookups.lookups.toReversed().map(lookupCells));
    fillRows(body('wash-table'), washes.toReversed().map(washCells));
  }

  /** The account's recent washes; none when the fixtures give it no washing-service login (a 404). */
  async #washes(): Promise<WashJson[]> {
    try {
      return (await this.api.get<{ washes: WashJson[] }>('/__sim/dncr/washer')).washes;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return [];
      throw error;
    }
  }

  async reloadNumbers(): Promise<void> {
    const numbers = await this.api.get<{ incoming_phone_numbers: NumberJson[] }>(this.api.rest('IncomingPhoneNumbers.json?PageSize=1000'));
    this.#showNumbers(numbers.incoming_phone_numbers);
  }

  async reloadDncr(): Promise<void> {
    const { entries } = await this.api.get<{
      entries: Array<{ number: string; status: string; registeredOn: string | null; scope: string }>;
    }>('/__sim/dncr');
    // The national fixture list can be long; the account's own entries come first, where a tester looks.
    const ordered = [...entries.filter((e) => e.scope === 'account'), ...entries.filter((e) => e.scope !== 'account')].slice(0, 500);
    fillRows(
      body('dncr-table'),
      ordered.map((e) => [e.number, e.status, e.registeredOn, e.scope]),
    );
  }

  /** A live frame for one of the tables; returns whether it was one. */
  onFrame(frame: Frame): boolean {
    switch (frame.type) {
      case 'number.updated':
        void this.reloadNumbers();
        return true;
      case 'alert':
        prependRow(body('alert-table'), alertCells(frame as unknown as AlertJson));
        return true;
      case 'webhook.attempt':
        prependRow(body('webhook-table'), webhookCells(frame.delivery as Delivery), MAX_WEBHOOK_ROWS);
        return true;
      case 'lookup.performed':
        prependRow(body('lookup-table'), lookupCells(frame as unknown as LookupJson));
        return true;
      case 'dncr.washed':
        prependRow(body('wash-table'), washCells(frame as unknown as WashJson));
        return true;
      case 'dncr.register':
        void this.reloadDncr();
        return true;
      default:
        return false;
    }
  }

  #showNumbers(numbers: NumberJson[]): void {
    this.numbers = numbers.map((n) => n.phone_number);
    fillRows(
      body('number-table'),
      numbers.map((n) => [n.phone_number, n.friendly_name, n.sms_url || '—', n.voice_url || '—', n.status_callback || '—']),
    );
    for (const select of document.querySelectorAll<HTMLSelectElement>('select.own-numbers')) {
      const chosen = select.value;
      select.replaceChildren(...this.numbers.map((n) => new Option(n, n, false, n === chosen)));
    }
  }
}

const alertCells = (a: AlertJson) => [clockTime(a.at), a.code, a.message, a.resourceSid];
const webhookCells = (d: Delivery) => [
  clockTime(d.at),
  d.kind,
  d.resourceSid,
  `${d.method} ${d.requestUrl}`,
  d.attempt,
  d.status ?? 'no answer',
  `${d.latencyMs} ms`,
  d.errorCode,
];

function lookupCells(lookup: LookupJson) {
  return [
    clockTime(lookup.at),
    lookup.phoneNumber,
    lookup.fields.join(', ') || '(validation only)',
    lookup.valid ? 'yes' : 'no',
    lookup.lineType,
  ];
}

function washCells(wash: WashJson) {
  return [clockTime(wash.at), wash.clientReferenceId, wash.count, wash.registered, wash.invalid];
}
