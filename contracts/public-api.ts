// What `twilio-sim/contracts` offers another project, over the harness's own modules (no second code path): the
// suite run against a base URL with credentials, as the live target runs it, and the response validator.
// Loaded by index.ts only after it has checked that the optional peers this needs are installed.
import { buildReport, type ContractReport } from './report/build-report.js';
import { loadCaseFiles, type CaseFile } from './suite/case-types.js';
import { runSuite } from './suite/run-suite.js';
import { planLiveSpend } from './targets/live-spend.js';
import { ACCOUNT_SID, createLiveTarget, PESSIMISTIC_PRICES, type LiveConfig } from './targets/live-target.js';
import type { Diagnostic } from './validate/diagnostics.js';
import { sharedValidator } from './validate/validator.js';

export interface ContractRunOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where the requests go instead of api.twilio.com and lookups.twilio.com, e.g. your running simulator. Omit it to
   * run against live Twilio.
   */
  baseUrl?: string;
  /** Twilio's test credentials: only the free magic-number cases run. */
  testCredentials?: boolean;
  apiKey?: { sid: string; secret: string };
  /** With live credentials: a number the account owns, and a phone you own to receive the test messages. */
  from?: string;
  to?: string;
  messagingServiceSid?: string;
  /** USD. A run whose worst-case cost exceeds it is refused before any request is sent. Default 0. */
  maxSpend?: number;
  /** Runs only the cases whose id it accepts (ids as in the report). */
  filter?: (caseId: string) => boolean;
}

/** Thrown before the first request when the run could cost more than `maxSpend`; the message itemises the plan. */
export class ContractSpendRefused extends Error {
  override readonly name = 'ContractSpendRefused';
}

/** The stand-in's origin without trailing slashes; anything but an http(s) URL is refused up front. */
function standInBase(baseUrl: string): string {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new TypeError(`baseUrl must be an http(s) URL, not ${JSON.stringify(baseUrl)}`);
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Runs the contract suite with the given credentials and returns the report: every case's outcome, per operation
 * coverage and drift from Twilio's OpenAPI description. Cases that need the simulator's control API (clock,
 * scenarios, webhooks to a local receiver) are skipped, as on live Twilio.
 */
export async function runContracts(options: ContractRunOptions): Promise<ContractReport> {
  if (!ACCOUNT_SID.test(options.accountSid) || !options.authToken)
    throw new TypeError('accountSid must be AC followed by 32 hex digits, and authToken must not be empty');
  const standIn = options.baseUrl === undefined ? undefined : { baseUrl: standInBase(options.baseUrl) };
  const config: LiveConfig = {
    accountSid: options.accountSid,
    authToken: options.authToken,
    testCredentials: options.testCredentials ?? false,
    apiKey: options.apiKey,
    from: options.from,
    to: options.to,
    messagingServiceSid: options.messagingServiceSid,
    maxSpend: options.maxSpend ?? 0,
    ...PESSIMISTIC_PRICES,
  };
  const keep = options.filter ?? (() => true);
  const files: CaseFile[] = loadCaseFiles().map((f) => ({ ...f, cases: f.cases.filter((c) => keep(c.id)) }));
  const target = createLiveTarget(config, standIn);
  const plan = planLiveSpend(files, target, config);
  if (!plan.ok) throw new ContractSpendRefused(plan.lines.join('\n'));
  const validator = sharedValidator();
  try {
    return buildReport(await runSuite(target, { files, validator }), validator);
  } finally {
    await target.close();
  }
}

/**
 * Checks a response body your code received (or produced) against Twilio's OpenAPI description of `operationId`
 * (e.g. `CreateMessage`): an empty list when it conforms. Bodies must have every documented field and no other.
 */
export function validateResponse(operationId: string, status: number, body: unknown): Diagnostic[] {
  return sharedValidator().validateResponse(operationId, status, body);
}
