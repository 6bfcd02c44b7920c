// IncomingPhoneNumbers: the numbers an account owns, and where their inbound traffic goes.
import { badRequest, notFound } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/index.js';
import type { AccountState } from '../../kernel/accounts.js';
import type { OwnedNumber } from '../../kernel/types.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    'number.updated': { accountSid: string; number: OwnedNumber };
  }
}

export type NumberChange = Partial<
  Pick<
    OwnedNumber,
    | 'friendlyName'
    | 'smsUrl'
    | 'smsMethod'
    | 'smsFallbackUrl'
    | 'smsFallbackMethod'
    | 'voiceUrl'
    | 'voiceMethod'
    | 'voiceFallbackUrl'
    | 'voiceFallbackMethod'
    | 'voiceCallerIdLookup'
    | 'statusCallback'
    | 'statusCallbackMethod'
  >
>;

export interface NumberFilter {
  phoneNumber?: string;
  friendlyName?: string;
}

export class NumberService {
  constructor(private readonly kernel: Kernel) {}

  list(account: AccountState, filter: NumberFilter): OwnedNumber[] {
    return [...account.numbers.values()].filter(
      (n) =>
        (filter.phoneNumber === undefined || n.phoneNumber.includes(filter.phoneNumber.replace(/[^0-9+*]/g, ''))) &&
        (filter.friendlyName === undefined || n.friendlyName === filter.friendlyName),
    );
  }

  fetch(account: AccountState, sid: string): OwnedNumber {
    const number = account.numbers.get(sid);
    if (!number)
      throw notFound(`The requested resource /2010-04-01/Accounts/${account.account.sid}/IncomingPhoneNumbers/${sid}.json was not found`);
    return number;
  }

  update(account: AccountState, sid: string, change: NumberChange): OwnedNumber {
    const number = this.fetch(account, sid);
    if (change.friendlyName !== undefined && change.friendlyName.length > 64) {
      throw badRequest(21200, 'FriendlyName must be 64 characters or fewer');
    }
    Object.assign(number, change, { dateUpdated: this.kernel.clock.now() });
    this.kernel.events.emit({ type: 'number.updated', accountSid: account.account.sid, number });
    return number;
  }
}
