// The fix-up pass: Twilio's descriptions have known quirks that would make a correct response fail (or a wrong
// one pass). Each fix is small, named, and carries a one-line reason; the report lists how many places each
// touched, so upgrading the spec shows when a fix stops being needed. Fixes of kind `tighten` are not quirks:
// they turn the description into a contract (every field present, nothing invented).
import type { JsonObject, LoadedSpec, OpenApiDocument, SpecName } from './load-spec.js';

export interface FixUp {
  id: string;
  kind: 'cleanup' | 'quirk' | 'tighten';
  reason: string;
  /** Which descriptions it applies to. */
  specs: SpecName[];
  /**
   * A spec example ("OperationId:exampleName") that fails validation (or compilation) without this fix. Tests
   * remove each fix in turn and check its evidence breaks, so no fix outlives its reason after a spec upgrade.
   */
  evidence?: string;
  apply(ctx: FixContext): number;
}

export interface FixContext {
  spec: SpecName;
  doc: OpenApiDocument;
  /** Every schema object reachable from a response body (components and inline), visited once each. */
  responseNodes(): Iterable<SchemaSite>;
}

/** A schema object plus where it sits: its property name when it is the value of `properties.<name>`. */
export interface SchemaSite {
  node: JsonObject;
  property?: string;
}

export interface FixUpResult {
  id: string;
  kind: FixUp['kind'];
  reason: string;
  spec: SpecName;
  sites: number;
}

const PAGING_LINKS = new Set(['first_page_uri', 'next_page_uri', 'previous_page_uri', 'uri']);
const SID_PATTERN = /^\^\(?([A-Z]{2}(?:\|[A-Z]{2})*)\)?\[0-9a-fA-F\]\{32\}\$$/;
const BOTH: SpecName[] = ['api_v2010', 'lookups_v2'];
const LOOKUPS_NEVER_NULL = new Set(['valid', 'url']);

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep walk of any JSON value, calling `visit` on every object (schemas and non-schemas alike). */
function walkObjects(value: unknown, visit: (o: JsonObject) => void): void {
  if (Array.isArray(value)) for (const v of value) walkObjects(v, visit);
  else if (isObject(value)) {
    visit(value);
    for (const v of Object.values(value)) walkObjects(v, visit);
  }
}

/**
 * Properties (component schema + property) that $ref an enum or object and that Twilio's own examples show as null:
 * each with the example that shows it. A null anywhere else (a Message's `status`) still fails validation.
 */
export const NULLABLE_REF_FIELDS: Record<string, string> = {
  'api.v2010.account.conference.reason_conference_ended': 'FetchConference:fetchValidRegionInProgress',
  'LookupResponse.caller_name': 'FetchPhoneNumber:fetch',
  'LookupResponse.sim_swap': 'FetchPhoneNumber:fetch',
  'LookupResponse.call_forwarding': 'FetchPhoneNumber:fetch',
  'LookupResponse.line_type_intelligence': 'FetchPhoneNumber:fetch',
  'LookupResponse.line_status': 'FetchPhoneNumber:fetch',
  'LookupResponse.identity_match': 'FetchPhoneNumber:fetch',
  'LookupResponse.reassigned_number': 'FetchPhoneNumber:fetch',
  'LookupResponse.sms_pumping_risk': 'FetchPhoneNumber:fetch',
};

/** Reference-SID properties Twilio's own examples show as "" (unset), each with the example that shows it. */
export const EMPTY_SID_FIELDS: Record<string, string> = {
  'api.v2010.account.incoming_phone_number.sms_application_sid': 'FetchIncomingPhoneNumber:fetch',
  'api.v2010.account.incoming_phone_number.voice_application_sid': 'FetchIncomingPhoneNumber:fetch',
  'api.v2010.account.incoming_phone_number.incoming_phone_number_local.sms_application_sid': 'ListIncomingPhoneNumberLocal:readFull',
  'api.v2010.account.incoming_phone_number.incoming_phone_number_local.voice_application_sid': 'ListIncomingPhoneNumberLocal:readFull',
  'api.v2010.account.incoming_phone_number.incoming_phone_number_mobile.sms_application_sid': 'ListIncomingPhoneNumberMobile:readFull',
  'api.v2010.account.incoming_phone_number.incoming_phone_number_mobile.voice_application_sid': 'ListIncomingPhoneNumberMobile:readFull',
  'api.v2010.account.incoming_phone_number.incoming_phone_number_toll_free.sms_application_sid': 'ListIncomingPhoneNumberTollFree:readFull',
  'api.v2010.account.incoming_phone_number.incoming_phone_number_toll_free.voice_application_sid':
    'ListIncomingPhoneNumberTollFree:readFull',
};

/** The (schema, property) pairs of a field list that exist in this document ("schema.name.property" keys). */
function fieldsIn(doc: OpenApiDocument, fields: Record<string, string>): Array<[JsonObject, string]> {
  const out: Array<[JsonObject, string]> = [];
  for (const key of Object.keys(fields)) {
    const dot = key.lastIndexOf('.');
    const schema = doc.components.schemas[key.slice(0, dot)];
    const property = key.slice(dot + 1);
    if (schema && isObject(schema.properties) && isObject(schema.properties[property])) out.push([schema, property]);
  }
  return out;
}

export const FIXUPS: FixUp[] = [
  {
    id: 'strip-vendor-keywords',
    evidence: 'CreateMessage:create',
    kind: 'cleanup',
    reason: 'x-twilio/x-*-annotation and `example` carry no validation meaning and ajv strict mode rejects unknown keywords.',
    specs: BOTH,
    apply({ doc }) {
      let n = 0;
      walkObjects(doc.components.schemas, (o) => {
        for (const k of Object.keys(o)) {
          if (k.startsWith('x-') || k === 'example') {
            delete o[k];
            n++;
          }
        }
      });
      walkObjects(doc.paths, (o) => {
        // Only inside schemas: an operation's own x-twilio block is metadata we keep for reports.
        const schema = o.schema;
        if (isObject(schema)) {
          walkObjects(schema, (s) => {
            for (const k of Object.keys(s)) {
              if (k.startsWith('x-') || k === 'example') {
                delete s[k];
                n++;
              }
            }
          });
        }
      });
      return n;
    },
  },
  {
    id: 'nullable-without-type',
    evidence: 'ListCallEvent:readFull',
    kind: 'quirk',
    reason:
      'Some properties say `nullable` with no type (any JSON value); ajv refuses nullable without a type, and `{}` already accepts null.',
    specs: BOTH,
    apply({ doc }) {
      let n = 0;
      walkObjects(doc.components.schemas, (o) => {
        if (o.nullable === true && o.type === undefined && o.$ref === undefined) {
          delete o.nullable;
          n++;
        }
      });
      return n;
    },
  },
  {
    id: 'nullable-enum-lists-null',
    evidence: 'FetchCallNotification:fetch',
    kind: 'quirk',
    reason:
      'Nullable enums (sms_method etc.) omit null from `enum`; in OpenAPI 3.0.3 and ajv that makes null invalid, yet Twilio sends null for unset values.',
    specs: BOTH,
    apply(ctx) {
      let n = 0;
      for (const { node } of ctx.responseNodes()) {
        if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null)) {
          node.enum = [...node.enum, null];
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'nullable-refs',
    evidence: 'FetchPhoneNumber:fetch',
    kind: 'quirk',
    reason:
      'Properties that $ref an enum/object cannot say nullable (siblings of $ref are ignored in OpenAPI 3.0), yet Twilio sends null there — only the fields in NULLABLE_REF_FIELDS, each shown null by a spec example.',
    specs: BOTH,
    apply({ doc }) {
      let n = 0;
      for (const [schema, property] of fieldsIn(doc, NULLABLE_REF_FIELDS)) {
        const props = schema.properties as Record<string, JsonObject>;
        const node = props[property]!;
        if (typeof node.$ref !== 'string') continue;
        props[property] = { anyOf: [{ $ref: node.$ref }, { type: 'null' }] };
        n++;
      }
      return n;
    },
  },
  {
    id: 'uri-map-is-object-of-paths',
    kind: 'tighten',
    reason:
      '`format: uri-map` sits on objects (subresource_uris); ajv formats only test strings, so spell out "object whose values are relative URIs".',
    specs: BOTH,
    apply(ctx) {
      let n = 0;
      for (const { node } of ctx.responseNodes()) {
        if (node.format === 'uri-map') {
          delete node.format;
          node.additionalProperties = { type: 'string', format: 'relative-uri' };
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'paging-links-are-relative',
    evidence: 'ListMessage:readFullPage1',
    kind: 'quirk',
    reason: 'List envelopes mark first/next/previous_page_uri and uri as `format: uri`, but Twilio returns paths relative to the API host.',
    specs: ['api_v2010'],
    apply(ctx) {
      let n = 0;
      for (const { node, property } of ctx.responseNodes()) {
        if (property && PAGING_LINKS.has(property) && node.format === 'uri') {
          node.format = 'relative-uri';
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'unset-urls-are-empty-strings',
    evidence: 'ListIncomingPhoneNumber:readFull',
    kind: 'quirk',
    reason:
      'The 2010 API sends "" for unset URL fields (IncomingPhoneNumber readFull example: sms_url "", status_callback ""), which `format: uri` rejects.',
    specs: ['api_v2010'],
    apply(ctx) {
      let n = 0;
      for (const { node, property } of ctx.responseNodes()) {
        if (property && !PAGING_LINKS.has(property) && node.format === 'uri') {
          node.format = 'uri-or-empty';
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'unset-sids-are-empty-strings',
    evidence: 'ListIncomingPhoneNumber:readFull',
    kind: 'quirk',
    reason:
      'The 2010 API sends "" for some unset reference SIDs (IncomingPhoneNumber sms_application_sid/voice_application_sid in its own examples and in 2015 recordings), which the SID pattern and length reject; only the fields in EMPTY_SID_FIELDS.',
    specs: ['api_v2010'],
    apply({ doc }) {
      let n = 0;
      for (const [schema, property] of fieldsIn(doc, EMPTY_SID_FIELDS)) {
        const node = (schema.properties as Record<string, JsonObject>)[property]!;
        const m = typeof node.pattern === 'string' ? SID_PATTERN.exec(node.pattern) : null;
        if (!m) continue;
        node.pattern = `^(?:(?:${m[1]})[0-9a-fA-F]{32})?$`;
        delete node.minLength;
        delete node.maxLength;
        n++;
      }
      return n;
    },
  },
  {
    id: 'date-filters-accept-dates',
    kind: 'quirk',
    reason:
      'List filters like DateSent/DateSent>/StartTime< say `format: date-time`, but Twilio documents YYYY-MM-DD and its own example page links use it (DateSent%3E=2008-01-02).',
    specs: ['api_v2010'],
    apply({ doc }) {
      let n = 0;
      for (const item of Object.values(doc.paths)) {
        for (const op of Object.values(item)) {
          if (!isObject(op) || !Array.isArray(op.parameters)) continue;
          for (const p of op.parameters as JsonObject[]) {
            const schema = p.schema as JsonObject | undefined;
            if (
              p.in === 'query' &&
              schema?.format === 'date-time' &&
              /^(DateSent|DateCreated|DateUpdated|StartTime|EndTime|Date)[<>]?$/.test(String(p.name))
            ) {
              p.schema = { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] };
              n++;
            }
          }
        }
      }
      return n;
    },
  },
  {
    id: 'lookups-v2-fields-nullable',
    evidence: 'FetchPhoneNumber:fetchCallerName',
    kind: 'quirk',
    reason:
      'Lookups v2 marks almost nothing nullable, yet its own examples send null for validation_errors and for every package field (error_code, last_sim_swap_date, ...); only `valid` and `url` are always filled.',
    specs: ['lookups_v2'],
    apply(ctx) {
      let n = 0;
      for (const { node, property } of ctx.responseNodes()) {
        if (!property || LOOKUPS_NEVER_NULL.has(property)) continue;
        if (typeof node.type === 'string' && node.nullable !== true) {
          node.nullable = true;
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'every-field-present',
    kind: 'tighten',
    reason:
      'Twilio serializes every property of a resource (null when unset); the spec lists no `required`, so without this a missing field would pass.',
    specs: BOTH,
    apply(ctx) {
      let n = 0;
      for (const { node } of ctx.responseNodes()) {
        if (isObject(node.properties) && node.required === undefined) {
          node.required = Object.keys(node.properties).filter((k) => !(OPTIONAL_FIELDS[ctx.spec] ?? []).includes(k));
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'no-invented-fields',
    kind: 'tighten',
    reason: 'Response objects get additionalProperties:false so a field the real API does not have (do_not_call) fails.',
    specs: BOTH,
    apply(ctx) {
      let n = 0;
      for (const { node } of ctx.responseNodes()) {
        if (isObject(node.properties) && node.additionalProperties === undefined) {
          node.additionalProperties = false;
          n++;
        }
      }
      return n;
    },
  },
];

/**
 * Properties that real responses may omit, per description (filled from evidence: a spec example or a recorded
 * response without the key). Empty until something shows otherwise.
 */
export const OPTIONAL_FIELDS: Partial<Record<SpecName, string[]>> = {};

/** Schemas a response body can reach: inline response schemas plus components they $ref, transitively. */
function* responseSchemaSites(doc: OpenApiDocument): Generator<SchemaSite> {
  const seen = new Set<JsonObject>();
  const queue: SchemaSite[] = [];
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (!isObject(op) || !isObject(op.responses)) continue;
      for (const r of Object.values(op.responses)) {
        const schema = (r as { content?: Record<string, { schema?: JsonObject }> }).content?.['application/json']?.schema;
        if (schema) queue.push({ node: schema });
      }
    }
  }
  while (queue.length > 0) {
    const site = queue.shift()!;
    const { node } = site;
    if (seen.has(node)) continue;
    seen.add(node);
    yield site;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/components/schemas/', '');
      const target = doc.components.schemas[name];
      if (target) queue.push({ node: target });
    }
    if (isObject(node.properties)) {
      for (const [property, child] of Object.entries(node.properties)) {
        if (isObject(child)) queue.push({ node: child, property });
      }
    }
    if (isObject(node.items)) queue.push({ node: node.items });
    if (isObject(node.additionalProperties)) queue.push({ node: node.additionalProperties });
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = node[k];
      if (Array.isArray(list)) for (const s of list) if (isObject(s)) queue.push({ node: s });
    }
  }
}

/** Applies every fix to `spec.doc` in place, in order. Returns what each fix touched. */
export function applyFixUps(spec: LoadedSpec, fixups: FixUp[] = FIXUPS): FixUpResult[] {
  const results: FixUpResult[] = [];
  for (const fix of fixups) {
    if (!fix.specs.includes(spec.name)) continue;
    const ctx: FixContext = { spec: spec.name, doc: spec.doc, responseNodes: () => responseSchemaSites(spec.doc) };
    results.push({ id: fix.id, kind: fix.kind, reason: fix.reason, spec: spec.name, sites: fix.apply(ctx) });
  }
  return results;
}
