// The TwiML request on answer: what Twilio sends (signed, voice parameters, Method honoured, FallbackUrl), how each
// kind of answer is treated by content type, and each failure as a debugger alert that ends the call.
import { describe, expect, it } from 'vitest';
import { callsContext, FROM, PERSON, say, TRANSPORTS, verbsOf, XML } from './calls-suite.js';

const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

describe.each(TRANSPORTS)('TwiML fetch over %s', (_transport, make) => {
  const t = callsContext(make);
  const callTo = (url: string, extra: Record<string, unknown> = {}) => t.sim.sdk().calls.create({ from: FROM, to: PERSON, url, ...extra });
  const said = async (sid: string) =>
    (await t.timeline(sid)).filter((e) => e.kind === 'verb' && e.name === 'Say').map((e) => e.detail!.text);
  const alertCodes = async (sid: string) => (await t.alerts()).filter((a) => a.resourceSid === sid).map((a) => a.code);
  const fetchStatus = async (sid: string) => (await t.sim.sdk().calls(sid).fetch()).status;

  it('asks the Url on answer with a signed POST carrying Twilio’s voice parameters', async () => {
    t.hooks.reply('/voice', { contentType: XML, body: say('Hi there') });
    const call = await callTo(`${t.hooks.url}/voice?campaign=7`);
    await t.run();
    const [request] = t.hooks.on('/voice');
    expect(request!.method).toBe('POST');
    expect(request!.signatureValid).toBe(true);
    expect(request!.params).toMatchObject({
      CallSid: call.sid,
      AccountSid: t.sim.accounts[0]!.sid,
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      From: FROM,
      To: PERSON,
      Caller: FROM,
      Called: PERSON,
      ApiVersion: '2010-04-01',
    });
    // A TwiML request is not a status callback.
    expect(request!.params).not.toHaveProperty('CallbackSource');
    expect(request!.params).not.toHaveProperty('SequenceNumber');
    expect(await said(call.sid)).toEqual(['Hi there']);
    expect(await fetchStatus(call.sid)).toBe('completed');
  });

  it('honours Method=GET: the parameters travel in the query, and the URL alone is signed', async () => {
    t.hooks.reply('/voice', { contentType: XML, body: say('Got it') });
    const call = await callTo(`${t.hooks.url}/voice`, { method: 'GET' });
    await t.run();
    const [request] = t.hooks.on('/voice');
    expect(request!.method).toBe('GET');
    expect(new URL(request!.url).searchParams.get('CallSid')).toBe(call.sid);
    expect(request!.signatureValid).toBe(true);
    expect(await said(call.sid)).toEqual(['Got it']);
  });

  it('asks FallbackUrl with ErrorCode and ErrorUrl when the Url fails, and runs its TwiML', async () => {
    t.hooks.reply('/voice', { status: 500, body: 'boom' });
    t.hooks.reply('/fallback', { contentType: XML, body: say('Backup plan') });
    const call = await callTo(`${t.hooks.url}/voice`, { fallbackUrl: `${t.hooks.url}/fallback` });
    await t.run();
    const [fallback] = t.hooks.on('/fallback');
    expect(fallback!.signatureValid).toBe(true);
    expect(fallback!.params).toMatchObject({ CallSid: call.sid, ErrorCode: '11200', ErrorUrl: `${t.hooks.url}/voice` });
    expect(await said(call.sid)).toEqual(['Backup plan']);
    expect(await alertCodes(call.sid)).toEqual([11200]);
  });

  it.each([
    ['an HTML page', 'text/html', '<html><body>Oops</body></html>', '12100'],
    ['JSON', 'application/json', '{"oops":true}', '12300'],
  ])('asks FallbackUrl when the Url answers %s that cannot run as TwiML', async (_name, contentType, body, code) => {
    t.hooks.reply('/voice', { contentType, body });
    t.hooks.reply('/fallback', { contentType: XML, body: say('Backup plan') });
    const call = await callTo(`${t.hooks.url}/voice`, { fallbackUrl: `${t.hooks.url}/fallback`, fallbackMethod: 'GET' });
    await t.run();
    const [fallback] = t.hooks.on('/fallback');
    expect(fallback!.method).toBe('GET');
    const query = new URL(fallback!.url).searchParams;
    expect(query.get('ErrorCode')).toBe(code);
    expect(query.get('ErrorUrl')).toBe(`${t.hooks.url}/voice`);
    expect(await said(call.sid)).toEqual(['Backup plan']);
    expect(await alertCodes(call.sid)).toEqual([Number(code)]);
  });

  it('when the FallbackUrl fails too, the call ends with the application error', async () => {
    t.hooks.reply('/voice', { status: 503 });
    t.hooks.reply('/fallback', { status: 500 });
    const call = await callTo(`${t.hooks.url}/voice`, { fallbackUrl: `${t.hooks.url}/fallback` });
    await t.run();
    expect(await said(call.sid)).toEqual([APPLICATION_ERROR]);
    expect(await alertCodes(call.sid)).toEqual([11200, 11200]);
  });

  it.each([
    ['text/xml', 'text/xml'],
    ['application/xml', 'application/xml; charset=utf-8'],
    ['text/plain holding TwiML', 'text/plain'],
  ])('runs TwiML served as %s', async (_name, contentType) => {
    t.hooks.reply('/voice', { contentType, body: `<?xml version="1.0" encoding="UTF-8"?>${say('Parsed')}` });
    const call = await callTo(`${t.hooks.url}/voice`);
    await t.run();
    expect(await said(call.sid)).toEqual(['Parsed']);
    expect(await alertCodes(call.sid)).toEqual([]);
  });

  it('reads out text/plain that is not TwiML, then hangs up', async () => {
    t.hooks.reply('/voice', { contentType: 'text/plain', body: 'Your appointment is tomorrow at nine' });
    const call = await callTo(`${t.hooks.url}/voice`);
    await t.run();
    expect(await said(call.sid)).toEqual(['Your appointment is tomorrow at nine']);
    expect(verbsOf(await t.timeline(call.sid))).toEqual(['Say', 'Hangup']);
    expect(await fetchStatus(call.sid)).toBe('completed');
  });

  it('reads out text/plain that starts with “<” but is not XML (it does not parse as TwiML)', async () => {
    t.hooks.reply('/voice', { contentType: 'text/plain', body: '<3 from all of us, see you soon' });
    const call = await callTo(`${t.hooks.url}/voice`);
    await t.run();
    expect(await said(call.sid)).toEqual(['<3 from all of us, see you soon']);
    expect(await alertCodes(call.sid)).toEqual([]);
  });

  it('plays an audio/* answer and hangs up', async () => {
    t.hooks.reply('/voice', { contentType: 'audio/mpeg', body: 'ID3fake-mp3' });
    const call = await callTo(`${t.hooks.url}/voice`);
    await t.run();
    const timeline = await t.timeline(call.sid);
    expect(verbsOf(timeline)).toEqual(['Play', 'Hangup']);
    expect(timeline.find((e) => e.name === 'Play')!.detail!.url).toBe(`${t.hooks.url}/voice`);
    expect(await fetchStatus(call.sid)).toBe('completed');
  });

  it.each([
    ['an HTML page', 'text/html', '<!doctype html><html><body><p>Welcome<br></body></html>', 12100],
    ['broken XML', 'text/xml', '<Response><Say>unclosed</Response>', 12100],
    ['a root that is not <Response>', 'text/xml', '<Reply><Say>no</Say></Reply>', 12100],
    ['JSON', 'application/json', '{"say":"hello"}', 12300],
    ['a body over 64 kB', 'text/xml', `<Response><Say>${'a '.repeat(33_000)}</Say></Response>`, 11750],
    ['a text/plain body over 64 kB', 'text/plain', 'words to read out '.repeat(4_000), 11750],
  ])('ends the call with an application error for %s (alert %i)', async (_name, contentType, body, code) => {
    t.hooks.reply('/voice', { contentType, body });
    const call = await callTo(`${t.hooks.url}/voice`);
    await t.run();
    expect(await alertCodes(call.sid)).toEqual([code]);
    expect(await said(call.sid)).toEqual([APPLICATION_ERROR]);
    expect(await fetchStatus(call.sid)).toBe('completed');
  });

  it('a TwiML server that answers 404 is an 11200 HTTP retrieval failure', async () => {
    t.hooks.reply('/voice', { status: 404, body: 'not here' });
    const call = await callTo(`${t.hooks.url}/voice`);
    await t.run();
    expect(await alertCodes(call.sid)).toEqual([11200]);
    expect(await said(call.sid)).toEqual([APPLICATION_ERROR]);
  });

  it('a TwiML server that is down is a connection failure (11205), and the call ends', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const call = await callTo('http://127.0.0.1:1/voice');
    await t.run();
    expect(await alertCodes(call.sid)).toEqual([11205]);
    expect(await said(call.sid)).toEqual([APPLICATION_ERROR]);
    expect(await fetchStatus(call.sid)).toBe('completed');
  });

  it('more than 10 <Redirect>s in a row is 11215', async () => {
    t.hooks.reply('/voice', { contentType: XML, body: '<Response><Redirect>/voice</Redirect></Response>' });
    const call = await callTo(`${t.hooks.url}/voice`);
    await t.run();
    expect(t.hooks.on('/voice')).toHaveLength(11);
    expect(await alertCodes(call.sid)).toEqual([11215]);
    expect(await fetchStatus(call.sid)).toBe('completed');
  });

  it('the TwiML fetch does not wait behind the same call’s slow status callbacks', async () => {
    // The `answered` callback is only answered once the TwiML request has arrived: if the fetch queued behind
    // it, the callback would hit its 1.5 s read timeout (#rt) first.
    t.hooks.reply('/status', { holdUntil: '/voice' });
    t.hooks.reply('/voice', { contentType: XML, body: say('On time') });
    const call = await callTo(`${t.hooks.url}/voice`, {
      statusCallback: `${t.hooks.url}/status#rt=1500`,
      statusCallbackEvent: ['answered'],
    });
    await t.run();
    const deliveries = (await t.sim.control('GET', `/__sim/webhooks?resourceSid=${call.sid}&kind=call-status`)).body.deliveries;
    expect(deliveries.map((d: { status: number | null }) => d.status)).toEqual([200]);
    expect(await said(call.sid)).toEqual(['On time']);
  });

  it('inline Twiml runs without any request', async () => {
    const call = await t.sim.sdk().calls.create({ from: FROM, to: PERSON, twiml: say('Inline') });
    await t.run();
    expect(await said(call.sid)).toEqual(['Inline']);
    expect(t.hooks.received).toEqual([]);
  });
});
