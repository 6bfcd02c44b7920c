// What calls.create refuses, with Twilio's codes (magic test numbers exactly as the reference), never a 5xx; and
// what it takes: inline Twiml as a string and as twilio-node's VoiceResponse object.
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { callsContext, FROM, PERSON, rejection, say, TRANSPORTS, verbsOf } from './calls-suite.js';

const MAGIC_FROM = '+15005550006';

describe.each(TRANSPORTS)('Creating calls over %s', (_transport, make) => {
  const t = callsContext(make);
  const create = (params: Record<string, unknown>) =>
    t.sim
      .sdk()
      .calls.create({ from: FROM, to: PERSON, twiml: say('Hi'), ...params } as Parameters<
        ReturnType<typeof t.sim.sdk>['calls']['create']
      >[0]);
  const refused = async (params: Record<string, unknown>) => {
    const error = await rejection(create(params));
    return { status: error.status, code: error.code };
  };

  it.each([
    ['no Url, Twiml or ApplicationSid', { twiml: undefined }, 21205],
    ['an empty To', { to: '' }, 21201],
    ['an ApplicationSid the account does not have', { twiml: undefined, applicationSid: 'AP0123456789abcdef0123456789abcdef' }, 21218],
    ['an empty From', { from: '' }, 21213],
    ['a Url that is not a URL', { twiml: undefined, url: 'not a url' }, 21205],
    ['a Url that is not http(s)', { twiml: undefined, url: 'ftp://example.test/voice.xml' }, 21205],
    ['a To that is not a number', { to: 'call me maybe' }, 21211],
    ['a From that is not a number', { from: 'nobody' }, 21212],
    ['an unknown StatusCallbackEvent', { statusCallback: 'https://example.test/s', statusCallbackEvent: ['answered', 'hungup'] }, 21626],
    ['Twiml over 4000 characters', { twiml: `<Response><Say>${'a'.repeat(4_000)}</Say></Response>` }, 32018],
    ['From a number the account does not own', { from: '+61491570199' }, 21210],
    ['Magic From +15005550001', { from: '+15005550001' }, 21212],
    ['Magic To +15005550001', { from: MAGIC_FROM, to: '+15005550001' }, 21217],
    ['Magic To +15005550002', { from: MAGIC_FROM, to: '+15005550002' }, 21214],
    ['Magic To +15005550003', { from: MAGIC_FROM, to: '+15005550003' }, 21215],
    ['Magic To +15005550004', { from: MAGIC_FROM, to: '+15005550004' }, 21216],
  ])('refuses %s', async (_name, params, code) => {
    expect(await refused(params)).toEqual({ status: 400, code });
  });

  it('Magic From +15005550006 may call anyone', async () => {
    expect((await create({ from: MAGIC_FROM, to: '+15005550009' })).status).toBe('queued');
  });

  it('Twiml of exactly 4000 characters is accepted', async () => {
    const twiml = `<Response><Say>${'a'.repeat(4_000 - 32)}</Say></Response>`;
    expect(twiml).toHaveLength(4_000);
    expect((await create({ twiml })).status).toBe('queued');
  });

  it.each([
    ['Timeout', { timeout: 'soon' }],
    ['Timeout', { timeout: -5 }],
    ['TimeLimit', { timeLimit: 'forever' }],
    ['Method', { method: 'PUT' }],
    ['StatusCallbackMethod', { statusCallback: 'https://example.test/s', statusCallbackMethod: 'DELETE' }],
    ['StatusCallback', { statusCallback: 'not a url' }],
    ['FallbackUrl', { twiml: undefined, url: 'https://example.test/v', fallbackUrl: '::' }],
    ['MachineDetection', { machineDetection: 'Sometimes' }],
    ['SendDigits', { sendDigits: 'abc' }],
    ['Record', { record: 'perhaps' }],
  ])('a bad %s is a 4xx with a Twilio code, never a 5xx', async (_name, params) => {
    const { status, code } = await refused(params);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(code).toBeGreaterThanOrEqual(20000);
  });

  it('a Timeout over 600 s is capped at 600', async () => {
    await t.callee(PERSON, { answer: 'no-answer' });
    const call = await create({ timeout: 3_600 });
    await t.run();
    const done = await t.sim.sdk().calls(call.sid).fetch();
    expect(done.status).toBe('no-answer');
    expect(done.endTime!.getTime() - done.startTime!.getTime()).toBe(1_000 + 600_000);
  });

  it('with both Url and Twiml, Url wins', async () => {
    t.hooks.reply('/voice', { contentType: 'text/xml', body: say('From the URL') });
    const call = await create({ url: `${t.hooks.url}/voice`, twiml: say('Inline') });
    await t.run();
    const said = (await t.timeline(call.sid)).filter((e) => e.name === 'Say').map((e) => e.detail!.text);
    expect(said).toEqual(['From the URL']);
  });

  it('takes a twilio-node VoiceResponse object as twiml (a one-word Say is 1 s, then a 2 s Pause)', async () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say({ voice: 'alice' }, 'Welcome');
    response.pause({ length: 2 });
    response.hangup();
    const call = await create({ twiml: response });
    await t.run();
    const timeline = await t.timeline(call.sid);
    expect(verbsOf(timeline)).toEqual(['Say', 'Pause', 'Hangup']);
    expect(timeline.find((e) => e.name === 'Say')!.detail).toMatchObject({ text: 'Welcome', voice: 'alice' });
    expect((await t.sim.sdk().calls(call.sid).fetch()).duration).toBe('3');
  });

  it('lists with Twilio’s filters and pages', async () => {
    const first = await create({ to: PERSON });
    await create({ to: '+61491570103', from: '+61491570157' });
    await create({ to: PERSON });
    await t.run();
    expect((await t.sim.sdk().calls.list({ to: PERSON })).map((c) => c.to)).toEqual([PERSON, PERSON]);
    expect(await t.sim.sdk().calls.list({ from: '+61491570157' })).toHaveLength(1);
    expect(await t.sim.sdk().calls.list({ status: 'completed' })).toHaveLength(3);
    expect(await t.sim.sdk().calls.list({ status: 'busy' })).toHaveLength(0);
    const page = await t.sim.sdk().calls.page({ pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    const next = await page.nextPage();
    expect(next!.instances.map((c) => c.sid)).toEqual([first.sid]);
    const all: string[] = [];
    await t.sim.sdk().calls.each({ pageSize: 1 }, (c) => void all.push(c.sid));
    expect(all).toHaveLength(3);
  });
});
