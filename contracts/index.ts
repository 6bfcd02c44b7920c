// `twilio-sim/contracts`: the contract suite and Twilio's response schemas for another project's tests.
// ajv, ajv-formats and @twilio/cli-core (where Twilio's OpenAPI description ships) are optional peers, needed by this
// entry only. A static import of a missing package fails while modules are linked, before any code here could
// explain, so the harness is imported dynamically once they are known to resolve.
import { createRequire } from 'node:module';

const PEERS = ['ajv', 'ajv-formats', '@twilio/cli-core'];
const resolveFromHere = createRequire(import.meta.url);

const missing = PEERS.filter((name) => {
  try {
    resolveFromHere.resolve(`${name}/package.json`);
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) {
  throw new Error(
    `twilio-sim/contracts needs ${PEERS.join(', ')} (optional peer dependencies of twilio-sim); missing: ${missing.join(', ')}. ` +
      `npm install -D ${PEERS.join(' ')}`,
  );
}

export const { runContracts, validateResponse, ContractSpendRefused } = await import('./public-api.js');
export type { ContractRunOptions } from './public-api.js';
export type { CaseOutcome } from './suite/run-suite.js';
export type { ContractReport, OperationReport } from './report/build-report.js';
export type { Diagnostic, DiagnosticKind } from './validate/diagnostics.js';
export { formatDiagnostic } from './validate/diagnostics.js';
export { renderSummary } from './report/write-report.js';
