// Lookups v2 in the domain: validation for any input, and the data packages asked for. Package data per number
// comes from fixtures (every account) and the control API (the account that set it, winning over fixtures), kept
// in the kernel's scenario book so an account reset drops its own and keeps the fixtures'.
import { badRequest, notFound } from '../../kernel/errors.js';
import type { AccountState, Slot } from '../../kernel/accounts.js';
import type { Kernel } from '../../kernel/index.js';
import { numberFacts, type NumberFacts } from './numbering.js';
import { defaultPackage, withOverride, type PackageData, type PackageName, type PackageOverrides } from './packages.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    'lookup.data': { accountSid: string; phoneNumber: string; packages: PackageOverrides | null };
    /** A Lookups fetch was answered: what was asked and the gist of the answer, for the inspector's list. */
    'lookup.performed': {
      accountSid: string;
      /** E.164 when digits could be read, else the input as written (capped). */
      phoneNumber: string;
      fields: PackageName[];
      valid: boolean;
      /** line_type_intelligence's type when that package was asked, else null. */
      lineType: string | null;
    };
  }
}

export const LOOKUP = 'lookup';
/** How many of an account's lookups it can list afterwards (GET /__sim/lookups/performed): the newest are kept. */
const KEPT_LOOKUPS = 500;
const E164 = /^\+[1-9]\d{6,14}$/;
/** How much of an unreadable input an event repeats: enough to recognise it, never a whole oversized path. */
const MAX_SHOWN_INPUT = 64;

export interface LookupAnswer {
  facts: NumberFacts;
  /** The packages asked for; null for each when the number is not valid (there is nothing to look up). */
  packages: Partial<Record<PackageName, PackageData | null>>;
}

export interface LookupDataEntry {
  phoneNumber: string;
  scope: 'account' | 'fixtures';
  packages: PackageOverrides;
}

/** One answered lookup as the control API lists it (what the `lookup.performed` event says, with its time). */
export interface PerformedLookup {
  at: number;
  phoneNumber: string;
  fields: PackageName[];
  valid: boolean;
  lineType: string | null;
}

/** An account's recent lookups, oldest first; gone with an account reset like the rest of its state. */
const PERFORMED: Slot<PerformedLookup[]> = { name: 'lookups performed', create: () => [] };

export class LookupService {
  constructor(private readonly kernel: Kernel) {}

  lookup(account: AccountState, input: string, options: { fields: readonly PackageName[]; countryCode?: string }): LookupAnswer {
    const facts = numberFacts(input, options.countryCode);
    const data = facts.valid ? this.kernel.scenarios.get<PackageOverrides>(account.sid, LOOKUP, facts.phoneNumber!) : undefined;
    const packages: LookupAnswer['packages'] = {};
    for (const name of options.fields) {
      const own = data?.[name];
      packages[name] = facts.valid ? withOverride(defaultPackage(name, facts, own !== undefined), own) : null;
    }
    const lineType = packages.line_type_intelligence?.type;
    const gist = {
      phoneNumber: facts.phoneNumber ?? input.slice(0, MAX_SHOWN_INPUT),
      fields: [...options.fields],
      valid: facts.valid,
      lineType: typeof lineType === 'string' ? lineType : null,
    };
    const log = account.slot(PERFORMED);
    log.push({ at: this.kernel.now(account.sid), ...gist });
    if (log.length > KEPT_LOOKUPS) log.shift();
    this.kernel.events.emit({ type: 'lookup.performed', accountSid: account.sid, ...gist });
    return { facts, packages };
  }

  /** The account's recent lookups, oldest first (at most KEPT_LOOKUPS). */
  performed(account: AccountState): readonly PerformedLookup[] {
    return account.slot(PERFORMED);
  }

  /**
   * Fixture data, seen by every account. Fixture numbers must already be written in E.164, checked by its shape alone:
   * libphonenumber's first parse costs more start-up time than everything else the resource does, and data for a
   * well-formed number that is not a valid one is simply never reached (a lookup of it answers valid: false).
   */
  setForEveryAccount(phoneNumber: string, packages: PackageOverrides): void {
    if (!E164.test(phoneNumber))
      throw new Error(`Lookups fixture number '${phoneNumber.slice(0, 40)}' is not written in E.164 (+ and digits)`);
    this.kernel.scenarios.setForEveryAccount(LOOKUP, phoneNumber, packages);
  }

  set(account: AccountState, phoneNumber: string, packages: PackageOverrides): LookupDataEntry {
    const e164 = this.#e164(phoneNumber);
    this.kernel.scenarios.set(account.sid, LOOKUP, e164, packages);
    this.kernel.events.emit({ type: 'lookup.data', accountSid: account.sid, phoneNumber: e164, packages });
    return { phoneNumber: e164, scope: 'account', packages };
  }

  get(account: AccountState, phoneNumber: string): LookupDataEntry {
    const e164 = this.#e164(phoneNumber);
    const entry = this.list(account).find((e) => e.phoneNumber === e164);
    if (!entry) throw notFound(`No Lookups data for ${e164}`);
    return entry;
  }

  /** Forget the account's own data for a number (fixture data, if any, shows again). */
  remove(account: AccountState, phoneNumber: string): boolean {
    const e164 = this.#e164(phoneNumber);
    const removed = this.kernel.scenarios.remove(account.sid, LOOKUP, e164);
    if (removed) this.kernel.events.emit({ type: 'lookup.data', accountSid: account.sid, phoneNumber: e164, packages: null });
    return removed;
  }

  /** The account's own data, then fixture data it has not replaced. */
  list(account: AccountState): LookupDataEntry[] {
    const entries = this.kernel.scenarios.list<PackageOverrides>(account.sid, LOOKUP);
    const own = new Set(entries.filter((e) => e.scope === 'account').map((e) => e.to));
    return entries
      .filter((e) => e.scope === 'account' || !own.has(e.to))
      .map((e) => ({ phoneNumber: e.to, scope: e.scope, packages: e.scenario }));
  }

  #e164(phoneNumber: string): string {
    const facts = numberFacts(phoneNumber);
    if (!facts.valid || !phoneNumber.trim().startsWith('+'))
      throw badRequest(20001, `'${phoneNumber.slice(0, 40)}' is not a valid E.164 phone number`);
    return facts.phoneNumber!;
  }
}
