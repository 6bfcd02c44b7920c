// Validation results as data (never thrown), so one run can list every problem and the report can count them.
import type { ErrorObject } from 'ajv';

export type DiagnosticKind =
  | 'missing-field'
  | 'extra-field'
  | 'wrong-type'
  | 'format'
  | 'enum'
  | 'pattern'
  | 'range'
  | 'status'
  | 'error-code'
  | 'body'
  | 'callback'
  | 'sequence'
  | 'request'
  | 'transport'
  | 'other';

export interface Diagnostic {
  kind: DiagnosticKind;
  /** JSON pointer into the validated value (`/messages/0/status`), or a short location for non-schema checks. */
  path: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

function pointerGet(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Maps ajv's errors to diagnostics, dropping the noise anyOf produces for `X | null` unions. */
export function fromAjvErrors(errors: ErrorObject[] | null | undefined, data: unknown): Diagnostic[] {
  if (!errors) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // The null branch of a nullable $ref always "fails" when the value is non-null; the real error is the other branch.
    if (/\/anyOf\/\d+\/type$/.test(e.schemaPath) && (e.params as { type?: string }).type === 'null') continue;
    if (e.keyword === 'anyOf') continue;
    const actual = pointerGet(data, e.instancePath);
    let d: Diagnostic;
    switch (e.keyword) {
      case 'required': {
        const field = (e.params as { missingProperty: string }).missingProperty;
        d = { kind: 'missing-field', path: `${e.instancePath}/${field}`, message: `missing field "${field}"` };
        break;
      }
      case 'additionalProperties': {
        const field = (e.params as { additionalProperty: string }).additionalProperty;
        d = {
          kind: 'extra-field',
          path: `${e.instancePath}/${field}`,
          message: `field "${field}" is not in the spec`,
          actual: pointerGet(data, `${e.instancePath}/${field}`),
        };
        break;
      }
      case 'type':
        d = {
          kind: 'wrong-type',
          path: e.instancePath,
          message: `expected ${(e.params as { type: string }).type}`,
          expected: (e.params as { type: string }).type,
          actual,
        };
        break;
      case 'format':
        d = {
          kind: 'format',
          path: e.instancePath,
          message: `not a valid ${(e.params as { format: string }).format}`,
          expected: (e.params as { format: string }).format,
          actual,
        };
        break;
      case 'enum':
        d = {
          kind: 'enum',
          path: e.instancePath,
          message: 'not one of the allowed values',
          expected: (e.params as { allowedValues: unknown[] }).allowedValues,
          actual,
        };
        break;
      case 'pattern':
        d = {
          kind: 'pattern',
          path: e.instancePath,
          message: `does not match ${(e.params as { pattern: string }).pattern}`,
          expected: (e.params as { pattern: string }).pattern,
          actual,
        };
        break;
      case 'minimum':
      case 'maximum':
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
        d = { kind: 'range', path: e.instancePath, message: e.message ?? e.keyword, actual };
        break;
      default:
        d = { kind: 'other', path: e.instancePath, message: `${e.keyword}: ${e.message ?? ''}`, actual };
    }
    const key = `${d.kind}|${d.path}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

export function formatDiagnostic(d: Diagnostic): string {
  const parts = [`[${d.kind}] ${d.path || '/'}: ${d.message}`];
  if (d.expected !== undefined) parts.push(`expected ${JSON.stringify(d.expected)}`);
  if (d.actual !== undefined) parts.push(`got ${JSON.stringify(d.actual)}`);
  return parts.join('; ');
}
