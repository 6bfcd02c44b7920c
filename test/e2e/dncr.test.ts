// The simulated Do Not Call Register and its washing service (the register operator's, not Twilio's) over HTTP:
// the register's control API, the JSON face, the SOAP face (WSDL served, faults for garbage), the two agreeing on
// the same washes, per-account isolation, and the msw transport.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SoapWashAdapter } from '../../src/index.js';
import { createSimulator, startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import { MSW_CONTROL_ORIGIN, twilioHandlers } from '../../simulator/msw/index.js';

const LOGIN = { telemarketerId: 'TM1001', userId: 'washer', password: 'dncr-sim-pass' };
const OTHER_LOGIN = { telemarketerId: 'TM2002', userId: 'washer', password: 'dncr-sim-pass-2' };
const WSDL_FILE = new URL('../../fixtures/dncr/wash-service.wsdl', import.meta.url).pathname;

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(() => sim.stop());
beforeEach(() => sim.simulator.reset());

function basic(index = 0): string {
  const a = sim.accounts[index]!;
  return `Basic ${Buffer.from(`${a.sid}:${a.authToken}`).toString('base64')}`;
}

async function call(method: string, path: string, options: { body?: string; type?: string; account?: number } = {}) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: basic(options.account), ...(options.type ? { 'content-type': options.type } : {}) },
    body: options.body,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: text.startsWith('{') ? JSON.parse(text) : null };
}

const control = (method: string, path: string, body?: unknown, account = 0) =>
  call(method, path, {
    body: body === undefined ? undefined : JSON.stringify(body),
    type: body === undefined ? undefined : 'application/json',
    account,
  });

const washJson = (operation: 'balance' | 'wash' | 'result', body: Record<string, unknown>) =>
  call('POST', `/__dncr/json/${operation}`, { body: JSON.stringify(body), type: 'application/json' });

describe('the register (control API)', () => {
  it('starts with the generated fixture entries: a few hundred valid AU numbers', async () => {
    const { status, body } = await control('GET', '/__sim/dncr');
    expect(status).toBe(200);
    expect(body.count).toBe(300);
    // Only ACMA's ranges reserved for fiction: (0x) 5550 xxxx, (0x) 7010 xxxx, 0491 570 500–999.
    const fictitious = /^\+61(?:491570[5-9]\d\d|[2378](?:5550|7010)\d{4})$/;
    expect(body.entries.filter((e: { number: string; scope: string }) => !fictitious.test(e.number) || e.scope !== 'fixtures')).toEqual([]);
    expect(body.entries[0]).toEqual({ number: '+61255500487', status: 'registered', registeredOn: '2010-08-18', scope: 'fixtures' });
  });

  it('takes only Australian numbers', async () => {
    for (const n of ['+14155552671', '+447772000001', 'hello', '+6112']) {
      const res = await control('PUT', `/__sim/dncr/${encodeURIComponent(n)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 20001, status: 400, more_info: expect.any(String) });
    }
    expect((await control('PUT', '/__sim/dncr/0491570101')).body).toMatchObject({ number: '+61491570101', scope: 'account' });
  });

  it('keeps each account’s additions and removals to itself, and a reset drops them', async () => {
    await control('PUT', '/__sim/dncr/+61491570101');
    await control('DELETE', '/__sim/dncr/+61255500487');
    expect((await control('GET', '/__sim/dncr/+61491570101')).status).toBe(200);
    expect((await control('GET', '/__sim/dncr/+61255500487')).status).toBe(404);
    expect((await control('GET', '/__sim/dncr/+61491570101', undefined, 1)).status).toBe(404);
    expect((await control('GET', '/__sim/dncr/+61255500487', undefined, 1)).status).toBe(200);
    await control('POST', '/__sim/reset');
    expect((await control('GET', '/__sim/dncr/+61491570101')).status).toBe(404);
    expect((await control('GET', '/__sim/dncr/+61255500487')).status).toBe(200);
    expect((await control('DELETE', '/__sim/dncr/+61491570101')).status).toBe(404);
  });

  it('reports every change of the register and every wash on the event bus', async () => {
    const seen: unknown[] = [];
    const stop = sim.simulator.kernel.events.subscribe((e) => void (e.type.startsWith('dncr.') && seen.push(e)));
    try {
      const sid = sim.accounts[0]!.sid;
      await control('PUT', '/__sim/dncr/+61491570101');
      await control('DELETE', '/__sim/dncr/+61491570101');
      await washJson('wash', { ...LOGIN, clientReferenceId: 'evt', numbers: ['0255500487', '0491570101'] });
      expect(seen).toEqual([
        { type: 'dncr.register', accountSid: sid, addedCount: 1, added: ['+61491570101'], removed: [] },
        { type: 'dncr.register', accountSid: sid, addedCount: 0, added: [], removed: ['+61491570101'] },
        { type: 'dncr.washed', accountSid: sid, clientReferenceId: 'evt', count: 2, registered: 1, invalid: 0 },
      ]);
    } finally {
      stop();
    }
  });

  it('imports a CSV (header skipped, first column) or a JSON list, all or nothing', async () => {
    const csv = 'number,name\n0491 570 101,Jo\n"+61491570102",Sam\n\n61491570103\n';
    expect((await call('POST', '/__sim/dncr/import', { body: csv, type: 'text/csv' })).body).toEqual({ imported: 3, total: 303 });
    expect((await call('POST', '/__sim/dncr/import', { body: '["0491570104"]', type: 'application/json' })).body).toMatchObject({
      imported: 1,
    });
    expect((await control('POST', '/__sim/dncr/import', { numbers: ['0491570105'] })).body).toMatchObject({ imported: 1, total: 305 });
    const bad = await call('POST', '/__sim/dncr/import', { body: '0491570106\n+14155552671\n', type: 'text/csv' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('+14155552671');
    expect((await control('GET', '/__sim/dncr/0491570106')).status).toBe(404);
    expect((await call('POST', '/__sim/dncr/import', { body: '{"numbers": [1]}', type: 'application/json' })).status).toBe(400);
    expect((await call('POST', '/__sim/dncr/import', { body: '<x/>', type: 'application/xml' })).status).toBe(400);
  });

  it('shows the account’s washing login and credits, and refuses nonsense settings', async () => {
    expect((await control('GET', '/__sim/dncr/washer')).body).toMatchObject({ ...LOGIN, credits: 100_000, status: 'active', washes: [] });
    expect((await control('POST', '/__sim/dncr/washer', { status: 'asleep' })).status).toBe(400);
    expect((await control('POST', '/__sim/dncr/washer', { credits: -1 })).status).toBe(400);
    expect((await control('POST', '/__sim/dncr/faults', { kind: 'returnCode', returnCode: 'five' })).status).toBe(400);
    expect((await control('POST', '/__sim/dncr/faults', { kind: 'slow' })).status).toBe(400);
    expect((await control('POST', '/__sim/dncr/faults', { kind: 'down', operation: 'Explode' })).status).toBe(400);
  });
});

describe('the washing service as JSON', () => {
  it('washes a list: Y, N and I, a credit each, and the result can be fetched by its reference', async () => {
    const numbers = ['0255500487', '0491570101', '0491570999x', '+14155552671'];
    const wash = await washJson('wash', { ...LOGIN, clientReferenceId: 'batch-1', numbers });
    expect(wash.status).toBe(200);
    expect(wash.body).toEqual({
      returnCode: 0,
      clientReferenceId: 'batch-1',
      results: [
        { number: '0255500487', result: 'Y' },
        { number: '0491570101', result: 'N' },
        { number: '0491570999x', result: 'I' },
        { number: '+14155552671', result: 'I' },
      ],
    });
    expect((await washJson('balance', LOGIN)).body).toEqual({ returnCode: 0, balance: 100_000 - 4 });
    expect((await washJson('result', { ...LOGIN, clientReferenceId: 'batch-1' })).body).toEqual(wash.body);
    // The washer's log says what each wash found (the inspector lists it).
    expect((await control('GET', '/__sim/dncr/washer')).body.washes).toEqual([
      { clientReferenceId: 'batch-1', count: 4, registered: 1, invalid: 2, at: expect.any(String) },
    ]);
  });

  it('answers the operator’s return codes', async () => {
    expect((await washJson('balance', { telemarketerId: 'TM1001' })).body).toEqual({ returnCode: 1 });
    expect((await washJson('wash', { ...LOGIN, clientReferenceId: 'r', numbers: [] })).body).toEqual({ returnCode: 1 });
    const tooMany = Array.from({ length: 501 }, () => '0491570101');
    expect((await washJson('wash', { ...LOGIN, clientReferenceId: 'r', numbers: tooMany })).body).toEqual({ returnCode: 1 });
    expect((await washJson('result', { ...LOGIN, clientReferenceId: 'never-washed' })).body).toEqual({ returnCode: 2 });
    expect((await washJson('balance', { ...LOGIN, telemarketerId: 'TM9999' })).body).toEqual({ returnCode: 3 });
    await control('POST', '/__sim/dncr/washer', { credits: 1 });
    expect((await washJson('wash', { ...LOGIN, clientReferenceId: 'r', numbers: ['0491570101', '0491570102'] })).body).toEqual({
      returnCode: 5,
    });
    await control('POST', '/__sim/dncr/washer', { resultDelayMs: 5000 });
    expect((await washJson('wash', { ...LOGIN, clientReferenceId: 'slow', numbers: ['0491570101'] })).body).toEqual({
      returnCode: 0,
      clientReferenceId: 'slow',
    });
    expect((await washJson('result', { ...LOGIN, clientReferenceId: 'slow' })).body).toEqual({ returnCode: 4 });
    await (sim.clock as VirtualClock).advance(5000);
    expect((await washJson('result', { ...LOGIN, clientReferenceId: 'slow' })).body).toMatchObject({
      returnCode: 0,
      results: [{ result: 'N' }],
    });
  });

  it('keeps accounts apart: one telemarketer never sees another’s washes or additions', async () => {
    await control('PUT', '/__sim/dncr/+61491570101');
    await washJson('wash', { ...LOGIN, clientReferenceId: 'mine', numbers: ['0491570101'] });
    expect((await washJson('result', { ...OTHER_LOGIN, clientReferenceId: 'mine' })).body).toEqual({ returnCode: 2 });
    expect((await washJson('wash', { ...OTHER_LOGIN, clientReferenceId: 'theirs', numbers: ['0491570101'] })).body.results).toEqual([
      { number: '0491570101', result: 'N' },
    ]);
  });

  it('bad requests get a clear answer, never a stack trace', async () => {
    const notJson = await call('POST', '/__dncr/json/wash', { body: '{', type: 'application/json' });
    expect(notJson).toMatchObject({ status: 400, body: { returnCode: 1, message: 'The body must be JSON' } });
    expect((await call('POST', '/__dncr/json/wash', { body: '{"numbers": "0491570101"}' })).status).toBe(400);
    expect((await call('GET', '/__dncr/json/wash')).status).toBe(405);
    expect((await call('POST', '/__dncr/json/explode', { body: '{}' })).status).toBe(404);
    expect((await call('GET', '/__dncr/elsewhere')).status).toBe(404);
  });

  it('a down service is 503; a forced return code answers once', async () => {
    await control('POST', '/__sim/dncr/faults', { kind: 'down', operation: 'GetAccountBalance' });
    expect((await washJson('balance', LOGIN)).status).toBe(503);
    await control('POST', '/__sim/dncr/faults', { kind: 'returnCode', returnCode: 3 });
    expect((await washJson('balance', LOGIN)).body).toEqual({ returnCode: 3 });
    expect((await washJson('balance', LOGIN)).body).toMatchObject({ returnCode: 0 });
  });
});

describe('the washing service as SOAP', () => {
  const adapter = (extra: Partial<ConstructorParameters<typeof SoapWashAdapter>[0]> = {}) =>
    new SoapWashAdapter({ wsdl: WSDL_FILE, endpoint: `${sim.url}/__dncr/soap`, credentials: LOGIN, ...extra });

  it('serves its WSDL with the address it was asked at', async () => {
    const res = await call('GET', '/__dncr/soap?wsdl');
    expect(res.status).toBe(200);
    expect(res.type).toContain('xml');
    expect(res.text).toContain(`<soap:address location="${sim.url}/__dncr/soap"/>`);
    expect(res.text).toContain('name="WashNumbers"');
  });

  it('agrees with the JSON face on the same washes (the same engine behind both)', async () => {
    await control('PUT', '/__sim/dncr/+61491570120', { status: 'invalid' });
    const numbers = ['+61255500487', '+61491570101', '+61491570120', '+61370100001'];
    const viaSoap = await adapter().wash(numbers, { clientReference: 'soap-1' });
    const viaJson = await washJson('wash', { ...LOGIN, clientReferenceId: 'json-1', numbers });
    const letter = { registered: 'Y', notRegistered: 'N', invalid: 'I' } as const;
    expect(viaSoap.map((r) => letter[r.status])).toEqual(viaJson.body.results.map((r: { result: string }) => r.result));
    expect(viaSoap.map((r) => r.status)).toEqual(['registered', 'notRegistered', 'invalid', expect.any(String)]);
    // Both washes are the account's, whichever face made them; the SOAP one's result is readable as JSON.
    expect((await washJson('result', { ...LOGIN, clientReferenceId: 'soap-1' })).body.results).toHaveLength(4);
    expect((await control('GET', '/__sim/dncr/washer')).body.washes.map((w: { clientReferenceId: string }) => w.clientReferenceId)).toEqual(
      ['soap-1', 'json-1'],
    );
  });

  it('answers garbage with a SOAP fault, not a crash', async () => {
    for (const body of [
      '<not xml',
      '<a/>',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Explode/></soap:Body></soap:Envelope>',
    ]) {
      const res = await call('POST', '/__dncr/soap', { body, type: 'text/xml' });
      expect(res.status).toBe(500);
      expect(res.text).toMatch(/<faultcode>soap:Client<\/faultcode>/);
      expect(res.text).not.toMatch(/at \w+ \(/);
    }
    expect((await call('GET', '/__dncr/soap')).status).toBe(405);
  });

  it('reports a down service as a SOAP Server fault with 503', async () => {
    await control('POST', '/__sim/dncr/faults', { kind: 'down' });
    await expect(adapter().balance()).rejects.toMatchObject({
      name: 'DncrUnavailableError',
      message: expect.stringMatching(/503|Service Unavailable/),
    });
  });
});

describe('over msw (no port)', () => {
  it('serves the control API, JSON and SOAP in process', async () => {
    const local = createSimulator({ clock: 'virtual' });
    const server = setupServer(...twilioHandlers(local));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const a = local.accounts[0]!;
      const auth = `Basic ${Buffer.from(`${a.sid}:${a.authToken}`).toString('base64')}`;
      const put = await fetch(`${MSW_CONTROL_ORIGIN}/__sim/dncr/+61491570101`, { method: 'PUT', headers: { authorization: auth } });
      expect(put.status).toBe(200);
      const json = await fetch(`${MSW_CONTROL_ORIGIN}/__dncr/json/wash`, {
        method: 'POST',
        body: JSON.stringify({ ...LOGIN, clientReferenceId: 'msw', numbers: ['0491570101', '0491570102'] }),
      });
      expect(((await json.json()) as { results: unknown }).results).toEqual([
        { number: '0491570101', result: 'Y' },
        { number: '0491570102', result: 'N' },
      ]);
      const soap = new SoapWashAdapter({
        wsdl: WSDL_FILE,
        endpoint: `${MSW_CONTROL_ORIGIN}/__dncr/soap`,
        allowInsecureEndpoint: true,
        credentials: LOGIN,
      });
      expect((await soap.wash(['+61491570101'], { clientReference: 'msw-soap' }))[0]!.status).toBe('registered');
    } finally {
      server.close();
    }
  });
});
