// Calls: create/fetch/list/update/delete and inbound calls. The status life cycle is the table in lifecycle.ts,
// run on the kernel's timers; CPS pacing is pacing.ts; what a call does once answered is simulator/voice, which
// listens for `call.status` and hangs the call up through hangUp().
import type { AccountState } from '../../kernel/accounts.js';
import { badRequest, notFound, TwilioError } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/index.js';
import { Lifecycle, type Step } from '../../kernel/lifecycle.js';
import { phoneFacts } from '../../kernel/phone.js';
import {
  ANSWER,
  CALL_LIFECYCLE,
  type CallLifecycleContext,
  type CallTimings,
  CANCEL,
  DEFAULT_CALL_TIMINGS,
  HANG_UP,
  LINE_DROPPED,
  LIVE_STATUSES,
  NEW_TIME_LIMIT,
  REJECT,
  REJECT_BUSY,
  SIP,
} from './lifecycle.js';
import { CallPacer, type CpsOptions, DEFAULT_CPS } from './pacing.js';
import { type CalleeScript, calleeFor } from './scenarios.js';
import { CALLS, type CallBox, type TimelineEntry } from './store.js';
import type { Call, CallInstructions, CallStatus } from './types.js';
import { type CreateCallInput, readInstructions, validateNewCall } from './validation.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    'call.created': { accountSid: string; call: Call };
    /** The call left its CPS queue and is being dialled (status still queued). */
    'call.initiated': { accountSid: string; call: Call };
    'call.status': { accountSid: string; call: Call; previous: CallStatus };
    /** New instructions for an in-progress call (an API update with Url or Twiml). */
    'call.redirected': { accountSid: string; call: Call };
    /** An API update changed the call (its callback, TimeLimit, status or instructions). */
    'call.updated': { accountSid: string; call: Call };
    'call.deleted': { accountSid: string; sid: string };
    'call.timeline': { accountSid: string; callSid: string; entry: TimelineEntry };
  }
}

export interface CallFilter {
  to?: string;
  from?: string;
  status?: CallStatus;
  parentCallSid?: string;
  /** Inclusive bounds on start_time, epoch ms. */
  startedFrom?: number;
  startedBefore?: number;
}

export interface CallOptions {
  timings?: Partial<CallTimings>;
  cps?: Partial<CpsOptions>;
}

export class CallService {
  readonly pacer: CallPacer;
  readonly #lifecycle: Lifecycle<CallStatus, Call, CallLifecycleContext>;

  constructor(
    private readonly kernel: Kernel,
    options: CallOptions = {},
  ) {
    this.pacer = new CallPacer({ ...DEFAULT_CPS, ...options.cps });
    const context: CallLifecycleContext = {
      timings: { ...DEFAULT_CALL_TIMINGS, ...options.timings },
      callee: (call) => this.calleeOf(call),
      now: (call) => kernel.now(call.accountSid),
      lastHeard: (call) => this.#lastHeard(call),
    };
    this.#lifecycle = new Lifecycle(CALL_LIFECYCLE, kernel.timers, context, (call, step, from) => this.#apply(call, step, from));
    kernel.onAccountReset((accountSid) => {
      this.pacer.resetAccount(accountSid);
      this.#lifecycle.forgetAccount(accountSid);
    });
  }

  box(account: AccountState): CallBox {
    return account.slot(CALLS);
  }

  create(account: AccountState, input: CreateCallInput): Call {
    const draft = validateNewCall(account, input);
    const now = this.kernel.now(account.sid);
    const dialAt = this.pacer.reserve(account.sid, draft.from, now);
    const call = this.#newCall(account, { ...draft, direction: 'outbound-api', status: 'queued', dialAt, now });
    this.#armDial(account, call);
    this.#lifecycle.begin(call);
    return call;
  }

  /** A call read back from the journal (`--data`): the latest record of a SID replaces the earlier. */
  restore(account: AccountState, call: Call): void {
    const box = this.box(account);
    const known = box.calls.get(call.sid);
    if (known) Object.assign(known, call);
    else box.add(call);
  }

  /** A deleted call read back from the journal. */
  forget(account: AccountState, sid: string): void {
    this.box(account).forget(sid);
  }

  /**
   * After a restore: queued calls take their CPS slots again and dial when they would have; calls that were
   * ringing or answered when the simulator stopped end as a dropped line (LINE_DROPPED in lifecycle.ts).
   */
  resume(account: AccountState): void {
    for (const call of this.box(account).calls.values()) {
      if (this.#lifecycle.isFinal(call.status)) continue;
      if (call.status === 'queued') {
        // In creation order, so each call gets back the slot it held and new calls queue behind them.
        this.pacer.reserve(account.sid, call.from, call.dialAt);
        if (call.startTime === null) this.#armDial(account, call);
        this.#lifecycle.resume(call, call.dateCreated);
      } else {
        // Noted at the instant the line is taken to have dropped, which is also where the call ends.
        this.note(account, call, { at: this.#lastHeard(call), kind: 'event', name: 'line-dropped' });
        this.#lifecycle.trigger(call, LINE_DROPPED);
      }
    }
  }

  /** A person calls one of the account's numbers: it rings there at once (inbound calls are not paced). */
  receive(account: AccountState, input: { from: string; to: string }): Call {
    const from = phoneFacts(input.from);
    if (!from) throw badRequest(21212, `Invalid 'From' Phone Number: ${input.from}`);
    const ours = account.numberByPhone(input.to);
    if (!ours) throw notFound(`The number ${input.to} is not owned by account ${account.sid}`);
    if (!ours.voiceUrl) throw badRequest(21205, `The number ${ours.phoneNumber} has no voice_url to ask for TwiML`);
    const now = this.kernel.now(account.sid);
    const instructions: CallInstructions = {
      url: ours.voiceUrl,
      method: ours.voiceMethod,
      fallbackUrl: ours.voiceFallbackUrl,
      fallbackMethod: ours.voiceFallbackMethod,
      twiml: null,
    };
    const call = this.#newCall(account, {
      to: ours.phoneNumber,
      from: from.e164,
      phoneNumberSid: ours.sid,
      instructions,
      statusCallback: ours.statusCallback,
      statusCallbackMethod: ours.statusCallbackMethod,
      statusCallbackEvents: ['completed'],
      timeoutS: 60,
      timeLimitS: 14_400,
      machineDetection: null,
      sendDigits: null,
      record: false,
      direction: 'inbound',
      status: 'ringing',
      dialAt: now,
      now,
    });
    call.startTime = now;
    // Twilio asks the voice_url while the caller hears ringing; the TwiML answers (or rejects) the call.
    this.#lifecycle.begin(call);
    return call;
  }

  /**
   * The other leg of a <Dial>: a child call (direction outbound-dial) that rings at once — <Dial> calls are not
   * paced — and goes as its callee's script says. Null when the number cannot be dialled.
   */
  dialChild(parent: Call, number: string, options: { timeoutS: number; timeLimitS: number; callerId: string | null }): Call | null {
    const account = this.kernel.accounts.get(parent.accountSid);
    const to = phoneFacts(number.trim());
    if (!account || !to?.valid) return null;
    const now = this.kernel.now(account.sid);
    const child = this.#newCall(account, {
      to: to.e164,
      // Without a callerId, the person who is on the parent call's other end shows as the caller.
      from: options.callerId ?? parent.from,
      phoneNumberSid: null,
      instructions: { url: null, method: 'POST', fallbackUrl: null, fallbackMethod: 'POST', twiml: null },
      statusCallback: null,
      statusCallbackMethod: 'POST',
      statusCallbackEvents: [],
      timeoutS: options.timeoutS,
      timeLimitS: options.timeLimitS,
      machineDetection: null,
      sendDigits: null,
      record: false,
      direction: 'outbound-dial',
      status: 'ringing',
      dialAt: now,
      now,
    });
    child.parentCallSid = parent.sid;
    child.startTime = now;
    this.#lifecycle.begin(child);
    return child;
  }

  fetch(account: AccountState, sid: string): Call {
    const call = this.box(account).calls.get(sid);
    if (!call) throw notFound(`Call ${sid} was not found`);
    return call;
  }

  list(account: AccountState, filter: CallFilter): Call[] {
    return this.box(account)
      .newestFirst()
      .filter(
        (c) =>
          (filter.to === undefined || c.to === filter.to) &&
          (filter.from === undefined || c.from === filter.from) &&
          (filter.status === undefined || c.status === filter.status) &&
          (filter.parentCallSid === undefined || c.parentCallSid === filter.parentCallSid) &&
          (filter.startedFrom === undefined || (c.startTime !== null && c.startTime >= filter.startedFrom)) &&
          (filter.startedBefore === undefined || (c.startTime !== null && c.startTime <= filter.startedBefore)),
      );
  }

  /**
   * Status=completed hangs up a live call; Status=canceled cancels a queued or ringing one and leaves an
   * in-progress one alone; new Url/Twiml redirect an in-progress call (21220 otherwise). Other fields just change.
   */
  update(
    account: AccountState,
    sid: string,
    change: {
      status?: string;
      instructions?: Pick<CreateCallInput, 'url' | 'method' | 'fallbackUrl' | 'fallbackMethod' | 'twiml'>;
      statusCallback?: string;
      statusCallbackMethod?: 'GET' | 'POST';
      timeLimitS?: number;
    },
  ): Call {
    const call = this.fetch(account, sid);
    if (change.status !== undefined && change.status !== 'completed' && change.status !== 'canceled') {
      throw badRequest(20001, `Status can be updated only to 'completed' or 'canceled', not '${change.status}'`);
    }
    const redirect = change.instructions ? readInstructions(change.instructions) : null;
    if (redirect && call.status !== 'in-progress') {
      throw badRequest(21220, `Call ${sid} is not in-progress. Cannot redirect.`);
    }
    if (change.statusCallback !== undefined) call.statusCallback = change.statusCallback || null;
    if (change.statusCallbackMethod !== undefined) call.statusCallbackMethod = change.statusCallbackMethod;
    if (change.timeLimitS !== undefined) {
      call.timeLimitS = change.timeLimitS;
      // An answered call's end is armed from its TimeLimit: arm it again.
      if (call.status === 'in-progress') this.#lifecycle.trigger(call, NEW_TIME_LIMIT);
    }
    if (change.status === 'completed' && LIVE_STATUSES.has(call.status)) this.#lifecycle.trigger(call, HANG_UP);
    else if (change.status === 'canceled') this.#lifecycle.trigger(call, CANCEL);
    else if (change.status !== undefined && !LIVE_STATUSES.has(call.status)) {
      throw badRequest(21220, `Call ${sid} is already ${call.status}.`);
    }
    if (redirect && call.status === 'in-progress') {
      call.instructions = redirect;
      this.note(account, call, { kind: 'event', name: 'redirected', detail: { url: redirect.url, twiml: redirect.twiml } });
      this.kernel.events.emit({ type: 'call.redirected', accountSid: account.sid, call });
    }
    call.dateUpdated = this.kernel.now(call.accountSid);
    this.kernel.events.emit({ type: 'call.updated', accountSid: account.sid, call });
    return call;
  }

  delete(account: AccountState, sid: string): void {
    const call = this.fetch(account, sid);
    if (!this.#lifecycle.isFinal(call.status)) {
      throw new TwilioError(20009, 400, `Cannot delete call ${sid}: it is '${call.status}' and has not completed yet`);
    }
    this.box(account).forget(sid);
    this.kernel.events.emit({ type: 'call.deleted', accountSid: account.sid, sid });
  }

  /** The TwiML ended, a <Hangup>/<Reject> ran, or the caller's app hung up: the call ends as completed. */
  hangUp(call: Call, reason: string): void {
    const account = this.kernel.accounts.get(call.accountSid);
    if (!account || !LIVE_STATUSES.has(call.status)) return;
    this.note(account, call, { kind: 'event', name: 'hang-up', detail: { reason } });
    this.#lifecycle.trigger(call, HANG_UP);
  }

  /** An inbound call's TwiML started running: the call is answered. */
  answer(call: Call): void {
    if (call.status === 'ringing') this.#lifecycle.trigger(call, ANSWER);
  }

  /** An inbound call's TwiML began with <Reject>: it is never answered. */
  reject(call: Call, reason: 'busy' | 'rejected'): void {
    if (call.status === 'ringing') this.#lifecycle.trigger(call, reason === 'busy' ? REJECT_BUSY : REJECT);
  }

  /** Who is on the other end: the person called (outbound) or the person calling in (inbound). */
  calleeOf(call: Call): CalleeScript {
    return calleeFor(this.kernel.scenarios, call.accountSid, call.direction === 'inbound' ? call.from : call.to);
  }

  timeline(account: AccountState, sid: string): TimelineEntry[] {
    return this.box(account).timeline(this.fetch(account, sid).sid);
  }

  /** An entry on the call's timeline, at now unless it says when. */
  note(account: AccountState, call: Call, entry: Omit<TimelineEntry, 'at'> & { at?: number }): void {
    const full = { ...entry, at: entry.at ?? this.kernel.now(account.sid) };
    this.box(account).note(call.sid, full);
    this.kernel.events.emit({ type: 'call.timeline', accountSid: account.sid, callSid: call.sid, entry: full });
  }

  /** At its CPS slot the call leaves the queue: `initiated` (the status stays queued until it rings). */
  #armDial(account: AccountState, call: Call): void {
    this.kernel.timers.at(account.sid, call.dialAt, () => {
      if (call.status !== 'queued') return;
      call.startTime = this.kernel.now(account.sid);
      this.note(account, call, { kind: 'event', name: 'initiated' });
      this.kernel.events.emit({ type: 'call.initiated', accountSid: account.sid, call });
    });
  }

  #lastHeard(call: Call): number {
    const account = this.kernel.accounts.get(call.accountSid);
    const timeline = account ? this.box(account).timeline(call.sid) : [];
    return Math.max(call.dateUpdated, timeline.at(-1)?.at ?? 0);
  }

  #newCall(
    account: AccountState,
    fields: Omit<
      Call,
      | 'sid'
      | 'accountSid'
      | 'parentCallSid'
      | 'answeredBy'
      | 'sipResponseCode'
      | 'queueTimeMs'
      | 'startTime'
      | 'answerTime'
      | 'endTime'
      | 'durationS'
      | 'price'
      | 'priceUnit'
      | 'dateCreated'
      | 'dateUpdated'
      | 'callbacksSent'
    > & { now: number },
  ): Call {
    const { now, ...rest } = fields;
    const call: Call = {
      ...rest,
      sid: this.kernel.sids.create('CA'),
      accountSid: account.sid,
      parentCallSid: null,
      answeredBy: null,
      sipResponseCode: null,
      queueTimeMs: fields.dialAt - now,
      startTime: null,
      answerTime: null,
      endTime: null,
      durationS: null,
      price: null,
      priceUnit: account.account.currency,
      dateCreated: now,
      dateUpdated: now,
      callbacksSent: 0,
    };
    this.box(account).add(call);
    this.note(account, call, { kind: 'status', name: call.status });
    this.kernel.events.emit({ type: 'call.created', accountSid: account.sid, call });
    return call;
  }

  /** One move of the life cycle table, with what goes with it. */
  #apply(call: Call, step: Step<CallStatus>, from: CallStatus): void {
    const now = this.kernel.now(call.accountSid);
    const at = step.happenedAt ?? now;
    const to = step.to;
    if (to === 'in-progress') {
      call.answerTime = now;
      if (call.machineDetection) call.answeredBy = detected(call.machineDetection, this.calleeOf(call).answeredBy);
    }
    if (CALL_LIFECYCLE[to].final) {
      call.endTime = at;
      if (call.startTime === null && to !== 'canceled') call.startTime = at;
      call.sipResponseCode = sipFor(to, from);
      const answered = call.answerTime !== null;
      const seconds = answered ? Math.round((at - call.answerTime!) / 1000) : 0;
      call.durationS = answered ? seconds : null;
      // Twilio bills answered outbound calls per started minute; anything else costs nothing.
      const rate = call.direction === 'inbound' ? 0 : this.kernel.prices.outboundCall(phoneFacts(call.to)?.country ?? null, seconds);
      call.price = answered ? -rate : 0;
    }
    call.status = to;
    call.dateUpdated = now;
    const account = this.kernel.accounts.get(call.accountSid);
    if (account) this.note(account, call, { kind: 'status', name: to });
    this.kernel.events.emit({ type: 'call.status', accountSid: call.accountSid, call, previous: from });
  }
}

/**
 * What Twilio's AMD reports for a scripted callee. `Enable` answers as soon as it knows (machine_start), never
 * with a machine_end_* value; `DetectMessageEnd` waits for the greeting to end, so a machine is machine_end_*.
 */
function detected(mode: string, scripted: string): string {
  const machineEnd = scripted.startsWith('machine_end_');
  if (mode === 'Enable') return machineEnd ? 'machine_start' : scripted;
  return scripted === 'machine_start' ? 'machine_end_other' : scripted;
}

function sipFor(to: CallStatus, from: CallStatus): number {
  if (to === 'busy') return SIP.busy;
  if (to === 'failed') return SIP.notFound;
  // The caller (Timeout, an update) ended the INVITE: 487 Request Terminated.
  if (to === 'no-answer' || to === 'canceled') return SIP.requestTerminated;
  return from === 'in-progress' ? SIP.ok : SIP.requestTerminated;
}
