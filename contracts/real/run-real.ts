// Replays each reproducible recording of real Twilio against the simulator and compares the answers; lists every
// recording it cannot replay with the reason. Speaks HTTP through a Target, like the suite.
import { createSimulatorTarget } from '../targets/simulator-target.js';
import type { OutgoingRequest, Target, TargetResponse } from '../targets/target.js';
import { fill, pointer } from '../suite/template.js';
import { compareAnswer, type Difference } from './compare-answer.js';
import { settle, type SetAside } from './newest-wins.js';
import { fixturesOwning } from './owned-fixtures.js';
import { loadPlan, ownedNumbers, type RecordingPlan, type RecordingsPlan, type SkipCategory } from './plan.js';
import { loadRecordings, type Recording } from './recordings.js';

export interface RecordingResult {
  file: string;
  source: string;
  year: number;
  outcome: 'matches' | 'differs' | 'skipped' | 'unclassified' | 'error';
  category?: SkipCategory;
  reason?: string;
  /** What was substituted and why. */
  why?: string;
  request?: { method: string; url: string; form?: Record<string, string> };
  status?: number;
  differences: Difference[];
  /** Worth a look but not compared: error wording (it embeds the number as sent, masked since 2023). */
  notes?: string[];
}

export interface RealRun {
  dir: string;
  /** false when the directory is absent: nothing ran. */
  found: boolean;
  results: RecordingResult[];
  /** Plan entries whose recording is not in the directory. */
  unmatchedPlans: string[];
  setAside: SetAside[];
}

export const describeSource = (r: Recording) =>
  `${r.source.repo} ${r.source.path}${r.source.commit ? ` @ ${r.source.commit.slice(0, 10)}` : ''} (${r.year})`;

function recordedForm(r: Recording, plan: RecordingPlan): Record<string, string> {
  const form: Record<string, string> = { ...r.request.form };
  for (const [k, v] of Object.entries(plan.form ?? {})) {
    if (v === null) delete form[k];
    else form[k] = v;
  }
  return form;
}

async function send(target: Target, request: Omit<OutgoingRequest, 'key'>, key: string): Promise<TargetResponse> {
  return target.send({ ...request, key });
}

async function replay(target: Target, r: Recording, plan: RecordingPlan, verdicts: ReturnType<typeof settle>): Promise<RecordingResult> {
  const base = { file: r.file, source: describeSource(r), year: r.year, why: plan.why };
  await target.reset?.();
  const vars: Record<string, unknown> = { ...target.vars };
  for (const [i, step] of (plan.setup ?? []).entries()) {
    if ('control' in step) {
      await target.runUntilIdle?.();
      continue;
    }
    const res = await send(
      target,
      {
        method: step.method,
        url: `https://${r.request.host}${fill(step.path, vars)}`,
        form: step.method === 'POST' ? fill(step.form ?? {}, vars) : undefined,
        auth: 'default',
        operationId: step.operationId,
      },
      `${r.file}#setup${i}`,
    );
    if (res.status >= 300) {
      const difference: Difference = {
        recording: r.file,
        kind: 'setup',
        path: step.operationId,
        expected: 'a 2xx answer to build the state the recording reads',
        actual: res.status,
        evidence: r.file,
      };
      return { ...base, outcome: 'differs', differences: [difference] };
    }
    for (const [name, ptr] of Object.entries(step.save ?? {})) vars[name] = pointer(res.body, ptr);
  }
  const path = fill(plan.path ?? r.request.path.replace('{AccountSid}', '{{account.sid}}'), vars);
  const query = new URLSearchParams(r.request.query).toString();
  const url = `https://${r.request.host}${path}${query ? `?${query}` : ''}`;
  const method = r.request.method as OutgoingRequest['method'];
  const form = method === 'POST' ? fill(recordedForm(r, plan), vars) : undefined;
  const answer = await send(target, { method, url, form, auth: plan.auth ?? 'default', operationId: plan.operationId ?? '' }, r.file);
  const differences = compareAnswer(r, plan, verdicts, answer);
  const wording = (b: unknown) => (b && typeof b === 'object' ? (b as { message?: unknown }).message : undefined);
  const notes =
    typeof wording(r.response.body) === 'string' && wording(r.response.body) !== wording(answer.body)
      ? [`message: real ${JSON.stringify(wording(r.response.body))} (${r.year}); simulator ${JSON.stringify(wording(answer.body) ?? null)}`]
      : [];
  return {
    ...base,
    notes,
    outcome: differences.length ? 'differs' : 'matches',
    request: { method, url, ...(form ? { form } : {}) },
    status: answer.status,
    differences,
  };
}

export async function runRealRecordings(dir: string, options: { plan?: RecordingsPlan; target?: Target } = {}): Promise<RealRun> {
  const plan = options.plan ?? loadPlan();
  const recordings = loadRecordings(dir);
  if (!recordings) return { dir, found: false, results: [], unmatchedPlans: [], setAside: [] };
  const verdicts = settle(recordings, plan.recordings, plan.headers);
  const fixtures = options.target ? null : fixturesOwning(ownedNumbers(plan));
  const target = options.target ?? (await createSimulatorTarget({ fixturesDir: fixtures!.dir }));
  const results: RecordingResult[] = [];
  try {
    for (const r of recordings) {
      const p = plan.recordings[r.file];
      const base = { file: r.file, source: describeSource(r), year: r.year, differences: [] };
      if (!p) results.push({ ...base, outcome: 'unclassified', reason: 'no entry in contracts/expectations/real-recordings.json' });
      else if (p.skip) results.push({ ...base, outcome: 'skipped', category: p.skip, reason: p.reason });
      else {
        try {
          results.push(await replay(target, r, p, verdicts));
        } catch (error) {
          results.push({ ...base, outcome: 'error', reason: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  } finally {
    if (!options.target) await target.close();
    fixtures?.remove();
  }
  const files = new Set(recordings.map((r) => r.file));
  return {
    dir,
    found: true,
    results,
    unmatchedPlans: Object.keys(plan.recordings).filter((f) => !files.has(f)),
    setAside: verdicts.setAside,
  };
}
