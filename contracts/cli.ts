// npm run contracts            → run the suite against the simulator, print a summary, write reports/contracts.{md,json}
// npm run contracts -- --target live      (needs CONTRACTS_LIVE=1 + TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN)
// npm run contracts -- --target recorded [--cassette FILE ...]   (default: the committed spec-example cassettes)
// npm run contracts:record     → record a live run into contracts/cassettes/live/ (sanitised)
// npm run contracts:record -- --from-spec   → regenerate the committed spec-example cassettes
// npm run contracts -- --target real [--recordings DIR]  → replay real Twilio recordings against the simulator
// npm run contracts:spec-diff OLD NEW [--all] → what changed between two spec versions for the suite's operations
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildReport } from './report/build-report.js';
import { renderSummary, writeReport } from './report/write-report.js';
import { readCassette, writeCassette } from './recorder/cassette.js';
import { recordingTarget } from './recorder/recording-target.js';
import { specExampleCassette } from './recorder/spec-examples.js';
import { diffSpecFiles, renderSpecDiff, SpecDiffInputError } from './spec/spec-diff.js';
import { caseOperations, loadCaseFiles } from './suite/case-types.js';
import { runSuite } from './suite/run-suite.js';
import { loadKnownGaps, triage } from './real/known-gaps.js';
import { buildRealReport, renderRealSummary, writeRealReport } from './real/real-report.js';
import { recordingsDir } from './real/recordings.js';
import { runRealRecordings } from './real/run-real.js';
import { createLiveTarget, liveConfig } from './targets/live-target.js';
import { planLiveSpend } from './targets/live-spend.js';
import { createRecordedTarget, mergeCassettes } from './targets/recorded-target.js';
import { createSimulatorTarget } from './targets/simulator-target.js';
import type { Target } from './targets/target.js';
import { sharedValidator } from './validate/validator.js';

const CASSETTES = path.join(path.dirname(new URL(import.meta.url).pathname), 'cassettes');

async function liveTargetOrExplain(): Promise<Target | null> {
  const cfg = liveConfig();
  if (!cfg.ok) {
    console.log(`live target skipped: ${cfg.reason}. No request was sent.`);
    return null;
  }
  const target = createLiveTarget(cfg.config);
  const plan = planLiveSpend(loadCaseFiles(), target, cfg.config);
  for (const line of plan.lines) console.log(line);
  if (!plan.ok) {
    process.exitCode = 2;
    return null;
  }
  return target;
}

async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      target: { type: 'string', default: 'simulator' },
      cassette: { type: 'string', multiple: true },
      out: { type: 'string', default: 'reports' },
      recordings: { type: 'string' },
    },
  });
  if (values.target === 'real') {
    await runReal(values.recordings, values.out);
    return;
  }
  let target: Target | null;
  let schemaOnly = false;
  if (values.target === 'live') target = await liveTargetOrExplain();
  else if (values.target === 'recorded') {
    const files = values.cassette ?? ['api_v2010', 'lookups_v2'].map((n) => path.join(CASSETTES, 'spec-examples', `${n}.json`));
    const cassette = mergeCassettes(files.map(readCassette));
    schemaOnly = cassette.source === 'spec-example';
    target = createRecordedTarget(cassette);
  } else if (values.target === 'simulator') target = await createSimulatorTarget();
  else throw new Error(`unknown target ${values.target}`);
  if (!target) return;
  try {
    const validator = sharedValidator();
    const result = await runSuite(target, { validator, schemaOnly });
    const report = buildReport(result, validator);
    const files = writeReport(report, values.out);
    console.log(renderSummary(report));
    console.log(`report: ${files.md}, ${files.json}`);
    if (report.summary.failed > 0) process.exitCode = 1;
  } finally {
    await target.close();
  }
}

/** Real recordings against the simulator; exit 1 on a difference not in the known-gaps list or a stale entry. */
async function runReal(flag: string | undefined, out: string): Promise<void> {
  const { dir, from } = recordingsDir(flag);
  const run = await runRealRecordings(dir);
  const t = triage(run, loadKnownGaps());
  const report = buildRealReport(run, t);
  console.log(renderRealSummary(report));
  if (!run.found) {
    console.log(`(directory from ${from}; nothing compared)`);
    return;
  }
  const files = writeRealReport(report, out);
  console.log(`report: ${files.md}, ${files.json}`);
  for (const d of t.unexpected)
    console.log(`  NEW ${d.recording}: ${d.kind} ${d.path} real ${JSON.stringify(d.expected)} sim ${JSON.stringify(d.actual)}`);
  for (const s of t.stale) console.log(`  STALE ${s.gap.difference} in ${s.recording}: delete it from real-known-gaps.json`);
  if (t.unexpected.length > 0 || t.stale.length > 0) process.exitCode = 1;
}

async function record(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'from-spec': { type: 'boolean', default: false }, 'from-simulator': { type: 'boolean', default: false } },
  });
  const validator = sharedValidator();
  if (values['from-spec']) {
    const ops = new Set(loadCaseFiles().flatMap((f) => f.cases.flatMap(caseOperations)));
    for (const spec of validator.specs) {
      const file = path.join(CASSETTES, 'spec-examples', `${spec.name}.json`);
      const cassette = specExampleCassette(validator, spec, ops);
      writeCassette(file, cassette);
      console.log(`${file}: ${cassette.interactions.length} spec examples`);
    }
    return;
  }
  let inner: Target | null;
  let dir: string;
  if (values['from-simulator']) {
    inner = await createSimulatorTarget();
    dir = 'reports/cassettes';
  } else {
    inner = await liveTargetOrExplain();
    dir = path.join(CASSETTES, 'live');
    if (!inner) {
      console.log('Nothing recorded. (`--from-spec` rebuilds the spec-example cassettes offline.)');
      return;
    }
  }
  const cfg = liveConfig();
  const redactions = cfg.ok
    ? {
        accountSid: cfg.config.accountSid,
        authToken: cfg.config.authToken,
        phoneNumbers: Object.fromEntries(
          [
            [cfg.config.from, '+15005550006'],
            [cfg.config.to, '+61491570110'],
          ].filter((p): p is [string, string] => Boolean(p[0])),
        ),
      }
    : {};
  const recorder = recordingTarget(inner, values['from-simulator'] ? {} : redactions);
  try {
    const result = await runSuite(recorder, { validator });
    const cassette = await recorder.cassette({
      label: `${inner.name} run ${result.startedAt}`,
      source: values['from-simulator'] ? 'simulator' : 'live',
      note: values['from-simulator']
        ? 'Recorded from the simulator (debugging aid; not evidence of Twilio behaviour).'
        : 'Recorded from live Twilio; account SID, token and personal numbers replaced.',
      spec: `@twilio/cli-core@${validator.specs[0]!.packageVersion}`,
    });
    const file = path.join(dir, `${result.startedAt.replace(/[:.]/g, '-')}.json`);
    writeCassette(file, cassette);
    console.log(`recorded ${cassette.interactions.length} interactions → ${file}`);
  } finally {
    await inner.close();
  }
}

function specDiff(args: string[]): void {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { all: { type: 'boolean', default: false }, ops: { type: 'string' } },
  });
  const [oldPath, newPath] = positionals;
  if (!oldPath || !newPath) {
    console.error('usage: contracts:spec-diff OLD NEW [--all] [--ops A,B]   (OLD/NEW: spec JSON files or cli-core twilio-api directories)');
    process.exitCode = 64;
    return;
  }
  const only = values.all
    ? undefined
    : new Set(values.ops ? values.ops.split(',') : loadCaseFiles().flatMap((f) => f.cases.flatMap(caseOperations)));
  try {
    console.log(renderSpecDiff(diffSpecFiles(oldPath, newPath, only)));
  } catch (error) {
    if (!(error instanceof SpecDiffInputError)) throw error;
    console.error(`spec-diff: ${error.message}`);
    process.exitCode = 66;
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'run') await run(rest);
else if (command === 'record') await record(rest);
else if (command === 'spec-diff') specDiff(rest);
else {
  console.error('usage: tsx contracts/cli.ts run|record|spec-diff ...');
  process.exitCode = 64;
}
