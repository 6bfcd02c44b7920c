// The simulated Do Not Call Register. It is national, so its fixture entries are one list every account sees; an
// account's own additions and removals (control API) are kept in its slot and go with a reset, so tests on
// different accounts never disturb each other — the same split as the kernel's scenario book.
import type { AccountState, Slot } from '../../kernel/accounts.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import { australianNumber } from './numbers.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    /** An account's view of the register changed: numbers added (the first 100 listed) or one taken off. */
    'dncr.register': { accountSid: string; addedCount: number; added: string[]; removed: string[] };
  }
}

/** `invalid`: the operator answers I for the number although it is well formed (an unallocated service, say). */
export type ListingStatus = 'registered' | 'invalid';

export interface Listing {
  number: string;
  status: ListingStatus;
  /** YYYY-MM-DD, when known. */
  registeredOn: string | null;
}

export interface RegisterEntry extends Listing {
  scope: 'fixtures' | 'account';
}

interface AccountListings {
  added: Map<string, Listing>;
  /** Fixture entries this account has taken off the register. */
  removed: Set<string>;
}

const LISTINGS: Slot<AccountListings> = { name: 'dncr.listings', create: () => ({ added: new Map(), removed: new Set() }) };

/** Most entries one account may add (a bulk import included); bounds memory, far above any test's needs. */
export const MAX_ACCOUNT_ENTRIES = 200_000;

export class DncrRegister {
  /** Read on first use: parsing hundreds of numbers at start would slow every cold start for a register few runs use. */
  #fixtureMap: Map<string, Listing> | undefined;
  readonly #entries: ReadonlyArray<{ number: string; registeredOn?: string | null; status?: ListingStatus }>;

  /** Fixture entries; each must be a valid Australian number. */
  constructor(
    entries: ReadonlyArray<{ number: string; registeredOn?: string | null; status?: ListingStatus }>,
    private readonly events: EventBus,
  ) {
    this.#entries = entries;
  }

  get #fixtures(): Map<string, Listing> {
    if (this.#fixtureMap) return this.#fixtureMap;
    const map = new Map<string, Listing>();
    for (const e of this.#entries) {
      const number = australianNumber(e.number);
      if (!number) throw new Error(`DNCR fixture ${e.number} is not a valid Australian number`);
      map.set(number, { number, status: e.status ?? 'registered', registeredOn: e.registeredOn ?? null });
    }
    this.#fixtureMap = map;
    return map;
  }

  /** The listing an account sees for an E.164 number, if any. */
  lookup(account: AccountState, number: string): Listing | undefined {
    const own = account.slot(LISTINGS);
    return own.added.get(number) ?? (own.removed.has(number) ? undefined : this.#fixtures.get(number));
  }

  list(account: AccountState): RegisterEntry[] {
    const own = account.slot(LISTINGS);
    const entries: RegisterEntry[] = [...own.added.values()].map((l) => ({ ...l, scope: 'account' }));
    for (const [n, l] of this.#fixtures) if (!own.added.has(n) && !own.removed.has(n)) entries.push({ ...l, scope: 'fixtures' });
    return entries.sort((a, b) => a.number.localeCompare(b.number));
  }

  /** Validate a batch first, then add it all (an import is all or nothing). */
  add(account: AccountState, inputs: readonly string[], options: { status?: ListingStatus; registeredOn?: string | null } = {}): Listing[] {
    const bad = inputs.filter((n) => australianNumber(n) === null);
    if (bad.length > 0) {
      const shown = bad
        .slice(0, 5)
        .map((n) => `'${n.slice(0, 32)}'`)
        .join(', ');
      throw badRequest(
        20001,
        `Only valid Australian numbers can be on the register; ${bad.length} not: ${shown}${bad.length > 5 ? ', …' : ''}`,
      );
    }
    const own = account.slot(LISTINGS);
    const numbers = inputs.map((n) => australianNumber(n)!);
    const fresh = new Set(numbers.filter((n) => !own.added.has(n)));
    if (own.added.size + fresh.size > MAX_ACCOUNT_ENTRIES)
      throw badRequest(20001, `An account may add at most ${MAX_ACCOUNT_ENTRIES} entries`);
    const listings = numbers.map((number) => {
      const listing: Listing = { number, status: options.status ?? 'registered', registeredOn: options.registeredOn ?? null };
      own.added.set(number, listing);
      own.removed.delete(number);
      return listing;
    });
    const added = [...new Set(numbers)];
    this.events.emit({ type: 'dncr.register', accountSid: account.sid, addedCount: added.length, added: added.slice(0, 100), removed: [] });
    return listings;
  }

  remove(account: AccountState, input: string): void {
    const number = australianNumber(input);
    if (!number || !this.lookup(account, number)) throw notFound(`${input.slice(0, 32)} is not on the register`);
    const own = account.slot(LISTINGS);
    own.added.delete(number);
    if (this.#fixtures.has(number)) own.removed.add(number);
    this.events.emit({ type: 'dncr.register', accountSid: account.sid, addedCount: 0, added: [], removed: [number] });
  }
}
