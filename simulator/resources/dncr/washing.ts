// The register operator's real-time washing service, simulated: balance in credits, wash a list under a client
// reference, fetch a wash result by reference; each number Y, N or I for a credit each; return codes 0–5. Answers
// are plain data — the SOAP and JSON faces (soap-endpoint.ts, json-endpoint.ts) only translate. Time comes from the
// kernel's clock; state lives in the account's slot, so a reset restores the fixture's credits.
import type { AccountState, Slot } from '../../kernel/accounts.js';
import type { Kernel } from '../../kernel/index.js';
import { type Operation, MAX_BATCH, OPERATIONS, RETURN_CODES, type WashLetter } from './protocol.js';
import { australianNumber } from './numbers.js';
import type { DncrRegister } from './register.js';
import { type FaultSpec, WashFaults } from './faults.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    'dncr.washed': { accountSid: string; clientReferenceId: string; count: number; registered: number; invalid: number };
    'dncr.washer': { accountSid: string; credits: number; status: SubscriptionStatus; resultDelayMs: number };
  }
}

/** One telemarketer's login at the washing service, tied to a simulator account (fixtures/dncr/washers.json). */
export interface WasherConfig {
  accountSid: string;
  telemarketerId: string;
  userId: string;
  password: string;
  credits: number;
}

export type SubscriptionStatus = 'active' | 'suspended' | 'expired';

export interface Credentials {
  telemarketerId?: string;
  userId?: string;
  password?: string;
}

export interface WashedNumber {
  /** As the caller wrote it. */
  number: string;
  result: WashLetter;
}

export interface WashAnswer {
  returnCode: number;
  balance?: number;
  clientReferenceId?: string;
  results?: WashedNumber[];
}

export interface WashRequest {
  credentials: Credentials;
  clientReferenceId?: string;
  numbers?: readonly string[];
}

interface StoredWash {
  at: number;
  readyAt: number;
  results: WashedNumber[];
}

interface WasherState {
  config: WasherConfig;
  credits: number;
  status: SubscriptionStatus;
  /** 0: results come back with the wash. More: the wash answers without results, GetWashResult says 4 until then. */
  resultDelayMs: number;
  washes: Map<string, StoredWash>;
  log: Array<{ clientReferenceId: string; count: number; registered: number; invalid: number; at: number }>;
  faults: WashFaults;
}

/** Raised when a fault says the service is down: the faces answer as an unreachable gateway would. */
export class WashServiceDown extends Error {}

// Bounds on what one account's washing keeps; the oldest go first.
const KEPT_WASHES = 10_000;
const MAX_REFERENCE = 100;

export class WashingService {
  readonly #byTelemarketer = new Map<string, WasherConfig>();
  readonly #slot: Slot<WasherState | null>;

  constructor(
    private readonly kernel: Kernel,
    private readonly register: DncrRegister,
    washers: readonly WasherConfig[],
  ) {
    for (const w of washers) this.#byTelemarketer.set(w.telemarketerId, w);
    const byAccount = new Map(washers.map((w) => [w.accountSid, w]));
    this.#slot = {
      name: 'dncr.washer',
      create: (account) => {
        const config = byAccount.get(account.sid);
        if (!config) return null;
        return {
          config,
          credits: config.credits,
          status: 'active',
          resultDelayMs: 0,
          washes: new Map(),
          log: [],
          faults: new WashFaults(),
        };
      },
    };
  }

  /** One operation as the service performs it: injected faults first, then the operation itself. */
  async perform(operation: Operation, request: WashRequest): Promise<WashAnswer> {
    const state = this.#stateOf(request.credentials.telemarketerId);
    const fault = state?.faults.take(operation);
    if (fault?.kind === 'down') throw new WashServiceDown('the washing service is down (injected fault)');
    if (fault?.kind === 'slow')
      await new Promise<void>((resolve) => void this.kernel.clockOf(state!.config.accountSid).after(fault.delayMs, resolve));
    if (fault?.kind === 'returnCode') return { returnCode: fault.returnCode };
    if (operation === OPERATIONS.balance) return this.balance(request.credentials);
    if (operation === OPERATIONS.wash) return this.wash(request.credentials, request.clientReferenceId, request.numbers);
    return this.result(request.credentials, request.clientReferenceId);
  }

  balance(credentials: Credentials): WashAnswer {
    const state = this.#authorise(credentials);
    if (typeof state === 'number') return { returnCode: state };
    return { returnCode: RETURN_CODES.ok, balance: state.credits };
  }

  wash(credentials: Credentials, clientReferenceId: string | undefined, numbers: readonly string[] | undefined): WashAnswer {
    const state = this.#authorise(credentials);
    if (typeof state === 'number') return { returnCode: state };
    if (!clientReferenceId || clientReferenceId.length > MAX_REFERENCE) return { returnCode: RETURN_CODES.missing };
    if (!numbers || numbers.length === 0 || numbers.length > MAX_BATCH) return { returnCode: RETURN_CODES.missing };
    if (state.status === 'expired') return { returnCode: RETURN_CODES.expiredOrPending };
    if (state.credits < numbers.length) return { returnCode: RETURN_CODES.noBalance };
    const account = this.kernel.accounts.get(state.config.accountSid)!;
    const results = numbers.map((n) => ({ number: n.trim(), result: this.#letter(account, n) }));
    state.credits -= numbers.length; // invalid numbers cost a credit too
    const now = this.kernel.now(state.config.accountSid);
    state.washes.delete(clientReferenceId);
    state.washes.set(clientReferenceId, { at: now, readyAt: now + state.resultDelayMs, results });
    if (state.washes.size > KEPT_WASHES) state.washes.delete(state.washes.keys().next().value!);
    const count = (letter: WashLetter) => results.filter((r) => r.result === letter).length;
    const washed = { clientReferenceId, count: results.length, registered: count('Y'), invalid: count('I') };
    state.log.push({ ...washed, at: now });
    if (state.log.length > KEPT_WASHES) state.log.shift();
    this.kernel.events.emit({ type: 'dncr.washed', accountSid: account.sid, ...washed });
    if (state.resultDelayMs > 0) return { returnCode: RETURN_CODES.ok, clientReferenceId };
    return { returnCode: RETURN_CODES.ok, clientReferenceId, results };
  }

  result(credentials: Credentials, clientReferenceId: string | undefined): WashAnswer {
    const state = this.#authorise(credentials);
    if (typeof state === 'number') return { returnCode: state };
    if (!clientReferenceId) return { returnCode: RETURN_CODES.missing };
    const wash = state.washes.get(clientReferenceId);
    if (!wash) return { returnCode: RETURN_CODES.referenceNotFound };
    if (this.kernel.now(state.config.accountSid) < wash.readyAt) return { returnCode: RETURN_CODES.expiredOrPending };
    return { returnCode: RETURN_CODES.ok, clientReferenceId, results: wash.results };
  }

  // --- the simulator's own view (control API) ---

  /** The account's login, credits, subscription and recent washes; null when the fixtures give it no login. */
  washer(account: AccountState) {
    const state = account.slot(this.#slot);
    if (!state) return null;
    const { telemarketerId, userId, password } = state.config;
    return {
      telemarketerId,
      userId,
      password,
      credits: state.credits,
      status: state.status,
      resultDelayMs: state.resultDelayMs,
      washes: state.log.map((w) => ({ ...w, at: new Date(w.at).toISOString() })),
      faults: state.faults.list(),
    };
  }

  configure(account: AccountState, change: { credits?: number; status?: SubscriptionStatus; resultDelayMs?: number }): void {
    const state = this.#own(account);
    if (change.credits !== undefined) state.credits = change.credits;
    if (change.status !== undefined) state.status = change.status;
    if (change.resultDelayMs !== undefined) state.resultDelayMs = change.resultDelayMs;
    const { credits, status, resultDelayMs } = state;
    this.kernel.events.emit({ type: 'dncr.washer', accountSid: account.sid, credits, status, resultDelayMs });
  }

  addFault(account: AccountState, spec: FaultSpec) {
    return this.#own(account).faults.add(spec);
  }

  clearFaults(account: AccountState): void {
    this.#own(account).faults.clear();
  }

  #own(account: AccountState): WasherState {
    const state = account.slot(this.#slot);
    if (!state) throw new WashServiceNotConfigured(account.sid);
    return state;
  }

  #stateOf(telemarketerId: string | undefined): WasherState | null {
    const config = telemarketerId === undefined ? undefined : this.#byTelemarketer.get(telemarketerId);
    const account = config && this.kernel.accounts.get(config.accountSid);
    return account ? account.slot(this.#slot) : null;
  }

  /** The account's state, or the return code that refuses the caller. */
  #authorise(c: Credentials): WasherState | number {
    if (!c.telemarketerId || !c.userId || !c.password) return RETURN_CODES.missing;
    const state = this.#stateOf(c.telemarketerId);
    if (!state) return RETURN_CODES.accountSuspended; // no such telemarketer account
    if (c.userId !== state.config.userId || c.password !== state.config.password) return RETURN_CODES.missing;
    if (state.status === 'suspended') return RETURN_CODES.accountSuspended;
    return state;
  }

  #letter(account: AccountState, input: string): WashLetter {
    const number = australianNumber(input);
    if (!number) return 'I';
    const listing = this.register.lookup(account, number);
    return listing === undefined ? 'N' : listing.status === 'invalid' ? 'I' : 'Y';
  }
}

/** The account has no washing-service login in the fixtures. */
export class WashServiceNotConfigured extends Error {
  constructor(readonly accountSid: string) {
    super(`account ${accountSid} has no DNCR washing-service login (fixtures/dncr/washers.json)`);
  }
}
