// IncomingPhoneNumbers: the numbers an account owns, and where their inbound traffic goes.
import { badRequest, notFound } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/index.js';
import type { AccountState } from '../../kernel/accounts.js';
import { nationalFormat, phoneFacts } from '../../kernel/phone.js';
import { type OwnedNumber, ownedNumber } from '../../kernel/types.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    'number.updated': { accountSid: string; number: OwnedNumber };
    'number.released': { accountSid: string; sid: string };
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
    if (!number) throw notFound(`Phone number ${sid} was not found`);
    return number;
  }

  /**
   * Buy a number: a given E.164 number no account holds, or (US/Canada) the first free one of an area code in the
   * 555-01xx range reserved for fiction. 21422 when it is taken; 21452 when neither is given.
   */
  buy(account: AccountState, request: { phoneNumber?: string; areaCode?: string }, change: NumberChange): OwnedNumber {
    const phoneNumber = this.#pick(request);
    const facts = phoneFacts(phoneNumber)!;
    const now = this.kernel.now(account.sid);
    const mobile = facts.type === 'MOBILE' || facts.type === 'FIXED_LINE_OR_MOBILE' || facts.country === 'US' || facts.country === 'CA';
    const number = ownedNumber(
      {
        sid: this.kernel.sids.create('PN'),
        accountSid: account.sid,
        phoneNumber,
        // Twilio names a bought number by its national format, e.g. (619) 632-4285.
        friendlyName: nationalFormat(phoneNumber),
        // Landlines take calls only; mobiles (and North American numbers) text too.
        capabilities: { voice: true, sms: mobile, mms: facts.country === 'US' || facts.country === 'CA', fax: false },
      },
      now,
    );
    account.numbers.set(number.sid, number);
    return this.update(account, number.sid, change);
  }

  /** Release a number: it stops being the account's (and can be bought again). */
  release(account: AccountState, sid: string): void {
    this.fetch(account, sid);
    account.numbers.delete(sid);
    this.kernel.events.emit({ type: 'number.released', accountSid: account.sid, sid });
  }

  #pick(request: { phoneNumber?: string; areaCode?: string }): string {
    const taken = (e164: string) => this.kernel.accounts.all().some((a) => a.numberByPhone(e164));
    if (request.phoneNumber !== undefined) {
      const facts = phoneFacts(request.phoneNumber);
      if (!facts?.valid) throw badRequest(21421, `PhoneNumber is invalid: ${request.phoneNumber}`);
      if (taken(facts.e164)) throw badRequest(21422, `PhoneNumber ${facts.e164} is not available`);
      return facts.e164;
    }
    if (request.areaCode !== undefined) {
      if (!/^[2-9][0-9]{2}$/.test(request.areaCode)) throw badRequest(21451, `Invalid AreaCode: ${request.areaCode}`);
      for (let line = 100; line < 200; line++) {
        const candidate = `+1${request.areaCode}5550${line}`;
        if (!taken(candidate)) return candidate;
      }
      throw badRequest(21422, `No phone numbers available in area code ${request.areaCode}`);
    }
    throw badRequest(21452, 'PhoneNumber or AreaCode is required');
  }

  update(account: AccountState, sid: string, change: NumberChange): OwnedNumber {
    const number = this.fetch(account, sid);
    if (change.friendlyName !== undefined && change.friendlyName.length > 64) {
      throw badRequest(21200, 'FriendlyName must be 64 characters or fewer');
    }
    Object.assign(number, change, { dateUpdated: this.kernel.now(account.sid) });
    this.kernel.events.emit({ type: 'number.updated', accountSid: account.account.sid, number });
    return number;
  }
}
