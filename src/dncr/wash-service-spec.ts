// Everything the adapter assumes about the register operator's washing service, in one place. The operator's
// integration guide sits behind its portal, so these names, codes and limits are as reported (2026-11) and not
// publicly verifiable: override them through SoapWashAdapterOptions.spec once you have the real guide.
import {
  DncrAccountSuspendedError,
  DncrCredentialsError,
  DncrNoBalanceError,
  DncrReferenceNotFoundError,
  DncrResultPendingError,
  DncrSubscriptionExpiredError,
  type DncrReturnCodeError,
} from './errors.js';
import type { DncrStatus } from './port.js';

type ReturnCodeErrorClass = new (operation: string, code: number, meaning: string) => DncrReturnCodeError;

export interface WashServiceSpec {
  operations: { balance: string; wash: string; result: string };
  /** Request fields. */
  fields: {
    telemarketerId: string;
    userId: string;
    password: string;
    clientReference: string;
    numbers: string;
    /** The repeated element inside `numbers`. */
    number: string;
  };
  /** Response fields. */
  response: { returnCode: string; balance: string; results: string; washedNumber: string; number: string; result: string };
  /** Result letter → status. */
  statuses: Readonly<Record<string, DncrStatus>>;
  /** Most numbers one wash may carry, and the number the operator recommends. */
  maxBatch: number;
  recommendedBatch: number;
  /** Non-zero return codes: what they mean and which error they raise, per kind of operation. */
  returnCodes: Readonly<
    Record<number, { meaning: string; error: ReturnCodeErrorClass; onResult?: { meaning: string; error: ReturnCodeErrorClass } }>
  >;
}

export const DEFAULT_WASH_SERVICE_SPEC: WashServiceSpec = {
  operations: { balance: 'GetAccountBalance', wash: 'WashNumbers', result: 'GetWashResult' },
  fields: {
    telemarketerId: 'TelemarketerId',
    userId: 'UserId',
    password: 'Password',
    clientReference: 'ClientReferenceId',
    numbers: 'Numbers',
    number: 'Number',
  },
  response: {
    returnCode: 'ReturnCode',
    balance: 'Balance',
    results: 'Results',
    washedNumber: 'WashedNumber',
    number: 'Number',
    result: 'Result',
  },
  statuses: { Y: 'registered', N: 'notRegistered', I: 'invalid' },
  maxBatch: 500,
  recommendedBatch: 200,
  returnCodes: {
    1: { meaning: 'credentials or numbers missing', error: DncrCredentialsError },
    2: { meaning: 'client reference not found', error: DncrReferenceNotFoundError },
    3: { meaning: 'account missing or suspended', error: DncrAccountSuspendedError },
    4: {
      meaning: 'subscription expired',
      error: DncrSubscriptionExpiredError,
      onResult: { meaning: 'wash result not finished', error: DncrResultPendingError },
    },
    5: { meaning: 'no wash credits left', error: DncrNoBalanceError },
  },
};
