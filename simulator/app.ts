// The composition root. A Simulator is the kernel (domain state and time), the resources built on it, webhook
// delivery and the control surface — everything but a transport. It answers transport-neutral WireRequests;
// http/ serves it on a port, msw/ in process. Adding a resource is one line in RESOURCES below.
import { DEFAULT_VIRTUAL_EPOCH, RealClock, VirtualClock, type Clock } from './kernel/clock.js';
import { SimulatorControl } from './control/control.js';
import { FaultBook } from './control/faults.js';
import { ControlApi, isPublicControlRoute } from './control/routes.js';
import type { AccountState } from './kernel/accounts.js';
import type { Fixtures } from './kernel/fixture-types.js';
import { Kernel } from './kernel/index.js';
import { defaultFixturesDir, loadFixtures } from './fixtures.js';
import { RestApi } from './rest-api.js';
import { accountsResource } from './resources/accounts/index.js';
import { AccountService } from './resources/accounts/model.js';
import { callsResource, type CallsResource } from './resources/calls/index.js';
import type { CallOptions } from './resources/calls/model.js';
import { messagesResource, type MessagesResource } from './resources/messages/index.js';
import type { MessageTimings } from './resources/messages/lifecycle.js';
import type { PacingOptions } from './resources/messages/sender-queue.js';
import { dncrResource } from './resources/dncr/index.js';
import { lookupsResource } from './resources/lookups/index.js';
import { numbersResource } from './resources/numbers/index.js';
import type { Phone } from './phones/phone.js';
import { phonesResource, type PhonesResource } from './phones/index.js';
import type { Resource, ServiceMount } from './resources/resource.js';
import { type Journal, openJournal } from './journal/index.js';
import { WebhookDispatcher, type WebhookTransport } from './webhooks/index.js';
import { type MediaStreamOptions, mediaStreamsResource, type MediaStreamsResource } from './voice/streams/index.js';
import { basicCredentials } from './wire/auth.js';
import type { WireRequest, WireResponse } from './wire/types.js';

export interface SimulatorOptions {
  /** 'virtual' (default for programmatic use: time moves only when told), 'real', or your own Clock. */
  clock?: 'virtual' | 'real' | Clock;
  /** With clock 'real': simulated seconds per real second. */
  speed?: number;
  /** Folder with accounts.json, prices.json, scenarios.json. Default: this package's fixtures/. */
  fixturesDir?: string;
  /** Already-loaded fixtures (wins over fixturesDir). */
  fixtures?: Fixtures;
  /** Same seed, same SIDs, run to run. Default: random per run, so SIDs never repeat across restarts. */
  seed?: number;
  timings?: Partial<MessageTimings>;
  pacing?: Partial<PacingOptions>;
  /** Call timings and CPS (accountCps, perNumberCps). */
  calls?: CallOptions;
  /** Media Streams: a CA for wss:// agents, handshake timeout, message size; `audioDir` for callee clips (default fixtures/audio). */
  streams?: MediaStreamOptions & { audioDir?: string };
  env?: NodeJS.ProcessEnv;
  /**
   * A folder to keep state in across restarts: every change is journaled there and replayed at start (messages
   * and queued calls resume; ringing or answered calls end as dropped lines; subaccounts keep their own clocks).
   * Without it nothing is written.
   */
  data?: string;
  /** Replaces the real network for webhooks (a test double, an in-process receiver). */
  webhookTransport?: WebhookTransport;
}

export interface SimulatorAccount {
  sid: string;
  authToken: string;
  numbers: string[];
}

function makeClock(option: SimulatorOptions['clock'], speed?: number, resumeAt?: number | null): Clock {
  if (option === 'real') return new RealClock({ speed });
  // A journaled virtual timeline goes on from where it stopped, never back before what it recorded.
  if (option === undefined || option === 'virtual')
    return new VirtualClock(resumeAt ? { startAt: Math.max(resumeAt, DEFAULT_VIRTUAL_EPOCH) } : {});
  return option;
}

export class Simulator {
  readonly kernel: Kernel;
  readonly clock: Clock;
  readonly dispatcher: WebhookDispatcher;
  readonly faults = new FaultBook();
  readonly messages: MessagesResource;
  readonly calls: CallsResource;
  readonly accountService: AccountService;
  readonly phones: PhonesResource;
  readonly mediaStreams: MediaStreamsResource;
  readonly resources: readonly Resource[];
  readonly accounts: SimulatorAccount[];
  /** In-process control of the default account (advance time, inbound SMS, scenarios, faults, logs). */
  readonly control: SimulatorControl;
  readonly #rest: RestApi;
  readonly #controlApi: ControlApi;
  readonly #services: readonly ServiceMount[];
  readonly #journal: Journal | undefined;

  constructor(options: SimulatorOptions = {}) {
    const fixtures = options.fixtures ?? loadFixtures(options.fixturesDir, options.env);
    this.#journal = options.data === undefined ? undefined : openJournal(options.data);
    this.clock = makeClock(options.clock, options.speed, this.#journal?.lastTime);
    this.kernel = new Kernel({ clock: this.clock, fixtures, seed: options.seed });
    this.dispatcher = new WebhookDispatcher({
      clock: this.clock,
      clockOf: (accountSid) => this.kernel.clockOf(accountSid),
      transport: options.webhookTransport,
    });
    this.kernel.onAccountReset((accountSid) => {
      this.dispatcher.clear(accountSid);
      this.faults.clear(accountSid);
    });

    this.messages = messagesResource(this.kernel, this.dispatcher, { timings: options.timings, pacing: options.pacing });
    this.calls = callsResource(this.kernel, this.dispatcher, options.calls);
    this.phones = phonesResource(this.kernel, this.messages, this.calls);
    const fixturesDir = options.fixturesDir ?? defaultFixturesDir();
    this.mediaStreams = mediaStreamsResource(this.kernel, this.dispatcher, this.calls, { ...options.streams, fixturesDir });
    this.accountService = new AccountService(this.kernel);
    // ← one line per resource
    this.resources = [
      this.messages,
      this.calls,
      numbersResource(this.kernel),
      accountsResource(this.accountService),
      lookupsResource(this.kernel, { fixturesDir: options.fixturesDir }),
      dncrResource(this.kernel, { fixturesDir: options.fixturesDir }),
      this.phones,
      this.mediaStreams,
    ];

    const authenticate = (authorization: string | undefined) => this.authenticate(authorization);
    this.#rest = new RestApi(
      this.resources.flatMap((r) => r.routes),
      authenticate,
      this.faults,
      this.kernel.accounts,
    );
    this.#controlApi = new ControlApi(
      this,
      this.resources.flatMap((r) => r.controlRoutes ?? []),
      authenticate,
    );
    this.#services = this.resources.flatMap((r) => r.services ?? []);
    this.accounts = fixtures.accounts.map((a) => ({
      sid: a.sid,
      authToken: a.authToken,
      numbers: (a.numbers ?? []).map((n) => n.phoneNumber),
    }));
    this.control = this.controlFor(this.accounts[0]!.sid);
    this.#journal?.start(this.kernel, { messages: this.messages.service, calls: this.calls.service });
  }

  /** In-process control of any account. */
  controlFor(accountSid: string): SimulatorControl {
    return new SimulatorControl(this, accountSid);
  }

  /** A person's phone on `number` (E.164), for conversation tests: expectSms, reply, expectCall, press… */
  phone(number: string, options: { accountSid?: string } = {}): Phone {
    return this.phones.phones.phone(options.accountSid ?? this.accounts[0]!.sid, number);
  }

  /** The account an Authorization header's Basic credentials belong to. */
  authenticate(authorization: string | undefined): AccountState | undefined {
    const credentials = basicCredentials(authorization);
    return credentials && this.kernel.accounts.authenticate(credentials.username, credentials.password);
  }

  /** Every fixture account back to its fixture, through the same per-account reset as `control.reset()`. */
  reset(): void {
    for (const sid of this.kernel.accounts.fixtureSids()) this.kernel.resetAccount(sid);
  }

  servedRoutes() {
    return this.#rest.served();
  }

  /**
   * Whether a request must carry the account's Basic credentials before its body is read: everything but the
   * public control routes and resources' own services (the register's washer checks its own credentials).
   */
  needsAccountCredentials(method: string, path: string): boolean {
    return !isPublicControlRoute(method, path) && !this.#services.some((s) => path.startsWith(s.prefix));
  }

  /** One request for the control API (/__sim), a resource's own service (/__dncr), or Twilio's REST API. */
  handle(request: WireRequest): Promise<WireResponse> {
    const service = this.#services.find((s) => request.path.startsWith(s.prefix));
    if (service) return service.handle(request);
    return request.path.startsWith('/__sim/') ? this.#controlApi.handle(request) : this.#rest.handle(request);
  }

  /** Cancel whatever the clock still has armed (a real clock's host timers); the simulator stops answering time. */
  dispose(): void {
    this.mediaStreams.streams.closeAll();
    if (this.clock instanceof RealClock) this.clock.dispose();
    this.dispatcher.close();
    this.#journal?.close();
  }
}
