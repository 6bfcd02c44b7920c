// What `twilio-sim/contracts` offers another project, over the harness's own modules (no second code path): the
// suite run with credentials against live Twilio, a running twilio-sim (the simulator target, every case) or another
// stand-in at a base URL (as the live target runs it), and the response validator.
// Loaded by index.ts only after it has checked that the optional peers this needs are installed.
import { buildReport, type ContractReport } from './report/build-report.js';
import { loadCaseFiles, type CaseFile } from './suite/case-types.js';
import { runSuite } from './suite/run-suite.js';
import { planLiveSpend } from './targets/live-spend.js';
import { ACCOUNT_SID, createLiveTarget, PESSIMISTIC_PRICES, type LiveConfig } from './targets/live-target.js';
import { connectSimulatorTarget, probeSimulator } from './targets/simulator-connection.js';
import type { Target } from './targets/target.js';
import type { Diagnostic } from './validate/diagnostics.js';
import { sharedValidator } from './validate/validator.js';

export interface ContractRunOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where the requests go instead of api.twilio.com and lookups.twilio.com. Omit it to run against live Twilio.
   * When it answers GET /__sim/health as a twilio-sim, every case runs there, the control-API ones too (clock,
   * scenarios, inbound, webhooks): that resets the account between cases, so it needs `allowReset`. Anything else
   * is driven as live Twilio would be.
   */
  baseUrl?: string;
  /**
   * Consent to reset `accountSid` on the twilio-sim at `baseUrl` before every case: its messages, calls, number
   * settings, scenarios and logs go back to the fixtures, and its subaccounts are removed. Use an account that only
   * the suite uses.
   */
  allowReset?: boolean;
  /** On a twilio-sim: a second account of it, for the isolation cases (skipped without it). */
  otherAccount?: { sid: string; token: string };
  /**
   * On a twilio-sim: the host name it calls the suite's webhook receiver on, e.g. `host.docker.internal` when it
   * runs in a container. Default 127.0.0.1.
   */
  webhookHost?: string;
  /** The address the suite's webhook receiver listens on. Default 127.0.0.1; wider only for a simulator elsewhere. */
  webhookListenHost?: string;
  /**
   * Twilio's test credentials: only the free magic-number cases run. On a twilio-sim this, `from`, `to` and
   * `maxSpend` play no part: it costs nothing, and the account's own numbers are used.
   */
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

/** The simulator target on a running twilio-sim, once the caller has agreed to its resets. */
async function runningSimulator(options: ContractRunOptions, baseUrl: string): Promise<Target> {
  if (options.allowReset !== true) {
    throw new TypeError(
      `${baseUrl} is a twilio-sim: the suite resets account ${options.accountSid} there before every case (its messages, ` +
        'calls, settings and subaccounts go). Pass allowReset: true, with an account only the suite uses.',
    );
  }
  return connectSimulatorTarget({
    baseUrl,
    accountSid: options.accountSid,
    authToken: options.authToken,
    otherAccount: options.otherAccount,
    apiKey: options.apiKey,
    messagingServiceSid: options.messagingServiceSid,
    webhookHost: options.webhookHost,
    webhookListenHost: options.webhookListenHost,
  });
}

/**
 * Runs the contract suite with the given credentials and returns the report: every case's outcome, per operation
 * coverage and drift from Twilio's OpenAPI description. On live Twilio or a stand-in that is not a twilio-sim, cases
 * that need the simulator's control API (clock, scenarios, webhooks to a local receiver) are skipped.
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
  const target =
    standIn && (await probeSimulator(standIn.baseUrl))
      ? await runningSimulator(options, standIn.baseUrl)
      : createLiveTarget(config, standIn);
  const plan = planLiveSpend(files, target, config);
  if (!plan.ok) {
    await target.close();
    throw new ContractSpendRefused(plan.lines.join('\n'));
  }
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
