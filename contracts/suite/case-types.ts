// Cases are data (contracts/cases/*.json): which operation, which inputs, what must come back. Adding an operation
// to the suite means adding JSON here, not test code.
import { readdirSync, readFileSync } from 'node:fs';
import type { AuthChoice, Capability, FormValue } from '../targets/target.js';

export interface ExpectResponse {
  status: number;
  /** Twilio error code for 4xx/5xx. */
  code?: number;
  /** Partial match on the body: literals, {{vars}} and matcher objects ({"$match": regex}, {"$notNull": true}, {"$oneOf": [...]}, {"$len": n}). */
  body?: Record<string, unknown>;
  /** Fields that must not be in the body at all (e.g. do_not_call). */
  absent?: string[];
  /** Whether the request itself is valid per the spec's parameters. Default: status < 400. */
  requestValid?: boolean;
}

export interface HttpStep {
  operationId: string;
  title?: string;
  path?: Record<string, string>;
  query?: Record<string, FormValue>;
  form?: Record<string, FormValue>;
  /** Use the named request example from the spec as the form body (merged under `form`). */
  formExample?: string;
  /** Follow a link the API returned (relative path or absolute URL), e.g. "{{next_page}}". */
  url?: string;
  auth?: AuthChoice;
  expect: ExpectResponse;
  /** Save values from the response body for later steps: name → JSON pointer (e.g. "/sid"). */
  save?: Record<string, string>;
}

export interface ControlStep {
  control: 'runUntilIdle' | 'advance' | 'scenario' | 'inbound';
  ms?: number;
  to?: string;
  outcome?: string;
  errorCode?: number;
  from?: string;
  body?: string;
}

export type CallbackKind = 'messageStatusCallback' | 'inboundMessage' | 'callStatusCallback';

export interface WebhookStep {
  webhooks: {
    kind: CallbackKind;
    /** Receiver path the callbacks were sent to (templated), e.g. "/status/{{case.id}}". */
    path?: string;
    /**
     * Resource SID (templated, e.g. "{{sid}}"): every webhook of this kind about that message or call, whatever URL it
     * went to — and, where the target keeps one, every delivery in its webhook log. For "no callback at all" checks.
     */
    sid?: string;
    /** Expected sequence of status values, or an outcome name from status-sequences.json. */
    statuses?: string[];
    outcome?: string;
    count?: number;
    /** Partial match on every callback's params. */
    params?: Record<string, unknown>;
  };
}

export interface ObserveStep {
  /** Poll a resource while moving the virtual clock; the distinct values seen must follow the expected outcome. */
  observe: {
    operationId: string;
    path: Record<string, string>;
    field: string;
    outcome: string;
    resource: 'message' | 'call';
    stepMs: number;
    maxMs: number;
  };
}

export type Step = HttpStep | ControlStep | WebhookStep | ObserveStep;

export interface Case {
  id: string;
  title: string;
  /** Capabilities the target must have; otherwise the case is skipped with that reason. */
  requires?: Capability[];
  /** Upper bound of what the case costs on live Twilio with live credentials. */
  liveCost?: { messages?: number; lookups?: number; calls?: number };
  /** Why the case exists, when it is a named promise (e.g. the do_not_call check). */
  note?: string;
  steps: Step[];
}

export interface CaseFile {
  file: string;
  title: string;
  cases: Case[];
}

export const isHttpStep = (s: Step): s is HttpStep => 'operationId' in s && 'expect' in s;
export const isControlStep = (s: Step): s is ControlStep => 'control' in s;
export const isWebhookStep = (s: Step): s is WebhookStep => 'webhooks' in s;
export const isObserveStep = (s: Step): s is ObserveStep => 'observe' in s;

/** Every operationId a case touches (HTTP steps and observe polls). */
export function caseOperations(c: Case): string[] {
  const ids = new Set<string>();
  for (const s of c.steps) {
    if (isHttpStep(s)) ids.add(s.operationId);
    if (isObserveStep(s)) ids.add(s.observe.operationId);
  }
  return [...ids];
}

const CASES_DIR = new URL('../cases/', import.meta.url);

export function loadCaseFiles(dir: URL = CASES_DIR): CaseFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { title: string; cases: Case[] };
      return { file, title: data.title, cases: data.cases };
    });
}
