// Accounts: fetching your own account (the usual "are my credentials right?" call) and Twilio's subaccounts, which
// let one simulator host many isolated test suites. Twilio's rules: a subaccount cannot make subaccounts nor
// reach its parent; closing is permanent; at most 1,000 subaccounts per account.
import { randomBytes } from 'node:crypto';
import type { AccountState } from '../../kernel/accounts.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/index.js';
import type { AccountStatus } from '../../kernel/types.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    'account.created': { accountSid: string; ownerSid: string };
    /** Its status or friendly name changed. */
    'account.updated': { accountSid: string; status: AccountStatus };
  }
}

export const MAX_SUBACCOUNTS = 1000;
const STATUSES: readonly AccountStatus[] = ['active', 'suspended', 'closed'];

export class AccountService {
  constructor(private readonly kernel: Kernel) {}

  create(caller: AccountState, friendlyName: string | undefined): AccountState {
    if (caller.account.ownerSid !== caller.sid) throw badRequest(21101, 'A subaccount cannot create subaccounts');
    if (this.kernel.accounts.subaccountsOf(caller.sid).length >= MAX_SUBACCOUNTS) {
      throw badRequest(21480, `An account can have at most ${MAX_SUBACCOUNTS} subaccounts`);
    }
    checkName(friendlyName);
    const now = this.kernel.now(caller.sid);
    const sid = this.kernel.sids.create('AC');
    // Twilio names a new subaccount after the moment it was made unless told otherwise.
    const name = friendlyName || `SubAccount Created at ${new Date(now).toUTCString()}`;
    const sub = this.kernel.accounts.addSubaccount(caller, { sid, authToken: randomBytes(16).toString('hex'), friendlyName: name }, now);
    this.kernel.events.emit({ type: 'account.created', accountSid: sid, ownerSid: caller.sid });
    return sub;
  }

  /** The caller and its subaccounts (a subaccount sees only itself). */
  list(caller: AccountState, filter: { friendlyName?: string; status?: string }): AccountState[] {
    return [caller, ...this.kernel.accounts.subaccountsOf(caller.sid)].filter(
      (a) =>
        (filter.friendlyName === undefined || a.account.friendlyName === filter.friendlyName) &&
        (filter.status === undefined || a.account.status === filter.status),
    );
  }

  /** Your own account, or one of your subaccounts; anything else does not exist for you. */
  fetch(caller: AccountState, sid: string): AccountState {
    const found = this.kernel.accounts.get(sid);
    if (!found || (found !== caller && found.account.ownerSid !== caller.sid)) {
      throw notFound(`Account ${sid} was not found`);
    }
    return found;
  }

  update(caller: AccountState, sid: string, change: { friendlyName?: string; status?: string }): AccountState {
    const target = this.fetch(caller, sid);
    if (change.status !== undefined) {
      if (!STATUSES.includes(change.status as AccountStatus)) throw badRequest(20001, `Status must be one of ${STATUSES.join(', ')}`);
      if (target === caller && change.status !== target.account.status) {
        throw badRequest(20001, 'An account cannot change its own status; its parent can');
      }
      if (target.account.status === 'closed' && change.status !== 'closed')
        throw badRequest(21479, `Account ${sid} is closed; closing is permanent`);
    }
    checkName(change.friendlyName);
    const changed =
      (change.status !== undefined && change.status !== target.account.status) ||
      (change.friendlyName !== undefined && change.friendlyName !== target.account.friendlyName);
    if (change.friendlyName !== undefined) target.account.friendlyName = change.friendlyName;
    if (change.status !== undefined) target.account.status = change.status as AccountStatus;
    target.account.dateUpdated = this.kernel.now(target.sid);
    if (changed) this.kernel.events.emit({ type: 'account.updated', accountSid: target.sid, status: target.account.status });
    return target;
  }
}

function checkName(name: string | undefined): void {
  if (name !== undefined && name.length > 64) throw badRequest(20001, 'FriendlyName must be 64 characters or fewer');
}
