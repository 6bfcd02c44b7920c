// Per-account state, keyed by AccountSid (the shard key if accounts ever spread over processes). Nothing here is
// shared between accounts, so one account can never see another's resources. The kernel keeps what every
// resource needs (the account, its numbers and Messaging Services); each resource keeps its own records in a
// slot of the account, so resetting an account is replacing one object.
import type { AccountFixture, Fixtures, TwimlAppFixture } from './fixture-types.js';
import { type Account, type MessagingService, type OwnedNumber, ownedNumber } from './types.js';

/** A resource's per-account storage: made on first use, gone with the account's state. */
export interface Slot<T> {
  readonly name: string;
  create(account: AccountState): T;
}

export class AccountState {
  readonly numbers = new Map<string, OwnedNumber>();
  readonly messagingServices = new Map<string, MessagingService>();
  /** TwiML Apps by SID (from fixtures): what a call's ApplicationSid points at. */
  readonly applications = new Map<string, TwimlAppFixture>();
  readonly #slots = new Map<Slot<unknown>, unknown>();

  constructor(readonly account: Account) {}

  get sid(): string {
    return this.account.sid;
  }

  slot<T>(slot: Slot<T>): T {
    let value = this.#slots.get(slot) as T | undefined;
    if (value === undefined) {
      value = slot.create(this);
      this.#slots.set(slot, value);
    }
    return value;
  }

  numberByPhone(phoneNumber: string): OwnedNumber | undefined {
    for (const number of this.numbers.values()) if (number.phoneNumber === phoneNumber) return number;
    return undefined;
  }

  /** The Messaging Service whose sender pool holds this number, if any. */
  serviceOfSender(phoneNumber: string): MessagingService | undefined {
    for (const service of this.messagingServices.values()) if (service.senders.includes(phoneNumber)) return service;
    return undefined;
  }
}

export class Accounts {
  readonly #accounts = new Map<string, AccountState>();
  readonly #keyOwners = new Map<string, string>();
  readonly #fixtures = new Map<string, AccountFixture>();

  constructor(
    private readonly fixtures: Fixtures,
    now: number,
  ) {
    for (const fixture of fixtures.accounts) {
      this.#fixtures.set(fixture.sid, fixture);
      this.#add(fixture, now);
    }
  }

  /** The main accounts (a full reset restores them, and with them drops every subaccount). */
  fixtureSids(): string[] {
    return [...this.#fixtures.values()].filter((f) => f.ownerSid === undefined).map((f) => f.sid);
  }

  /**
   * Put one account back as its fixture describes it (a subaccount: as it was made). Its subaccounts go with it:
   * they are part of its state. Returns the SIDs of the subaccounts removed.
   */
  reset(accountSid: string, now: number): string[] {
    const fixture = this.#fixtures.get(accountSid);
    const removed = this.subaccountsOf(accountSid).map((sub) => sub.sid);
    for (const sid of removed) this.#remove(sid);
    if (fixture) this.#add(fixture, now);
    return removed;
  }

  /** A new subaccount of `parent`, with its own SID and auth token. */
  addSubaccount(parent: AccountState, sub: { sid: string; authToken: string; friendlyName: string }, now: number): AccountState {
    const fixture: AccountFixture = { ...sub, currency: parent.account.currency, ownerSid: parent.sid };
    this.#fixtures.set(sub.sid, fixture);
    return this.#add(fixture, now);
  }

  subaccountsOf(parentSid: string): AccountState[] {
    return this.all().filter((a) => a.account.ownerSid === parentSid && a.sid !== parentSid);
  }

  get(accountSid: string): AccountState | undefined {
    return this.#accounts.get(accountSid);
  }

  all(): AccountState[] {
    return [...this.#accounts.values()];
  }

  /** HTTP Basic credentials: AccountSid:AuthToken, or an API key SID:secret of that account. */
  authenticate(username: string, password: string): AccountState | undefined {
    const direct = this.#accounts.get(username);
    // A suspended or closed account's credentials no longer open anything.
    if (direct) return direct.account.status === 'active' && safeEqual(direct.account.authToken, password) ? direct : undefined;
    const ownerSid = this.#keyOwners.get(username);
    const owner = ownerSid ? this.#accounts.get(ownerSid) : undefined;
    const key = owner?.account.apiKeys.find((k) => k.sid === username);
    return key && safeEqual(key.secret, password) ? owner : undefined;
  }

  #remove(sid: string): void {
    this.#accounts.delete(sid);
    this.#fixtures.delete(sid);
  }

  #add(fixture: AccountFixture, now: number): AccountState {
    const state = new AccountState({
      sid: fixture.sid,
      authToken: fixture.authToken,
      friendlyName: fixture.friendlyName ?? fixture.sid,
      currency: fixture.currency ?? this.fixtures.prices.currency,
      apiKeys: fixture.apiKeys ?? [],
      ownerSid: fixture.ownerSid ?? fixture.sid,
      status: 'active',
      dateCreated: now,
      dateUpdated: now,
    });
    for (const key of state.account.apiKeys) this.#keyOwners.set(key.sid, fixture.sid);
    for (const n of fixture.numbers ?? []) {
      state.numbers.set(
        n.sid,
        ownedNumber(
          {
            sid: n.sid,
            accountSid: fixture.sid,
            phoneNumber: n.phoneNumber,
            friendlyName: n.friendlyName ?? n.phoneNumber,
            capabilities: { voice: true, sms: true, mms: false, fax: false, ...n.capabilities },
            smsUrl: n.smsUrl ?? null,
            voiceUrl: n.voiceUrl ?? null,
          },
          now,
        ),
      );
    }
    for (const service of fixture.messagingServices ?? []) {
      state.messagingServices.set(service.sid, {
        sid: service.sid,
        friendlyName: service.friendlyName ?? service.sid,
        senders: service.senders,
      });
    }
    for (const app of fixture.applications ?? []) state.applications.set(app.sid, app);
    this.#accounts.set(fixture.sid, state);
    return state;
  }
}

/** Constant-time string comparison, so credential checks don't leak how many leading characters matched. */
function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
