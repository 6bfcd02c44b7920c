import { createSimulatorTarget } from './targets/simulator-target.js';
import { runSuite } from './suite/run-suite.js';
import { formatDiagnostic } from './validate/diagnostics.js';
const t = await createSimulatorTarget();
try {
  const r = await runSuite(t);
  for (const c of r.cases) {
    console.log(c.outcome.padEnd(8), c.id, c.reason ?? '');
    if (c.outcome === 'failed') for (const s of c.steps) for (const d of s.diagnostics) console.log('     ', s.index, s.title, formatDiagnostic(d));
    for (const s of c.steps) for (const i of s.info) console.log('      info', i);
  }
  console.log(r.validation, r.validation.totalMicros / r.validation.responses, r.callbackDrift, r.signatures);
} finally { await t.close(); }
