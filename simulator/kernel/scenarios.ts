// Who answers how: per-recipient scripts that decide what happens to a message or a call once it reaches the
// recipient. Each resource defines its own kind of script ('sms', 'call'); the book only stores them. Fixture
// scripts apply to every account; ones set through the control API belong to the account that set them (and
// win over the fixtures'), so accounts can't disturb each other.

const EVERY_ACCOUNT = '*';

export interface ScenarioEntry<T> {
  to: string;
  scope: 'account' | 'fixtures';
  scenario: T;
}

export class ScenarioBook {
  #entries = new Map<string, unknown>();

  /** Fixture scripts, shared by every account. */
  setForEveryAccount<T>(kind: string, to: string, scenario: T): void {
    this.set(EVERY_ACCOUNT, kind, to, scenario);
  }

  set<T>(accountSid: string, kind: string, to: string, scenario: T): T {
    this.#entries.set(key(accountSid, kind, to), scenario);
    return scenario;
  }

  remove(accountSid: string, kind: string, to: string): boolean {
    return this.#entries.delete(key(accountSid, kind, to));
  }

  get<T>(accountSid: string, kind: string, to: string): T | undefined {
    return (this.#entries.get(key(accountSid, kind, to)) ?? this.#entries.get(key(EVERY_ACCOUNT, kind, to))) as T | undefined;
  }

  /** Drop the scripts an account set (fixture scripts stay). */
  resetAccount(accountSid: string): void {
    for (const k of [...this.#entries.keys()]) if (k.startsWith(`${accountSid}|`)) this.#entries.delete(k);
  }

  /** The scripts of one kind an account sees: its own plus the fixtures'. */
  list<T>(accountSid: string, kind: string): ScenarioEntry<T>[] {
    const result: ScenarioEntry<T>[] = [];
    for (const [k, scenario] of this.#entries) {
      const [owner, entryKind, to] = k.split('|') as [string, string, string];
      if (entryKind !== kind || (owner !== accountSid && owner !== EVERY_ACCOUNT)) continue;
      result.push({ to, scope: owner === EVERY_ACCOUNT ? 'fixtures' : 'account', scenario: scenario as T });
    }
    return result;
  }
}

const key = (accountSid: string, kind: string, to: string) => `${accountSid}|${kind}|${to}`;
