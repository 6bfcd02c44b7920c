// Calls per second. Twilio paces outbound API calls per account (1 CPS by default, raisable); inbound and <Dial>
// calls are not paced. The simulator adds its own, documented rule on top: one call per second per From number
// (on by default, since this product's users need it). A call takes the first instant both allow, and holds both.
export interface CpsOptions {
  /** Outbound API calls per second, per account (Twilio's default 1). */
  accountCps: number;
  /** Calls per second per From number (the simulator's own rule); 0 turns it off. */
  perNumberCps: number;
}

export const DEFAULT_CPS: CpsOptions = { accountCps: 1, perNumberCps: 1 };

export class CallPacer {
  /** Next free instant per lane: `account` or `account|from`. */
  #freeAt = new Map<string, number>();
  #rates = new Map<string, number>();

  constructor(private readonly options: CpsOptions) {}

  /** Reserve the first slot at or after `now` for a call from `from`; returns when it may dial. */
  reserve(accountSid: string, from: string, now: number): number {
    const accountLane = accountSid;
    const numberLane = `${accountSid}|${from}`;
    const accountGap = 1000 / (this.#rates.get(accountSid) ?? this.options.accountCps);
    const perNumber = this.options.perNumberCps;
    let at = Math.max(now, this.#freeAt.get(accountLane) ?? 0);
    if (perNumber > 0) at = Math.max(at, this.#freeAt.get(numberLane) ?? 0);
    this.#freeAt.set(accountLane, at + accountGap);
    if (perNumber > 0) this.#freeAt.set(numberLane, at + 1000 / perNumber);
    return at;
  }

  /** An account's CPS, as Twilio raises it on request. */
  setAccountCps(accountSid: string, cps: number): void {
    this.#rates.set(accountSid, cps);
  }

  resetAccount(accountSid: string): void {
    for (const key of [...this.#freeAt.keys()]) if (key === accountSid || key.startsWith(`${accountSid}|`)) this.#freeAt.delete(key);
    this.#rates.delete(accountSid);
  }
}
