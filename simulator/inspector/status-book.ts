// When each message or call reached each status, as seen on the events socket. The REST resources keep only
// their latest status and a few dates, so the timeline of anything that moved while the page was open comes
// from here. Bounded: the oldest resources are forgotten first.
const MAX_RESOURCES = 5_000;

export interface StatusStep {
  status: string;
  at: string;
}

export class StatusBook {
  readonly #steps = new Map<string, StatusStep[]>();

  record(sid: string, status: string, at: string): void {
    const steps = this.#steps.get(sid) ?? [];
    if (steps.at(-1)?.status === status) return;
    steps.push({ status, at });
    this.#steps.delete(sid);
    this.#steps.set(sid, steps);
    if (this.#steps.size > MAX_RESOURCES) this.#steps.delete(this.#steps.keys().next().value!);
  }

  steps(sid: string): StatusStep[] {
    return this.#steps.get(sid) ?? [];
  }

  clear(): void {
    this.#steps.clear();
  }
}
