// What changed between two versions of Twilio's descriptions, for the operations we care about — so upgrading
// @twilio/cli-core is a reviewable step. Compares the raw documents (before fix-ups): the fix-ups are ours.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  listOperations,
  readSpecFile,
  SPEC_FILES,
  type JsonObject,
  type OpenApiDocument,
  type Operation,
  type SpecName,
} from './load-spec.js';

export interface SpecChange {
  operationId: string;
  kind:
    | 'operation-added'
    | 'operation-removed'
    | 'route-changed'
    | 'parameter-added'
    | 'parameter-removed'
    | 'parameter-changed'
    | 'status-added'
    | 'status-removed'
    | 'field-added'
    | 'field-removed'
    | 'field-changed'
    | 'enum-values-added'
    | 'enum-values-removed';
  where: string;
  before?: unknown;
  after?: unknown;
}

interface FieldSig {
  type?: unknown;
  format?: unknown;
  nullable?: unknown;
  pattern?: unknown;
  enum?: string[];
  /** Signatures of anyOf/oneOf/allOf branches: a union's members change as much as a plain type does. */
  anyOf?: FieldSig[];
  oneOf?: FieldSig[];
  allOf?: FieldSig[];
}

/** OLD or NEW cannot be read: said in one line by the CLI, without a stack trace. */
export class SpecDiffInputError extends Error {}

const UNIONS = ['anyOf', 'oneOf', 'allOf'] as const;

function deref(doc: OpenApiDocument, s: JsonObject): JsonObject {
  let cur = s;
  for (let i = 0; i < 10 && typeof cur.$ref === 'string'; i++)
    cur = doc.components.schemas[cur.$ref.replace('#/components/schemas/', '')] ?? {};
  return cur;
}

function sig(doc: OpenApiDocument, s: JsonObject): FieldSig {
  const d = deref(doc, s);
  const out: FieldSig = {};
  if (d.type !== undefined) out.type = d.type;
  if (d.format !== undefined) out.format = d.format;
  if (s.nullable !== undefined || d.nullable !== undefined) out.nullable = s.nullable ?? d.nullable;
  if (d.pattern !== undefined) out.pattern = d.pattern;
  if (Array.isArray(d.enum)) out.enum = (d.enum as unknown[]).map(String);
  for (const k of UNIONS) if (Array.isArray(d[k])) out[k] = (d[k] as JsonObject[]).map((b) => sig(doc, b));
  return out;
}

function fields(
  doc: OpenApiDocument,
  schema: JsonObject | undefined,
  prefix = '',
  depth = 0,
  out = new Map<string, FieldSig>(),
): Map<string, FieldSig> {
  if (!schema || depth > 4) return out;
  const s = deref(doc, schema);
  if (s.type === 'array' && s.items) {
    // The items themselves are a field too: an array of strings whose enum or type changes has no properties.
    out.set(`${prefix}[]`, sig(doc, s.items as JsonObject));
    fields(doc, s.items as JsonObject, `${prefix}[]`, depth + 1, out);
  }
  // Properties can sit inside union branches (a nullable $ref becomes anyOf [X, null]).
  for (const k of UNIONS) if (Array.isArray(s[k])) for (const b of s[k] as JsonObject[]) fields(doc, b, prefix, depth + 1, out);
  for (const [name, child] of Object.entries((s.properties as Record<string, JsonObject> | undefined) ?? {})) {
    const p = prefix ? `${prefix}.${name}` : name;
    out.set(p, sig(doc, child));
    fields(doc, child, p, depth + 1, out);
  }
  return out;
}

/** Enum values of a field, including those of its union branches (an enum moved into anyOf is not a change). */
function enumValues(f: FieldSig): string[] | undefined {
  const branches = UNIONS.flatMap((k) => f[k] ?? []).flatMap((b) => enumValues(b) ?? []);
  if (!f.enum && branches.length === 0) return undefined;
  return [...new Set([...(f.enum ?? []), ...branches])];
}

/** The signature without enum values anywhere (compared separately, value by value). */
function withoutEnums(f: FieldSig): FieldSig {
  const { enum: _, ...rest } = f;
  const out: FieldSig = { ...rest };
  for (const k of UNIONS) if (f[k]) out[k] = f[k]!.map(withoutEnums);
  return out;
}

function compareSig(operationId: string, where: string, a: FieldSig, b: FieldSig, kind: 'field' | 'parameter', out: SpecChange[]): void {
  const ea = enumValues(a);
  const eb = enumValues(b);
  const ra = withoutEnums(a);
  const rb = withoutEnums(b);
  if (JSON.stringify(ra) !== JSON.stringify(rb)) out.push({ operationId, kind: `${kind}-changed`, where, before: ra, after: rb });
  const added = (eb ?? []).filter((v) => !(ea ?? []).includes(v));
  const removed = (ea ?? []).filter((v) => !(eb ?? []).includes(v));
  if (added.length) out.push({ operationId, kind: 'enum-values-added', where, after: added });
  if (removed.length) out.push({ operationId, kind: 'enum-values-removed', where, before: removed });
}

export function diffOperations(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, spec: SpecName, only?: Set<string>): SpecChange[] {
  const index = (doc: OpenApiDocument) => new Map(listOperations(spec, doc).map((o) => [o.operationId, o]));
  const before = index(oldDoc);
  const after = index(newDoc);
  const ids = [...new Set([...before.keys(), ...after.keys()])].filter((id) => !only || only.has(id)).sort();
  const out: SpecChange[] = [];
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    if (!a || !b) {
      out.push({ operationId: id, kind: a ? 'operation-removed' : 'operation-added', where: `${(a ?? b)!.method} ${(a ?? b)!.path}` });
      continue;
    }
    if (a.method !== b.method || a.path !== b.path)
      out.push({ operationId: id, kind: 'route-changed', where: '', before: `${a.method} ${a.path}`, after: `${b.method} ${b.path}` });
    const params = (o: Operation) => new Map(o.parameters.map((p) => [`${p.in}:${p.name}`, p]));
    const pa = params(a);
    const pb = params(b);
    for (const [k, p] of pb) {
      const old = pa.get(k);
      if (!old) out.push({ operationId: id, kind: 'parameter-added', where: k, after: { required: p.required, ...sig(newDoc, p.schema) } });
      else {
        if (old.required !== p.required)
          out.push({
            operationId: id,
            kind: 'parameter-changed',
            where: k,
            before: { required: old.required },
            after: { required: p.required },
          });
        compareSig(id, k, sig(oldDoc, old.schema), sig(newDoc, p.schema), 'parameter', out);
      }
    }
    for (const k of pa.keys()) if (!pb.has(k)) out.push({ operationId: id, kind: 'parameter-removed', where: k });
    const sa = new Map(a.responses.map((r) => [r.status, r]));
    const sb = new Map(b.responses.map((r) => [r.status, r]));
    for (const s of sb.keys()) if (!sa.has(s)) out.push({ operationId: id, kind: 'status-added', where: String(s) });
    for (const s of sa.keys()) if (!sb.has(s)) out.push({ operationId: id, kind: 'status-removed', where: String(s) });
    for (const [status, rb] of sb) {
      const ra = sa.get(status);
      if (!ra) continue;
      const fa = fields(oldDoc, ra.schema);
      const fb = fields(newDoc, rb.schema);
      for (const [f, s] of fb) {
        const old = fa.get(f);
        if (!old) out.push({ operationId: id, kind: 'field-added', where: `${status} ${f}`, after: s });
        else compareSig(id, `${status} ${f}`, old, s, 'field', out);
      }
      for (const f of fa.keys()) if (!fb.has(f)) out.push({ operationId: id, kind: 'field-removed', where: `${status} ${f}` });
    }
  }
  return out;
}

/** OLD/NEW may each be a spec JSON file or a directory holding cli-core's twilio-api files. */
export function resolveSpecInputs(oldPath: string, newPath: string): Array<{ spec: SpecName; oldFile: string; newFile: string }> {
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (isDir(oldPath) !== isDir(newPath)) throw new SpecDiffInputError('OLD and NEW must both be files or both be directories');
  if (isDir(oldPath)) {
    return (Object.keys(SPEC_FILES) as SpecName[]).map((spec) => ({
      spec,
      oldFile: path.join(oldPath, SPEC_FILES[spec]),
      newFile: path.join(newPath, SPEC_FILES[spec]),
    }));
  }
  const base = path.basename(newPath);
  const spec = (Object.keys(SPEC_FILES) as SpecName[]).find((s) => base.includes(SPEC_FILES[s].replace('.json', ''))) ?? 'api_v2010';
  return [{ spec, oldFile: oldPath, newFile: newPath }];
}

/** Reads one input, turning a missing or unreadable file into a one-line SpecDiffInputError. */
function readInput(file: string): OpenApiDocument {
  if (!existsSync(file)) throw new SpecDiffInputError(`${file}: no such file`);
  try {
    const doc = readSpecFile(file);
    if (!doc || typeof doc.paths !== 'object') throw new Error('not an OpenAPI description (no paths)');
    return doc;
  } catch (error) {
    throw new SpecDiffInputError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function diffSpecFiles(oldPath: string, newPath: string, only?: Set<string>): Array<{ spec: SpecName; changes: SpecChange[] }> {
  for (const p of [oldPath, newPath]) if (!existsSync(p)) throw new SpecDiffInputError(`${p}: no such file or directory`);
  return resolveSpecInputs(oldPath, newPath).map(({ spec, oldFile, newFile }) => ({
    spec,
    changes: diffOperations(readInput(oldFile), readInput(newFile), spec, only),
  }));
}

export function renderSpecDiff(result: Array<{ spec: SpecName; changes: SpecChange[] }>): string {
  const lines: string[] = [];
  for (const { spec, changes } of result) {
    lines.push(`## ${spec}: ${changes.length} change${changes.length === 1 ? '' : 's'}`);
    let current = '';
    for (const c of changes) {
      if (c.operationId !== current) {
        current = c.operationId;
        lines.push(`- ${current}`);
      }
      const detail = [
        c.before !== undefined ? `before ${JSON.stringify(c.before)}` : '',
        c.after !== undefined ? `after ${JSON.stringify(c.after)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(`  - ${c.kind} ${c.where}${detail ? `: ${detail}` : ''}`);
    }
  }
  return lines.join('\n');
}
