// Prices come from fixtures/prices.json, per segment and destination country, in the account currency.
import type { PriceTable } from './fixture-types.js';

export class PriceBook {
  constructor(private readonly table: PriceTable) {}

  get currency(): string {
    return this.table.currency;
  }

  outboundSms(country: string | null, segments: number): number {
    return round5(this.#rate(this.table.sms, country) * Math.max(1, segments));
  }

  /** Per started minute (Twilio bills calls by the minute, rounded up); 0 for a call never answered. */
  outboundCall(country: string | null, durationS: number): number {
    return round5(this.#rate(this.table.voice ?? {}, country) * Math.ceil(durationS / 60));
  }

  inboundSms(country: string | null, segments: number): number {
    return round5(this.#rate(this.table.smsInbound ?? {}, country) * Math.max(1, segments));
  }

  #rate(rates: Record<string, number>, country: string | null): number {
    return (country ? rates[country] : undefined) ?? rates.default ?? 0;
  }
}

// Twilio quotes prices to five decimals; rounding here keeps 3 × 0.08 from printing as 0.24000000000000002.
function round5(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}
