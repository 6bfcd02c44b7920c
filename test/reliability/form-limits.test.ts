// Issue 10 §1.2: form bodies are read in linear time and carry at most 1000 parameters. Before, 25k repeated
// MediaUrl parts took seconds (the list was copied per part) and 234k distinct keys were all decoded. Sizes here
// stay just around the cap: the assertion is the count-based 400, never a timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { basic } from './raw-socket.js';

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(() => sim.stop());

const SEND = { To: '+61491570101', From: '+61491570156', Body: 'hi' };

function post(body: URLSearchParams | FormData): Promise<Response> {
  const account = sim.accounts[0]!;
  return fetch(`${sim.url}/2010-04-01/Accounts/${account.sid}/Messages.json`, {
    method: 'POST',
    headers: { authorization: basic(account) },
    body,
  });
}

/** The three fields of a send plus `extra` more, either as distinct keys or as one key repeated. */
function fields(extra: number, repeatedKey?: string): Array<[string, string]> {
  const more = Array.from({ length: extra }, (_, i): [string, string] => [repeatedKey ?? `Extra${i}`, 'x']);
  return [...Object.entries(SEND), ...more];
}

const urlEncoded = (pairs: Array<[string, string]>) => new URLSearchParams(pairs);
function multipart(pairs: Array<[string, string]>): FormData {
  const form = new FormData();
  for (const [key, value] of pairs) form.append(key, value);
  return form;
}

async function expectTooMany(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    code: 20001,
    message: 'The request body has more than 1000 parameters',
    more_info: 'https://www.twilio.com/docs/errors/20001',
    status: 400,
  });
}

describe.each([
  ['urlencoded', urlEncoded],
  ['multipart', multipart],
] as const)('%s bodies are capped at 1000 parameters (400/20001: the simulator’s own choice, Twilio has no code)', (_kind, encode) => {
  it('1000 parameters are read (unknown ones ignored, as Twilio does)', async () => {
    const response = await post(encode(fields(997)));
    expect(response.status).toBe(201);
  });

  it('1001 distinct keys → 400', async () => {
    await expectTooMany(await post(encode(fields(998))));
  });

  it('1001 values of one repeated key (MediaUrl) → 400', async () => {
    await expectTooMany(await post(encode(fields(998, 'MediaUrl'))));
  });
});
