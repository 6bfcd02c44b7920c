// What the simulated washing service assumes about the register operator's real one, in one place: operation and
// field names (as in fixtures/dncr/wash-service.wsdl), result letters, return codes and limits. The operator's
// integration guide sits behind its portal, so these are as reported (2026-11), not publicly verifiable. The
// production client keeps its own copy in src/dncr/wash-service-spec.ts (src/ and simulator/ never import each
// other); test/e2e/dncr-protocol.test.ts checks that the two and the WSDL agree.

export const OPERATIONS = { balance: 'GetAccountBalance', wash: 'WashNumbers', result: 'GetWashResult' } as const;
export type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS];
export const OPERATION_NAMES: readonly Operation[] = Object.values(OPERATIONS);

/** Most numbers one wash may carry, and what the operator recommends. */
export const MAX_BATCH = 500;
export const RECOMMENDED_BATCH = 200;

/** Y registered, N not registered, I invalid (still costs a credit). */
export type WashLetter = 'Y' | 'N' | 'I';

export const RETURN_CODES = {
  ok: 0,
  /** Credentials or numbers missing (the simulator also answers 1 for a wrong user or password, and for > 500 numbers). */
  missing: 1,
  referenceNotFound: 2,
  /** Telemarketer account unknown or suspended. */
  accountSuspended: 3,
  /** On a wash: subscription expired. On a result: not finished yet. */
  expiredOrPending: 4,
  noBalance: 5,
} as const;
