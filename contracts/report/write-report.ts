// Writes reports/contracts.json and reports/contracts.md, and renders the one-screen console summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ContractReport, OperationReport } from './build-report.js';

const pct = (covered: number, total: number) => (total === 0 ? 'n/a' : `${covered}/${total} (${Math.round((100 * covered) / total)}%)`);

function opRow(o: OperationReport): string {
  const c = o.cases;
  const drift = o.drift.extraFields.length ? o.drift.extraFields.map((f) => `\`${f.path}\``).join(', ') : '0';
  return `| ${o.operationId} | ${o.served ? 'yes' : '**no**'} | ${c.passed} | ${c.failed} | ${c.skipped + c.pending} | ${pct(o.coverage.responseFields.covered, o.coverage.responseFields.total)} | ${pct(o.coverage.enumValues.covered, o.coverage.enumValues.total)} | ${pct(o.coverage.parameters.covered, o.coverage.parameters.total)} | ${o.coverage.statuses.seen.join(', ') || '–'} | ${drift} |`;
}

export function renderMarkdown(r: ContractReport): string {
  const s = r.summary;
  const lines: string[] = [];
  lines.push('# Contract report', '');
  lines.push(`Target: **${r.target.name}** — ${r.target.description}  `);
  lines.push(`Spec: ${r.spec.package}@${r.spec.version} (${Object.values(r.spec.files).join(', ')})  `);
  lines.push(`Generated: ${r.generatedAt}`, '');
  lines.push('## Summary', '');
  lines.push(`| cases | passed | failed | skipped | pending (unserved) | served operations covered | unlisted drift | validation |`);
  lines.push(`|---|---|---|---|---|---|---|---|`);
  lines.push(
    `| ${s.cases} | ${s.passed} | ${s.failed} | ${s.skipped} | ${s.pending} | ${s.servedOperationsCovered}/${s.servedOperations} | ${s.unlistedDrift} | median ${r.validation.medianMicros.toFixed(1)} µs, p95 ${r.validation.p95Micros.toFixed(1)} µs, mean ${r.validation.avgMicros.toFixed(1)} µs over ${r.validation.responses} responses (${r.validation.compilations} schema compilations, once each) |`,
    '',
  );
  lines.push('## Operations', '');
  lines.push(
    'Coverage columns are *exercised / in spec*: response fields seen, enum values seen, parameters sent. Drift = fields sent that the spec lacks.',
    '',
  );
  lines.push(
    '| operation | served | passed | failed | skipped/pending | response fields | enum values | parameters | statuses seen | drift |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const o of r.operations) lines.push(opRow(o));
  lines.push('');
  lines.push('### Gaps per served operation', '');
  for (const o of r.operations.filter((x) => x.served)) {
    const missingEnums = Object.entries(o.coverage.enumValues.byField)
      .filter(([, v]) => v.missing.length > 0)
      .map(([f, v]) => `${f}: ${v.missing.join(', ')}`);
    lines.push(`- **${o.operationId}**`);
    lines.push(`  - parameters never sent: ${o.coverage.parameters.missing.join(', ') || 'none'}`);
    lines.push(`  - response fields never seen: ${o.coverage.responseFields.missing.join(', ') || 'none'}`);
    lines.push(`  - enum values never seen: ${missingEnums.join('; ') || 'none'}`);
    lines.push(`  - spec fields always null (never filled): ${o.drift.neverFilled.join(', ') || 'none'}`);
  }
  lines.push('');
  lines.push('## Failures', '');
  if (r.failures.length === 0) lines.push('None.');
  for (const f of r.failures) {
    lines.push(`- **${f.id}** — ${f.reason ?? ''}`);
    for (const d of f.diagnostics) lines.push(`  - ${d}`);
  }
  lines.push('');
  lines.push('## Callbacks', '');
  lines.push(
    `Signatures checked with twilio-node's validateRequest: ${r.callbacks.signatures.valid} valid, ${r.callbacks.signatures.invalid} invalid, ${r.callbacks.signatures.missing} missing, ${r.callbacks.signatures.unchecked} unchecked.  `,
  );
  const unknown = Object.entries(r.callbacks.unknownParams).filter(([, v]) => v.length > 0);
  lines.push(
    `Parameters not in expectations/callbacks.json: ${unknown.length ? unknown.map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ') : 'none'}`,
    '',
  );
  lines.push('## Unserved operations', '');
  lines.push(`Spec operations the target does not serve, in the resources this project simulates (${r.unserved.related.length}):`, '');
  for (const u of r.unserved.related) lines.push(`- ${u}`);
  lines.push('', `…and ${r.unserved.otherCount} other operations of the two descriptions (full list in contracts.json).`, '');
  lines.push('## Spec fix-ups applied', '');
  lines.push('| fix | kind | spec | sites | reason |', '|---|---|---|---|---|');
  for (const f of r.fixups) lines.push(`| ${f.id} | ${f.kind} | ${f.spec} | ${f.sites} | ${f.reason} |`);
  lines.push('');
  lines.push('## Cases', '');
  lines.push('| case | outcome | note |', '|---|---|---|');
  for (const c of r.cases) lines.push(`| ${c.id} | ${c.outcome} | ${(c.reason ?? c.info.join('; ')).replace(/\|/g, '\\|')} |`);
  lines.push('');
  return lines.join('\n');
}

export function renderSummary(r: ContractReport): string {
  const s = r.summary;
  const out = [
    `contracts → ${r.target.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.pending} pending (unserved) of ${s.cases} cases`,
    `served operations covered: ${s.servedOperationsCovered}/${s.servedOperations}; unlisted drift: ${s.unlistedDrift}; validation median ${r.validation.medianMicros.toFixed(1)} µs (p95 ${r.validation.p95Micros.toFixed(1)} µs) per response`,
  ];
  for (const f of r.failures) out.push(`  FAIL ${f.id}: ${f.reason ?? ''}`);
  return out.join('\n');
}

export function writeReport(r: ContractReport, dir = 'reports'): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'contracts.json');
  const md = path.join(dir, 'contracts.md');
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, renderMarkdown(r));
  return { json, md };
}
