// Typed access to contracts/expectations/*.json: the facts about Twilio that its OpenAPI description leaves out.
// Read once per process; the files are data so adding a fact never means editing test code.
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../spec/load-spec.js';

export type Presence = 'always' | 'optional' | 'when';

export interface ParamRule {
  presence: Presence;
  /** For presence `when`: the param is required when another param has one of these values. */
  when?: Record<string, string[]>;
  /** The param may only appear when another param has one of these values. */
  onlyWhen?: Record<string, string[]>;
  pattern?: string;
  enum?: string[];
  equals?: string;
  sameAs?: string;
  source: string;
}

export interface CallbackSpec {
  source: string;
  method: 'POST' | 'GET';
  contentType: string;
  signed: boolean;
  params: Record<string, ParamRule>;
}

export interface Outcome {
  statuses: string[];
  callbacks: string[];
  errorCode?: string | null;
  source: string;
}

export interface Expectations {
  errors: {
    errorBody: { source: string; schema: JsonObject };
    codes: Record<string, { status: number; meaning: string; source: string }>;
    deliveryFailures: Record<string, { meaning: string; source: string } | string>;
  };
  callbacks: Record<'messageStatusCallback' | 'inboundMessage' | 'callStatusCallback', CallbackSpec>;
  statusSequences: {
    message: {
      initialStatus: { value: string; source: string };
      finalStatuses: { values: string[]; source: string };
      callbackStatuses: { values: string[]; never: string[]; source: string };
      outcomes: Record<string, Outcome>;
      deletableWhen: { values: string[]; source: string };
    };
    call: JsonObject & { outcomes: Record<string, Outcome> };
  };
  magicNumbers: JsonObject;
  requestRules: Record<string, Array<{ rule: string; params: string[]; code?: number; max?: number; min?: number; source: string }>>;
  mediaStreams: JsonObject;
  deviations: { entries: Deviation[] };
  fieldFormats: { fields: Record<string, { pattern: string; specs: string[]; note?: string; source: string }> };
}

export interface Deviation {
  operationId: string;
  /** Regular expression over the diagnostic's JSON pointer. */
  path: string;
  kind: string;
  reason: string;
  source: string;
}

const FILES = {
  errors: 'errors.json',
  callbacks: 'callbacks.json',
  statusSequences: 'status-sequences.json',
  magicNumbers: 'magic-numbers.json',
  requestRules: 'request-rules.json',
  mediaStreams: 'media-streams.json',
  deviations: 'intentional-deviations.json',
  fieldFormats: 'field-formats.json',
} as const;

function read(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8'));
}

let cached: Expectations | undefined;

export function loadExpectations(): Expectations {
  if (cached) return cached;
  const out: Record<string, unknown> = {};
  for (const [key, file] of Object.entries(FILES)) out[key] = read(file);
  cached = out as unknown as Expectations;
  return cached;
}

export function expectationFiles(): Record<string, unknown> {
  return Object.fromEntries(Object.values(FILES).map((f) => [f, read(f)]));
}
