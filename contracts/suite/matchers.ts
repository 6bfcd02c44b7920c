// Partial matching of a response body against a case's expectation. Only the keys the case names are compared;
// the schema check covers the rest.
import type { Diagnostic } from '../validate/diagnostics.js';

type Matcher = { $match?: string; $notNull?: boolean; $oneOf?: unknown[]; $len?: number; $type?: string };

function isMatcher(v: unknown): v is Matcher {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));
}

export function matchBody(expected: unknown, actual: unknown, path = ''): Diagnostic[] {
  if (isMatcher(expected)) {
    const out: Diagnostic[] = [];
    if (expected.$notNull && (actual === null || actual === undefined))
      out.push({ kind: 'body', path, message: 'expected a value', actual });
    if (expected.$match !== undefined && !(typeof actual === 'string' && new RegExp(expected.$match).test(actual))) {
      out.push({ kind: 'body', path, message: `expected to match /${expected.$match}/`, actual });
    }
    if (expected.$oneOf && !expected.$oneOf.some((v) => JSON.stringify(v) === JSON.stringify(actual))) {
      out.push({ kind: 'body', path, message: 'expected one of', expected: expected.$oneOf, actual });
    }
    if (expected.$len !== undefined && !(Array.isArray(actual) && actual.length === expected.$len)) {
      out.push({
        kind: 'body',
        path,
        message: `expected an array of ${expected.$len}`,
        actual: Array.isArray(actual) ? actual.length : actual,
      });
    }
    if (expected.$type !== undefined && (actual === null ? 'null' : Array.isArray(actual) ? 'array' : typeof actual) !== expected.$type) {
      out.push({ kind: 'body', path, message: `expected a ${expected.$type}`, actual });
    }
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ kind: 'body', path, message: 'expected an array', actual }];
    return expected.flatMap((e, i) => matchBody(e, actual[i], `${path}/${i}`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [{ kind: 'body', path, message: 'expected an object', actual }];
    return Object.entries(expected).flatMap(([k, v]) => matchBody(v, (actual as Record<string, unknown>)[k], `${path}/${k}`));
  }
  return expected === actual ? [] : [{ kind: 'body', path, message: 'unexpected value', expected, actual }];
}
