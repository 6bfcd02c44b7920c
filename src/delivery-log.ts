// Twilio retries a webhook with the same I-Twilio-Idempotency-Token. Remembering the answer given to each token
// lets the router answer a retry exactly as before (a TwiML fetch needs its TwiML again) without the app seeing
// the delivery twice. Bounded: the oldest tokens are forgotten first.

export interface RecordedAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

export class DeliveryLog {
  readonly #answers = new Map<string, Promise<RecordedAnswer | undefined>>();
  readonly #limit: number;

  constructor(limit: number) {
    if (!(Number.isInteger(limit) && limit >= 0)) throw new RangeError('idempotency token limit must be a whole number ≥ 0');
    this.#limit = limit;
  }

  /** The answer given (or about to be given) to an earlier delivery with this token; undefined when none succeeded. */
  earlier(token: string): Promise<RecordedAnswer | undefined> | undefined {
    return this.#answers.get(token);
  }

  /** Mark a delivery as in progress; call the returned function with its answer, or undefined if it failed. */
  begin(token: string): (answer: RecordedAnswer | undefined) => void {
    let settle!: (answer: RecordedAnswer | undefined) => void;
    const answer = new Promise<RecordedAnswer | undefined>((resolve) => (settle = resolve));
    if (this.#limit === 0) return () => {};
    this.#answers.delete(token);
    this.#answers.set(token, answer);
    while (this.#answers.size > this.#limit) this.#answers.delete(this.#answers.keys().next().value as string);
    return (result) => {
      // A failed delivery is forgotten, so Twilio's retry of it is handled afresh.
      if (result === undefined && this.#answers.get(token) === answer) this.#answers.delete(token);
      settle(result);
    };
  }
}
