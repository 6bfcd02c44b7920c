// Resource life cycles as explicit state tables. A table says, per state, what happens next on its own (a step
// after a delay or at an instant) and which outside triggers (a queue freeing up, an API update) lead where. The
// runner arms at most one pending step per resource on the account's timers and applies each move through the
// resource's own `apply`, which sets fields and emits the event. A reader sees every transition in one table.
import type { TimerId } from './clock.js';
import type { AccountTimers } from './timers.js';

export interface Step<S extends string> {
  to: S;
  /**
   * Relative to now; 0 still goes through the clock, so the API response that caused it leaves first. With
   * neither afterMs nor atMs the move happens at once (an API update, a sender taking the message).
   */
  afterMs?: number;
  /** Absolute epoch ms; wins over afterMs. */
  atMs?: number;
  /** Twilio error code the resource carries after this step (failed / undelivered / …). */
  errorCode?: number | null;
  /**
   * For a move made now that stands for something that happened earlier (a call whose line dropped while the
   * simulator was down ends at the last instant it was heard of): the resource's own times use this instant.
   */
  happenedAt?: number;
}

export interface StateRule<S extends string, R, C> {
  /** Armed on entering the state: where the resource goes by itself, and when. Null: it waits for a trigger. */
  next?: (resource: R, context: C) => Step<S> | null;
  /** Outside events that move the resource on (they replace the armed step). */
  on?: Partial<Record<string, (resource: R, context: C) => Step<S> | null>>;
  /** No way out. */
  final?: boolean;
}

export type LifecycleTable<S extends string, R, C> = Record<S, StateRule<S, R, C>>;

export interface Tracked<S extends string> {
  sid: string;
  accountSid: string;
  status: S;
}

export class Lifecycle<S extends string, R extends Tracked<S>, C> {
  readonly #armed = new Map<string, { id: TimerId; accountSid: string }>();

  constructor(
    private readonly table: LifecycleTable<S, R, C>,
    private readonly timers: AccountTimers,
    private readonly context: C,
    /** Make the move: set the status and whatever goes with it, and emit the event. */
    private readonly apply: (resource: R, step: Step<S>, from: S) => void,
  ) {}

  /** A new resource in its first state: arm that state's own step. */
  begin(resource: R): void {
    this.#arm(resource);
  }

  /**
   * A resource read back after a restart, in the state it was in since `enteredAt`: arm that state's own step as
   * if it had been armed then (a step already due fires at once).
   */
  resume(resource: R, enteredAt: number): void {
    const step = this.table[resource.status].next?.(resource, this.context);
    if (!step) return;
    const atMs = step.atMs ?? (step.afterMs === undefined ? undefined : enteredAt + step.afterMs);
    this.#schedule(resource, atMs === undefined ? step : { ...step, atMs });
  }

  /** An outside trigger; false when the current state does not react to it. */
  trigger(resource: R, name: string): boolean {
    const rule = this.table[resource.status].on?.[name];
    const step = rule?.(resource, this.context);
    if (!step) return false;
    this.#schedule(resource, step);
    return true;
  }

  /** Move now, whatever was armed (an API update, a hang-up). */
  move(resource: R, to: S, errorCode?: number | null): void {
    this.#disarm(resource.sid);
    this.#enter(resource, { to, errorCode });
  }

  isFinal(status: S): boolean {
    return this.table[status].final === true;
  }

  /** Forget an account's armed steps without moving anything (the account was reset; its timers are gone). */
  forgetAccount(accountSid: string): void {
    for (const [sid, armed] of this.#armed) if (armed.accountSid === accountSid) this.#armed.delete(sid);
  }

  #arm(resource: R): void {
    const step = this.table[resource.status].next?.(resource, this.context);
    if (step) this.#schedule(resource, step);
  }

  #schedule(resource: R, step: Step<S>): void {
    this.#disarm(resource.sid);
    if (step.afterMs === undefined && step.atMs === undefined) {
      this.#enter(resource, step);
      return;
    }
    const from = resource.status;
    const fire = () => {
      this.#armed.delete(resource.sid);
      // A move made meanwhile (an update, a hang-up) voids this step.
      if (resource.status === from) this.#enter(resource, step);
    };
    const id =
      step.atMs !== undefined
        ? this.timers.at(resource.accountSid, step.atMs, fire)
        : this.timers.after(resource.accountSid, step.afterMs ?? 0, fire);
    this.#armed.set(resource.sid, { id, accountSid: resource.accountSid });
  }

  #enter(resource: R, step: Step<S>): void {
    const from = resource.status;
    this.apply(resource, step, from);
    this.#arm(resource);
  }

  #disarm(sid: string): void {
    const armed = this.#armed.get(sid);
    if (armed === undefined) return;
    this.timers.cancel(armed.id);
    this.#armed.delete(sid);
  }
}
