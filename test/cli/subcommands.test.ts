// `twilio-sim sms-in …` and the other subcommands, run as built against a simulator on a virtual clock: each one
// must change what the simulator does next (a webhook arrives, a text is undelivered, a call is busy), print a line
// a person can read, and fail with Twilio's code on one line and a non-zero exit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningSimulator, startSimulator, type VirtualClock } from '../../simulator/index.js';
import { sdkAt, type TwilioSdk } from '../helpers/sdk.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { runCli } from './run-cli.js';

const OURS = '+61491570156';
const PERSON = '+61491570101';

let sim: ListeningSimulator;
let sdk: TwilioSdk;
let receiver: WebhookReceiver;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  const account = sim.accounts[0]!;
  sdk = sdkAt(sim.url, account.sid, account.authToken);
  receiver = await new WebhookReceiver(account.authToken).start();
  receiver.reply('/voice', { contentType: 'text/xml', body: '<Response><Say>Hi</Say></Response>' });
  const [number] = await sdk.incomingPhoneNumbers.list({ phoneNumber: OURS });
  await sdk.incomingPhoneNumbers(number!.sid).update({ smsUrl: `${receiver.url}/sms`, voiceUrl: `${receiver.url}/voice` });
  env = { TWILIO_SIM_URL: sim.url, TWILIO_ACCOUNT_SID: account.sid, TWILIO_AUTH_TOKEN: account.authToken };
});
afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});

describe('twilio-sim subcommands against a running simulator', () => {
  it('sms-in texts one of your numbers: its sms_url gets the signed webhook, and `webhooks` lists the delivery', async () => {
    const sent = await runCli(['sms-in', '--from', PERSON, '--to', OURS, '--body', 'Hello there'], env);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(new RegExp(`^SM[0-9a-f]{32} received: \\${PERSON} → \\${OURS} "Hello there"\\n$`));
    await runCli(['advance', '1s'], env);
    const hook = receiver.on('/sms').at(-1)!;
    expect(hook.params.Body).toBe('Hello there');
    expect(hook.signatureValid).toBe(true);

    const log = await runCli(['webhooks', '--kind', 'sms-inbound'], env);
    expect(log.stdout).toContain(`sms-inbound  ${hook.params.MessageSid}  POST ${receiver.url}/sms  → 200`);
    const json = JSON.parse((await runCli(['webhooks', '--json', '--sid', hook.params.MessageSid!], env)).stdout);
    expect(json).toEqual([expect.objectContaining({ kind: 'sms-inbound', status: 200 })]);
  });

  it('call-in rings one of your numbers: its voice_url is asked for TwiML', async () => {
    const called = await runCli(['call-in', '--from', PERSON, '--to', OURS, '--json'], env);
    expect(called.code).toBe(0);
    const call = JSON.parse(called.stdout);
    expect(call).toMatchObject({ from: PERSON, to: OURS, direction: 'inbound' });
    await runCli(['advance', '1s'], env);
    expect(receiver.on('/voice').map((r) => r.params.CallSid)).toContain(call.sid);
  });

  it('advance takes ms, s, m and h, and refuses anything else with exit code 2', async () => {
    const before = sim.clock.now();
    expect((await runCli(['advance', '90s'], env)).stdout).toMatch(/^clock advanced 90s: now \d{4}-\d\d-\d\dT/);
    await runCli(['advance', '1.5m'], env);
    await runCli(['advance', '250ms'], env);
    expect(sim.clock.now() - before).toBe(90_000 + 90_000 + 250);
    const bad = await runCli(['advance', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("say how far, like 90s, 2m, 1h or 500ms, got 'soon'");
    expect(sim.clock.now() - before).toBe(180_250);
  });

  it('scenario set makes texts to that recipient end as told; remove restores delivery', async () => {
    const set = await runCli(['scenario', 'set', '--to', '+61491570120', '--outcome', 'undelivered', '--error-code', '30005'], env);
    expect(set.stdout).toBe('texts to +61491570120 will be undelivered (30005)\n');
    expect((await runCli(['scenario', 'list'], env)).stdout).toContain('+61491570120  undelivered 30005');
    const first = await sdk.messages.create({ from: OURS, to: '+61491570120', body: 'one' });
    await (sim.clock as VirtualClock).advance(10_000);
    expect(await sdk.messages(first.sid).fetch()).toMatchObject({ status: 'undelivered', errorCode: 30005 });

    expect((await runCli(['scenario', 'remove', '--to', '+61491570120'], env)).code).toBe(0);
    const second = await sdk.messages.create({ from: OURS, to: '+61491570120', body: 'two' });
    await (sim.clock as VirtualClock).advance(10_000);
    expect((await sdk.messages(second.sid).fetch()).status).toBe('delivered');
  });

  it('callee set makes calls to that number end as told', async () => {
    const set = await runCli(['callee', 'set', '--to', '+61491570121', '--answer', 'busy', '--ring', '2s'], env);
    expect(set.stdout).toBe('calls to +61491570121: busy after 2000 ms of ringing\n');
    expect((await runCli(['callee', 'list'], env)).stdout).toContain('+61491570121  busy after 2000 ms');
    const call = await sdk.calls.create({ from: OURS, to: '+61491570121', twiml: '<Response><Say>Hi</Say></Response>' });
    await (sim.clock as VirtualClock).advance(30_000);
    expect((await sdk.calls(call.sid).fetch()).status).toBe('busy');
    expect((await runCli(['callee', 'remove', '--to', '+61491570121'], env)).stdout).toContain('default way again');
  });

  it('dncr add, list and remove change the register the washing service answers from', async () => {
    expect((await runCli(['dncr', 'add', '0491 570 321'], env)).stdout).toBe('+61491570321 is on the register (registered)\n');
    expect((await runCli(['dncr', 'list'], env)).stdout).toContain('+61491570321  registered');
    const listed = JSON.parse((await runCli(['dncr', 'list', '--json'], env)).stdout) as Array<{ number: string }>;
    expect(listed.map((e) => e.number)).toContain('+61491570321');
    expect((await runCli(['dncr', 'remove', '+61491570321'], env)).code).toBe(0);
    expect((await runCli(['dncr', 'list'], env)).stdout).not.toContain('+61491570321');
    const wrong = await runCli(['dncr', 'wash', '0491570321'], env);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining("dncr takes one of add, remove, list, got 'wash'") });
  });

  it('reset puts the account back: its messages are gone', async () => {
    await sdk.messages.create({ from: OURS, to: PERSON, body: 'before reset' });
    const reset = await runCli(['reset'], env);
    expect(reset).toMatchObject({ code: 0, stdout: `account ${sim.accounts[0]!.sid} reset\n` });
    expect(await sdk.messages.list()).toEqual([]);
  });

  it("prints the simulator's Twilio error as one line with its code, and exits 1", async () => {
    const notOurs = await runCli(['sms-in', '--from', PERSON, '--to', '+61491570199', '--body', 'x'], env);
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toMatch(/^twilio-sim sms-in: error 20404 \(HTTP 404\): [^\n]+\n$/);
    const badToken = await runCli(['reset', '--auth-token', 'wrong'], env);
    expect(badToken).toMatchObject({ code: 1, stderr: 'twilio-sim reset: error 20003 (HTTP 401): Authenticate\n' });
    const badOutcome = await runCli(['scenario', 'set', '--to', PERSON, '--outcome', 'lost'], env);
    expect(badOutcome.stderr).toMatch(/error 20001 \(HTTP 400\): 'outcome' must be one of delivered, undelivered/);
  });

  it('says when no simulator answers at the URL, and takes the URL from --url over TWILIO_SIM_URL', async () => {
    const down = await runCli(['reset', '--url', 'http://127.0.0.1:9'], env);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach a simulator at http://127.0.0.1:9');
  });

  it('uses the fixtures’ default account when no credentials are given, as a simulator started without them does', async () => {
    const reset = await runCli(['reset'], { TWILIO_SIM_URL: sim.url });
    expect(reset.stdout).toBe(`account ${sim.accounts[0]!.sid} reset\n`);
  });

  it.each(['sms-in', 'call-in', 'advance', 'scenario', 'callee', 'dncr', 'webhooks', 'reset'])(
    '%s --help explains itself',
    async (name) => {
      const help = await runCli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: twilio-sim ${name}`);
      expect(help.stdout).toContain('--account-sid SID');
    },
  );

  it('names a missing flag and the usage, with exit code 2', async () => {
    const missing = await runCli(['call-in', '--from', PERSON], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('twilio-sim call-in: --to is required\nUsage: twilio-sim call-in --from');
    const unknown = await runCli(['reset', '--force'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--force'");
  });
});
