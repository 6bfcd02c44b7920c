// The clock bar: which clock the account runs on and its time; with a virtual clock, buttons that move it (the
// simulator delivers everything due, webhooks included, before answering) and run-until-idle.
import type { Api } from './api.js';
import { byId, clockTime } from './dom.js';

interface ClockState {
  kind: 'virtual' | 'real';
  now: string;
  speed: number | null;
}

export class ClockBar {
  #api: Api | undefined;
  #busy = false;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly report: (text: string, error?: boolean) => void) {
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-advance]')) {
      button.addEventListener('click', () => void this.#move('advance', Number(button.dataset.advance)));
    }
    byId('run-until-idle').addEventListener('click', () => void this.#move('run-until-idle'));
  }

  async use(api: Api): Promise<void> {
    this.#api = api;
    this.show(await api.get<ClockState>('/__sim/clock'));
  }

  /** The time an event was stamped with is the account's clock at that moment: keep the bar in step. */
  seen(at: string): void {
    const shown = byId('clock-now');
    if (!shown.dataset.ms || Date.parse(at) > Number(shown.dataset.ms)) this.#showTime(at);
  }

  show(state: ClockState): void {
    byId('clock-kind').textContent = state.speed !== null && state.speed !== 1 ? `${state.kind} ×${state.speed}` : state.kind;
    this.#showTime(state.now);
    // A real clock cannot be moved by hand; the buttons would only answer with an error.
    for (const button of byId('clock-bar').querySelectorAll('button')) button.disabled = state.kind !== 'virtual';
    // A real clock moves on its own: tick the shown time locally at the clock's speed (events' times set it right)
    // rather than polling the server, which would fill its request log.
    clearInterval(this.#ticker);
    if (state.kind === 'real') {
      const step = 1000 * (state.speed ?? 1);
      this.#ticker = setInterval(() => this.#showTime(new Date(Number(byId('clock-now').dataset.ms) + step).toISOString()), 1000);
    }
  }

  #showTime(iso: string): void {
    const shown = byId<HTMLTimeElement>('clock-now');
    shown.dateTime = iso;
    shown.dataset.ms = String(Date.parse(iso));
    shown.textContent = clockTime(iso);
  }

  async #move(how: 'advance' | 'run-until-idle', ms?: number): Promise<void> {
    if (!this.#api || this.#busy) return;
    this.#busy = true;
    try {
      const state = await this.#api.request<ClockState>('POST', `/__sim/clock/${how}`, ms === undefined ? undefined : { ms });
      this.show(state);
      this.report(how === 'advance' ? `Clock moved ${ms! / 1000} s` : 'Ran until idle');
    } catch (error) {
      this.report((error as Error).message, true);
    } finally {
      this.#busy = false;
    }
  }
}
