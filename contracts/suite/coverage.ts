// Schema coverage: what the spec says an operation has (response fields, enum values, parameters) against what the
// suite actually exercised and saw. Also collects drift — fields sent that the spec lacks, spec fields never filled.
import type { JsonObject, OpenApiDocument, Operation } from '../spec/load-spec.js';

export interface SpecShape {
  /** Field paths of the success response body: "status", "messages[].status", "capabilities.sms". */
  fields: string[];
  /** Enum values per field path (null excluded). */
  enums: Record<string, string[]>;
  parameters: string[];
  statuses: number[];
}

function deref(doc: OpenApiDocument, schema: JsonObject): JsonObject {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    if (typeof s.$ref === 'string') {
      s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
      continue;
    }
    // The fix-ups turn nullable refs into anyOf [X, null]; the interesting branch is X.
    if (Array.isArray(s.anyOf)) {
      const branch = (s.anyOf as JsonObject[]).find((b) => b.type !== 'null');
      if (branch) {
        s = branch;
        continue;
      }
    }
    break;
  }
  return s;
}

function collect(doc: OpenApiDocument, schema: JsonObject, prefix: string, depth: number, shape: SpecShape): void {
  const s = deref(doc, schema);
  if (Array.isArray(s.enum) && prefix) shape.enums[prefix] = (s.enum as unknown[]).filter((v): v is string => typeof v === 'string');
  if (depth > 4) return;
  if (s.type === 'array' && s.items) collect(doc, s.items as JsonObject, `${prefix}[]`, depth + 1, shape);
  const props = s.properties as Record<string, JsonObject> | undefined;
  if (props) {
    for (const [name, child] of Object.entries(props)) {
      const path = prefix ? `${prefix}.${name}` : name;
      shape.fields.push(path);
      collect(doc, child, path, depth + 1, shape);
    }
  }
}

export function specShape(doc: OpenApiDocument, op: Operation): SpecShape {
  const shape: SpecShape = {
    fields: [],
    enums: {},
    parameters: op.parameters.map((p) => p.name),
    statuses: op.responses.map((r) => r.status),
  };
  const success = op.responses.find((r) => r.status < 300 && r.schema);
  if (success?.schema) collect(doc, success.schema, '', 0, shape);
  return shape;
}

/** Observations for one operation across a run. */
export class OperationCoverage {
  readonly filled = new Map<string, number>();
  readonly seenNull = new Set<string>();
  readonly enumValues = new Map<string, Set<string>>();
  readonly parameters = new Set<string>();
  readonly statuses = new Set<number>();
  readonly extraFields = new Map<string, unknown>();
  responses = 0;

  observeRequest(names: Iterable<string>): void {
    for (const n of names) this.parameters.add(n);
  }

  observeResponse(status: number, body: unknown, shape: SpecShape): void {
    this.statuses.add(status);
    if (status >= 300) return;
    this.responses++;
    this.#walk(body, '', shape);
  }

  #walk(value: unknown, prefix: string, shape: SpecShape): void {
    if (Array.isArray(value)) {
      for (const v of value) this.#walk(v, `${prefix}[]`, shape);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (v === null) this.seenNull.add(path);
      else this.filled.set(path, (this.filled.get(path) ?? 0) + 1);
      if (typeof v === 'string' && shape.enums[path]) {
        const set = this.enumValues.get(path) ?? new Set<string>();
        set.add(v);
        this.enumValues.set(path, set);
      }
      if (shape.fields.includes(path)) this.#walk(v, path, shape);
    }
  }
}

export interface CoverageSummary {
  responseFields: { total: number; covered: number; missing: string[] };
  enumValues: { total: number; covered: number; byField: Record<string, { seen: string[]; missing: string[] }> };
  parameters: { total: number; covered: number; missing: string[] };
  statuses: { documented: number[]; seen: number[] };
}

export function summarize(shape: SpecShape, cov: OperationCoverage | undefined): CoverageSummary {
  // A field counts as covered only once the suite saw it with a value: a field only ever null had just its
  // nullability checked, never its type or format (those are listed apart, as never filled).
  const seen = (f: string) => Boolean(cov?.filled.has(f));
  const missingFields = shape.fields.filter((f) => !seen(f));
  const byField: CoverageSummary['enumValues']['byField'] = {};
  let enumTotal = 0;
  let enumCovered = 0;
  for (const [field, values] of Object.entries(shape.enums)) {
    const got = cov?.enumValues.get(field) ?? new Set<string>();
    byField[field] = { seen: values.filter((v) => got.has(v)), missing: values.filter((v) => !got.has(v)) };
    enumTotal += values.length;
    enumCovered += byField[field].seen.length;
  }
  const missingParams = shape.parameters.filter((p) => !cov?.parameters.has(p));
  return {
    responseFields: { total: shape.fields.length, covered: shape.fields.length - missingFields.length, missing: missingFields },
    enumValues: { total: enumTotal, covered: enumCovered, byField },
    parameters: { total: shape.parameters.length, covered: shape.parameters.length - missingParams.length, missing: missingParams },
    statuses: { documented: shape.statuses, seen: [...(cov?.statuses ?? [])].sort() },
  };
}

/** Spec fields that responses carried only as null (never a value): "spec fields the simulator never fills". */
export function neverFilled(shape: SpecShape, cov: OperationCoverage | undefined): string[] {
  if (!cov || cov.responses === 0) return [];
  return shape.fields.filter((f) => !cov.filled.has(f));
}
