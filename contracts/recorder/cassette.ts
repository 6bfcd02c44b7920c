// Cassettes: request/response pairs (and the webhooks a step read) stored as JSON, so the suite can run offline
// against what a target once answered. Three sources: live recordings (sanitised), simulator recordings (used by
// the mutation checks), and cassettes built from the spec's own examples (committed, labelled as such).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CapturedWebhook, FormValue, TargetCapabilities } from '../targets/target.js';

export type CassetteSource = 'spec-example' | 'live' | 'simulator' | 'mutated';

export interface Interaction {
  key: string;
  operationId: string;
  request: { method: string; url: string; form?: Record<string, FormValue> };
  response?: { status: number; contentType?: string; body: unknown };
  webhooks?: CapturedWebhook[];
}

export interface Cassette {
  format: 'twilio-sim-cassette/1';
  label: string;
  source: CassetteSource;
  note: string;
  spec: string;
  recordedAt: string;
  /** What the recorded target could do; replay offers the same (control calls become no-ops). */
  capabilities: TargetCapabilities;
  vars: Record<string, string>;
  /** operationIds the recorded target served (null = all). */
  served: string[] | null;
  interactions: Interaction[];
}

export function readCassette(file: string): Cassette {
  const c = JSON.parse(readFileSync(file, 'utf8')) as Cassette;
  if (c.format !== 'twilio-sim-cassette/1') throw new Error(`${file} is not a cassette`);
  return c;
}

export function writeCassette(file: string, cassette: Cassette): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(cassette, null, 2)}\n`);
}

/** Values that must never reach a committed file, mapped to harmless stand-ins. */
export interface Redactions {
  accountSid?: string;
  authToken?: string;
  phoneNumbers?: Record<string, string>;
}

export const PLACEHOLDER_ACCOUNT = `AC${'a'.repeat(32)}`;

/** Deep-replaces secrets and personal numbers in any JSON value; drops headers that identify the request. */
export function sanitise<T>(value: T, r: Redactions): T {
  const pairs: Array<[string, string]> = [];
  if (r.authToken) pairs.push([r.authToken, '[redacted-token]']);
  if (r.accountSid) pairs.push([r.accountSid, PLACEHOLDER_ACCOUNT]);
  for (const [real, fake] of Object.entries(r.phoneNumbers ?? {})) {
    pairs.push([real, fake], [encodeURIComponent(real), encodeURIComponent(fake)]);
  }
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return pairs.reduce((s, [a, b]) => s.split(a).join(b), v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        // Auth headers and request ids identify the account: dropped. A signature is kept as a marker (the replay
        // still sees the webhook was signed) since its value is only checkable with the token.
        if (key === 'headers' && /^(authorization|twilio-request-id|i-twilio-idempotency-token|cookie)$/i.test(k)) continue;
        if (key === 'headers' && /^x-twilio-signature$/i.test(k)) {
          out[k] = '[signature-not-replayable]';
          continue;
        }
        out[walk(k) as string] = walk(x, k);
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
