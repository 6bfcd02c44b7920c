// The maximum a live run can cost, computed from the cases' liveCost before any request is sent.
import type { CaseFile } from '../suite/case-types.js';
import type { LiveConfig } from './live-target.js';
import type { Target } from './target.js';

export interface SpendPlan {
  messages: number;
  lookups: number;
  calls: number;
  maxSpend: number;
  allowed: number;
  ok: boolean;
  lines: string[];
}

const PRICE_PER_CALL = 0.1; // a short call, pessimistic USD

export function planLiveSpend(files: CaseFile[], target: Target, config: LiveConfig): SpendPlan {
  let messages = 0;
  let lookups = 0;
  let calls = 0;
  for (const f of files) {
    for (const c of f.cases) {
      if ((c.requires ?? []).some((cap) => !target.capabilities[cap])) continue;
      messages += c.liveCost?.messages ?? 0;
      lookups += c.liveCost?.lookups ?? 0;
      calls += c.liveCost?.calls ?? 0;
    }
  }
  const maxSpend = target.capabilities.spends
    ? messages * config.pricePerMessage + lookups * config.pricePerLookup + calls * PRICE_PER_CALL
    : 0;
  const ok = maxSpend <= config.maxSpend;
  const lines = [
    `live run: up to ${messages} message segments, ${lookups} lookups, ${calls} calls`,
    `maximum spend: USD ${maxSpend.toFixed(2)}${target.capabilities.spends ? '' : ' (test credentials: free)'}; CONTRACTS_MAX_SPEND=${config.maxSpend.toFixed(2)}`,
    ok ? 'within the limit' : 'REFUSING: the maximum spend exceeds CONTRACTS_MAX_SPEND',
  ];
  return { messages, lookups, calls, maxSpend, allowed: config.maxSpend, ok, lines };
}
