// Connection overrides carried in a webhook URL's fragment, e.g. https://example.com/hook?x=1#ct=1000&rc=2&rp=ct,rt
// Keys, ranges and defaults follow Twilio's "Webhooks (HTTP callbacks): Connection Overrides" page. The fragment
// never goes on the wire and is not part of the signed URL.

import { WARNING_INVALID_EDGE, WARNING_INVALID_OVERRIDE } from './errors.js';
import type { ConnectionOverrides, ParsedWebhookUrl, RetryCondition } from './types.js';

interface IntegerSetting {
  key: 'ct' | 'rt' | 'tt' | 'rc';
  field: 'connectTimeoutMs' | 'readTimeoutMs' | 'totalTimeoutMs' | 'retryCount';
  min: number;
  max: number;
}

const INTEGER_SETTINGS: readonly IntegerSetting[] = [
  { key: 'ct', field: 'connectTimeoutMs', min: 100, max: 10_000 },
  { key: 'rt', field: 'readTimeoutMs', min: 100, max: 15_000 },
  { key: 'tt', field: 'totalTimeoutMs', min: 100, max: 15_000 },
  { key: 'rc', field: 'retryCount', min: 0, max: 5 },
];

const RETRY_CONDITIONS: readonly RetryCondition[] = ['4xx', '5xx', 'ct', 'rt'];

const EDGES: ReadonlySet<string> = new Set([
  'ashburn',
  'dublin',
  'frankfurt',
  'sao-paulo',
  'singapore',
  'sydney',
  'tokyo',
  'umatilla',
  'ashburn-ix',
  'frankfurt-ix',
  'london-ix',
  'san-jose-ix',
  'singapore-ix',
]);

/** Twilio's settings when the URL carries no (valid) override: retry once, only when the connection fails. */
export function defaultConnectionOverrides(): ConnectionOverrides {
  return {
    connectTimeoutMs: 5_000,
    readTimeoutMs: 15_000,
    totalTimeoutMs: 15_000,
    retryCount: 1,
    retryOn: ['ct'],
    sni: true,
    edges: ['ashburn'],
  };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function parseRetryPolicy(value: string): RetryCondition[] | null {
  const items = value.split(',').map((item) => item.trim().toLowerCase());
  const out = new Set<RetryCondition>();
  for (const item of items) {
    if (item === 'all') for (const c of RETRY_CONDITIONS) out.add(c);
    else if ((RETRY_CONDITIONS as readonly string[]).includes(item)) out.add(item as RetryCondition);
    else return null;
  }
  return out.size > 0 ? RETRY_CONDITIONS.filter((c) => out.has(c)) : null;
}

function parseEdges(value: string): string[] | null {
  const edges = value.split(',').map((item) => item.trim().toLowerCase());
  return edges.length > 0 && edges.every((edge) => EDGES.has(edge)) ? edges : null;
}

/**
 * Splits a configured webhook URL into the URL to request (fragment removed) and its connection settings.
 * An invalid value never fails the delivery: that key keeps its default and a warning code is returned
 * (11240 for `e`, 11243 for everything else). Keys Twilio does not define are ignored, so an ordinary
 * fragment such as `#top` changes nothing.
 */
export function parseConnectionOverrides(url: string): ParsedWebhookUrl {
  const hash = url.indexOf('#');
  const overrides = defaultConnectionOverrides();
  if (hash === -1) return { url, overrides, warnings: [] };

  const warnings = new Set<number>();
  for (const pair of url.slice(hash + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1)).trim();

    const integer = INTEGER_SETTINGS.find((setting) => setting.key === key);
    if (integer) {
      const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
      if (n >= integer.min && n <= integer.max) overrides[integer.field] = n;
      else warnings.add(WARNING_INVALID_OVERRIDE);
    } else if (key === 'rp') {
      const policy = parseRetryPolicy(value);
      if (policy) overrides.retryOn = policy;
      else warnings.add(WARNING_INVALID_OVERRIDE);
    } else if (key === 'sni') {
      if (value === 'y' || value === 'n') overrides.sni = value === 'y';
      else warnings.add(WARNING_INVALID_OVERRIDE);
    } else if (key === 'e') {
      const edges = parseEdges(value);
      if (edges) overrides.edges = edges;
      else warnings.add(WARNING_INVALID_EDGE);
    }
  }
  return { url: url.slice(0, hash), overrides, warnings: [...warnings] };
}
