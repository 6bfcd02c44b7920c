// The per-recording plan (contracts/expectations/real-recordings.json): how each recording is replayed against the
// simulator, or why it cannot be. Data, so classifying a new recording never means editing code.
import { readFileSync } from 'node:fs';
import type { AuthChoice } from '../targets/target.js';

export type SkipCategory = 'trial-account' | 'test-credentials' | 'out-of-scope' | 'sanitised' | 'not-an-answer';

/** A request made before the replayed one (to create the state it reads), or a clock step. */
export type SetupStep =
  | { operationId: string; method: 'GET' | 'POST'; path: string; form?: Record<string, string>; save?: Record<string, string> }
  | { control: 'runUntilIdle' };

export interface RecordingPlan {
  /** Recordings of the same kind of answer; where they disagree the newest wins. */
  group: string;
  /** Set when the recording cannot be replayed here. */
  skip?: SkipCategory;
  reason?: string;
  source?: string;
  operationId?: string;
  /** Overrides merged over the recorded form ({{vars}} from the target); null removes a parameter. */
  form?: Record<string, string | null>;
  /** Replaces the recorded path ({{vars}} and values saved by setup steps). */
  path?: string;
  auth?: AuthChoice;
  /** Numbers the recording's account owned: the simulator account is given them. */
  own?: string[];
  setup?: SetupStep[];
  /** Why something was substituted: shown in the report next to the recording. */
  why?: string;
  /** Body keys whose recorded value must come back exactly (beyond key and type). */
  values?: string[];
  /** Body keys left out of the comparison, each with its reason. */
  ignore?: Record<string, string>;
}

export interface HeaderRules {
  transport: Record<string, string>;
  conditional: Record<string, string>;
  /** Header → regular expression, or "newest" (the newest recording's value). */
  values: Record<string, string>;
}

export interface RecordingsPlan {
  categories: Record<SkipCategory, string>;
  recordings: Record<string, RecordingPlan>;
  headers: HeaderRules;
}

export function loadPlan(): RecordingsPlan {
  return JSON.parse(readFileSync(new URL('../expectations/real-recordings.json', import.meta.url), 'utf8')) as RecordingsPlan;
}

/** Numbers the simulator account must own so the replayed recordings find their account state. */
export function ownedNumbers(plan: RecordingsPlan): string[] {
  return [...new Set(Object.values(plan.recordings).flatMap((p) => (p.skip ? [] : (p.own ?? []))))].sort();
}
