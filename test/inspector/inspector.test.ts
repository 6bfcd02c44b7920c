// The inspector page in a real browser (Debian's Chromium via playwright-core) against a simulator on 127.0.0.1
// with a virtual clock: sign-in without a token in any URL, live messages and calls, every action, the account
// switcher, keyboard use, labelled controls, no console errors. Screenshots land in reports/inspector/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { controlAt } from '../helpers/control.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { sdkAt } from '../helpers/sdk.js';
import { startAgentServer } from '../voice/helpers/agent-server.js';
import { launchChromium, openPage, SCREENSHOTS, signIn, type Watched } from './browser.js';

const A = '+61491570156';
const PERSON = '+61491570101';

let sim: ListeningSimulator;
let receiver: WebhookReceiver;
let browser: Browser;
let watched: Watched;
let page: Page;
const logLines: string[] = [];

const main = () => sim.accounts[0]!;
const sdk = () => sdkAt(sim.url, main().sid, main().authToken);

/** The control API as the main account, the body of its answer. */
async function control(path: string, body?: unknown): Promise<any> {
  return (await controlAt(sim.url, main(), body === undefined ? 'GET' : 'POST', path, body)).body;
}

async function act(legend: string, fill: Record<string, string>, button: string): Promise<void> {
  const form = page.getByRole('group', { name: legend });
  for (const [label, value] of Object.entries(fill)) {
    const field = form.getByLabel(label, { exact: true });
    if ((await field.evaluate((el: any) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await form.getByRole('button', { name: button }).click();
}

const result = () => page.locator('#action-result').textContent();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual', log: { format: 'json', stream: { write: (line) => logLines.push(line) } } });
  receiver = await new WebhookReceiver(main().authToken).start();
  browser = await launchChromium();
  watched = await openPage(browser, sim.url);
  page = watched.page;
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.stop();
  await sim?.stop();
});

describe('the inspector page', () => {
  it('is served without credentials at / with a strict CSP, and its data routes still need them', async () => {
    const html = await fetch(`${sim.url}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await html.text()).not.toMatch(/<script>(?!<)/);
    const js = await fetch(`${sim.url}/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${sim.url}/__sim/clock`)).status).toBe(401);
  });

  it('refuses wrong credentials on the sign-in form', async () => {
    await page.getByLabel('Account SID').fill(main().sid);
    await page.getByLabel('Auth token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#sign-in-error').textContent()).toMatch(/20003/);
  });

  it('signs in with SID and token, and the token is in no requested URL and no log line', async () => {
    await signIn(page, main().sid, main().authToken);
    await page.locator('#number-table td', { hasText: A }).first().waitFor({ state: 'attached' });
    await page.locator('#message-count', { hasText: '0 messages' }).waitFor();
    const secrets = [main().authToken, Buffer.from(`${main().sid}:${main().authToken}`).toString('base64')];
    for (const secret of secrets) {
      expect(watched.urls.filter((u) => u.includes(secret))).toEqual([]);
      expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
    }
    expect(logLines.some((l) => l.includes('/__sim/clock'))).toBe(true);
    expect(watched.urls.some((u) => u.includes('auth='))).toBe(false);
  });

  it('shows a message sent with the SDK live, and its status callbacks as the page moves the clock', async () => {
    const message = await sdk().messages.create({
      from: A,
      to: PERSON,
      body: 'Héllo from the SDK',
      statusCallback: `${receiver.url}/status`,
    });
    const row = page.locator('#message-list .row', { hasText: 'Héllo from the SDK' });
    await row.waitFor();
    // Screen readers hear of it through the live region.
    await page.locator('#live', { hasText: `New outbound-api message to ${PERSON}` }).waitFor({ state: 'attached' });
    await row.click();
    await page.getByRole('heading', { name: `Message ${message.sid}` }).waitFor();
    await page.getByRole('button', { name: '+10s' }).click();
    await expect.poll(() => page.locator('#detail .attempt').count()).toBeGreaterThanOrEqual(2);
    const detail = page.locator('#detail');
    await expect.poll(() => detail.textContent()).toMatch(/Status\s*delivered/);
    const text = (await detail.textContent())!;
    expect(text).toMatch(/EncodingGSM-7/);
    expect(text).toMatch(/MessageStatus=sent/);
    expect(text).toMatch(/MessageStatus=delivered/);
    expect(text).toContain('HTTP 200');
    expect(text).toContain(receiver.url);
    // The signature the page shows is the one the receiver got, which Twilio's own validator accepted.
    const received = receiver.on('/status');
    expect(received.every((r) => r.signatureValid)).toBe(true);
    expect(text).toContain(String(received[0]!.headers['x-twilio-signature']));
    await page.screenshot({ path: `${SCREENSHOTS}/message-detail.png` });
  });

  it('shows a failed callback attempt with its status, error code and response body', async () => {
    receiver.reply('/broken', { status: 500, body: 'receiver fell over' });
    const message = await sdk().messages.create({
      from: A,
      to: PERSON,
      body: 'to a broken receiver',
      statusCallback: `${receiver.url}/broken`,
    });
    await page.locator('#message-list .row', { hasText: 'to a broken receiver' }).click();
    await page.getByRole('heading', { name: `Message ${message.sid}` }).waitFor();
    await page.getByRole('button', { name: '+10s' }).click();
    const failed = page.locator('#detail .attempt', { hasText: 'HTTP 500' }).first();
    await failed.waitFor();
    expect(await failed.textContent()).toMatch(/Error11200/);
    expect(await failed.textContent()).toContain('receiver fell over');
  });

  it('fills a call’s timeline as the page’s clock button moves the virtual clock', async () => {
    const call = await sdk().calls.create({ from: A, to: PERSON, twiml: '<Response><Say>Your parcel is here</Say></Response>' });
    await page.getByRole('tab', { name: 'Calls' }).click();
    await page.locator('#call-list .row', { hasText: PERSON }).first().click();
    await page.getByRole('heading', { name: `Call ${call.sid}` }).waitFor();
    expect(await page.locator('#call-timeline').textContent()).not.toContain('Say');
    await page.getByRole('button', { name: '+10s' }).click();
    await expect.poll(() => page.locator('#call-timeline').textContent()).toContain('verb: Say');
    await page.getByRole('button', { name: '+1m' }).click();
    await expect.poll(() => page.locator('#call-timeline').textContent()).toContain('status: completed');
    await expect.poll(() => page.locator('#call-list .row', { hasText: 'completed' }).count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/call-detail.png` });
  });

  it('shows what a callee pressed, the call’s stream events and a player for its recording', async () => {
    const agent = await startAgentServer();
    try {
      const IVR_CALLEE = '+61491570130';
      receiver.reply('/ivr', {
        contentType: 'text/xml',
        body: '<Response><Gather numDigits="1" action="/gathered"><Say>Press 1</Say></Gather></Response>',
      });
      receiver.reply('/gathered', {
        contentType: 'text/xml',
        body: `<Response><Connect><Stream url="${agent.wssUrl}"/></Connect></Response>`,
      });
      await control('/__sim/callees', { to: IVR_CALLEE, digits: [{ atMs: 500, digits: '1' }], hangUpAfterMs: 4000 });
      const call = await sdk().calls.create({ from: A, to: IVR_CALLEE, url: `${receiver.url}/ivr` });
      await page.getByRole('tab', { name: 'Calls' }).click();
      await page.locator('#call-list .row', { hasText: IVR_CALLEE }).click();
      await page.getByRole('heading', { name: `Call ${call.sid}` }).waitFor();
      await page.getByRole('button', { name: '+10s' }).click();
      await expect.poll(() => page.locator('#detail').textContent()).toMatch(/callee: pressed\s+digits=1/);
      expect(await page.locator('#detail').textContent()).toMatch(/stream-started/);
      const player = page.getByLabel(`Recording of call ${call.sid}`);
      await player.waitFor();
      expect(await player.getAttribute('src')).toMatch(/^blob:/);
      // The player really has the WAV: the browser read its duration (4 s of call after the stream began, or so).
      await expect.poll(() => player.evaluate((audio: any) => audio.duration)).toBeGreaterThan(0);
    } finally {
      await agent.close();
    }
  });
});

describe('actions', () => {
  it('texts one of your numbers and calls one', async () => {
    await page.getByRole('tab', { name: 'Messages' }).click();
    await act('Text one of your numbers', { Body: 'Is my parcel here?' }, 'Send text');
    await page.locator('#message-list .row', { hasText: 'Is my parcel here?' }).waitFor();
    expect(await result()).toMatch(/^Texted \+61491570156: SM/);
    const [number] = await sdk().incomingPhoneNumbers.list({ phoneNumber: '+61491570157' });
    receiver.reply('/voice', { contentType: 'text/xml', body: '<Response><Say>Thanks for calling</Say></Response>' });
    await sdk()
      .incomingPhoneNumbers(number!.sid)
      .update({ voiceUrl: `${receiver.url}/voice` });
    await act('Call one of your numbers', { To: '+61491570157' }, 'Place call');
    await expect.poll(result).toMatch(/^Calling \+61491570157: CA/);
    await page.getByRole('tab', { name: 'Calls' }).click();
    await page.locator('#call-list .row', { hasText: 'inbound' }).waitFor();
  });

  it('sets a recipient’s outcome and a callee’s answer', async () => {
    await act("Recipient's SMS outcome", { Recipient: '+61491570120', Outcome: 'undelivered', 'Error code': '30003' }, 'Set outcome');
    await expect.poll(result).toMatch(/will end undelivered/);
    expect((await control('/__sim/scenarios')).scenarios).toContainEqual(
      expect.objectContaining({ to: '+61491570120', outcome: 'undelivered', errorCode: 30003 }),
    );
    await act("Callee's answer", { Callee: '+61491570121', Answer: 'busy', 'Rings for (s)': '5' }, 'Set callee');
    await expect.poll(result).toMatch(/will busy/);
    expect((await control('/__sim/callees')).callees).toContainEqual(
      expect.objectContaining({ to: '+61491570121', answer: 'busy', ringMs: 5000 }),
    );
  });

  it('adds and removes a DNCR entry, shown in the register table', async () => {
    await page.getByRole('tab', { name: 'Lookups & DNCR' }).click();
    const entry = page.locator('#dncr-table td', { hasText: '+61491570199' });
    await act('DNCR register', { Number: '+61491570199' }, 'Add to register');
    await entry.waitFor();
    await act('DNCR register', { Number: '+61491570199' }, 'Remove');
    await entry.waitFor({ state: 'detached' });
    expect(await result()).toMatch(/taken off the register/);
  });

  it('lists Lookups and DNCR washes as they happen', async () => {
    await sdk().lookups.v2.phoneNumbers(PERSON).fetch({ fields: 'line_type_intelligence' });
    await page.locator('#lookup-table tr', { hasText: PERSON }).filter({ hasText: 'line_type_intelligence' }).waitFor();
    expect(await page.locator('#lookup-table tbody tr').first().textContent()).toMatch(/yes.*mobile/);
    const wash = await fetch(`${sim.url}/__dncr/json/wash`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        telemarketerId: 'TM1001',
        userId: 'washer',
        password: 'dncr-sim-pass',
        clientReferenceId: 'inspector-1',
        numbers: [PERSON, '0255501234'],
      }),
    });
    expect(wash.status).toBe(200);
    await page.locator('#wash-table tr', { hasText: 'inspector-1' }).waitFor();
  });

  it('shows Lookups and washes made before the page opened (the simulator keeps the recent ones)', async () => {
    await sdk().lookups.v2.phoneNumbers('+61255501234').fetch();
    await page.reload();
    await page.locator('#message-count').waitFor();
    const lookups = page.locator('#lookup-table tbody tr');
    await expect.poll(() => lookups.count()).toBeGreaterThanOrEqual(2);
    expect(await lookups.first().textContent()).toMatch(/\+61255501234.*\(validation only\)yes/);
    expect(await lookups.nth(1).textContent()).toMatch(/\+61491570101.*line_type_intelligence.*yes.*mobile/);
    expect(await page.locator('#wash-table tbody tr', { hasText: 'inspector-1' }).textContent()).toMatch(/inspector-12\d\d/);
  });

  it('injects a fault the next SDK request meets', async () => {
    await act('Inject a fault', { Operation: 'CreateMessage', Status: '429', Times: '1' }, 'Inject');
    await expect.poll(result).toMatch(/^Fault \d+: the next 1 CreateMessage/);
    await expect(sdk().messages.create({ from: A, to: PERSON, body: 'meets the fault' })).rejects.toMatchObject({ status: 429 });
  });

  it('shows owned numbers’ URLs live, and the alert a bad sms_url answer raises', async () => {
    await page.getByRole('tab', { name: 'Numbers' }).click();
    const [number] = await sdk().incomingPhoneNumbers.list({ phoneNumber: A });
    receiver.reply('/sms', { contentType: 'text/html', body: '<html>login</html>' });
    await sdk()
      .incomingPhoneNumbers(number!.sid)
      .update({ smsUrl: `${receiver.url}/sms` });
    await page.getByRole('cell', { name: `${receiver.url}/sms` }).waitFor();
    await act('Text one of your numbers', { To: A, Body: 'anyone there?' }, 'Send text');
    await page.getByRole('button', { name: '+1s' }).click();
    await page.getByRole('tab', { name: 'Alerts' }).click();
    await page.getByRole('cell', { name: '12300', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page
      .locator('#webhook-table tr', { hasText: `${receiver.url}/sms` })
      .first()
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/webhooks.png` });
  });

  it('resets the account after confirming', async () => {
    await page.getByRole('tab', { name: 'Messages' }).click();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await act('Reset', {}, 'Reset this account');
    expect(await page.locator('#message-count').textContent()).not.toBe('0 messages');
    page.once('dialog', (dialog) => void dialog.accept());
    await act('Reset', {}, 'Reset this account');
    await page.locator('#message-count', { hasText: /^0 messages$/ }).waitFor();
    expect((await control('/__sim/faults')).faults).toEqual([]);
  });
});

describe('accounts, keyboard and accessibility', () => {
  it('a second account signs in by keyboard alone, and the switcher shows only the chosen account’s data', async () => {
    const other = sim.accounts[1]!;
    await sdk().messages.create({ from: A, to: PERSON, body: 'main account only' });
    await sdkAt(sim.url, other.sid, other.authToken).messages.create({ from: other.numbers[0]!, to: PERSON, body: 'second account only' });
    await page.locator('#message-list .row', { hasText: 'main account only' }).waitFor();
    await page.getByRole('button', { name: 'Add account' }).click();
    // The SID field has focus; Tab to the token, Enter submits.
    await page.keyboard.type(other.sid);
    await page.keyboard.press('Tab');
    await page.keyboard.type(other.authToken);
    await page.keyboard.press('Enter');
    await page.locator('#message-list .row', { hasText: 'second account only' }).waitFor();
    expect(await page.locator('#message-list .row', { hasText: 'main account only' }).count()).toBe(0);
    expect(await page.locator('#account-switch option').allTextContents()).toEqual([main().sid, other.sid]);
    // Live events of the account not shown stay out.
    await sdk().messages.create({ from: A, to: PERSON, body: 'while away' });
    await page.getByRole('button', { name: '+1s' }).click();
    expect(await page.locator('#message-list .row', { hasText: 'while away' }).count()).toBe(0);
    await page.getByLabel('Account', { exact: true }).selectOption(main().sid);
    await page.locator('#message-list .row', { hasText: 'while away' }).waitFor();
    expect(await page.locator('#message-list .row', { hasText: 'second account only' }).count()).toBe(0);
  });

  it('lists and tabs work from the keyboard', async () => {
    await page.getByRole('tab', { name: 'Messages' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Calls' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await page.locator('#message-list').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const second = await page.locator('#message-list [aria-posinset="2"]').textContent();
    expect(await page.locator('#message-list').getAttribute('aria-activedescendant')).toBe('message-list-row-1');
    await expect.poll(() => page.locator('#detail').textContent()).toContain(second!.split('  ').at(-1)!.trim());
  });

  it('every control is labelled, every button named, and text contrast is at least 4.5:1', async () => {
    const problems = (await page.evaluate(AUDIT)) as string[];
    expect(problems).toEqual([]);
  });

  it('a stored session whose token no longer works lands on the sign-in form, saying why', async () => {
    const other = await openPage(browser, sim.url);
    await other.page.evaluate(
      `sessionStorage.setItem('twilio-sim.accounts', JSON.stringify([{ sid: '${main().sid}', token: 'stale-token' }]))`,
    );
    await other.page.reload();
    await other.page.locator('#sign-in-error', { hasText: '20003' }).waitFor();
    expect(await other.page.locator('#workspace').isHidden()).toBe(true);
    expect(await other.page.evaluate(`sessionStorage.getItem('twilio-sim.accounts')`)).toBe('[]');
    expect(other.errors).toEqual([]);
    await other.page.context().close();
  });

  it('on a real clock the bar says so and its speed, disables the buttons and the time moves by itself', async () => {
    const real = await startSimulator({ port: 0, clock: 'real', speed: 60 });
    const other = await openPage(browser, real.url);
    try {
      await signIn(other.page, real.accounts[0]!.sid, real.accounts[0]!.authToken);
      await other.page.locator('#clock-kind', { hasText: 'real ×60' }).waitFor();
      expect(await other.page.getByRole('button', { name: '+10s' }).isDisabled()).toBe(true);
      // At ×60 the bar moves a simulated minute for every second it ticks.
      const shownMs = async () => Number(await other.page.locator('#clock-now').getAttribute('data-ms'));
      const first = await shownMs();
      await expect.poll(async () => (await shownMs()) - first, { timeout: 3_000 }).toBeGreaterThanOrEqual(60_000);
      expect(other.errors).toEqual([]);
    } finally {
      await other.page.context().close();
      await real.stop();
    }
  });

  it('printed no console errors and threw nothing', () => {
    expect(watched.errors).toEqual([]);
  });
});

/**
 * A small accessibility audit run in the page: labels for form controls, names for buttons and listboxes, the
 * main landmark, the page language, and WCAG contrast of visible text against its (first opaque) background.
 */
const AUDIT = `(() => {
  const problems = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  if (!document.querySelector('main')) problems.push('no <main> landmark');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.labels.length === 0 && !el.getAttribute('aria-label')) problems.push('unlabelled ' + el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll('button, [role="tab"]')) {
    if (!(el.textContent.trim() || el.getAttribute('aria-label'))) problems.push('unnamed ' + el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll('[role="listbox"], audio')) {
    if (!el.getAttribute('aria-label')) problems.push('unnamed ' + el.outerHTML.slice(0, 80));
  }
  const rgb = (c) => (c.match(/[d.]+/g) ?? [0, 0, 0, 0]).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  for (const el of document.querySelectorAll('body *')) {
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text || !visible(el)) continue;
    const style = getComputedStyle(el);
    if (style.opacity === '0') continue;
    const [a, b] = [luminance(rgb(style.color).slice(0, 3)), luminance(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) problems.push(ratio.toFixed(2) + ':1 ' + el.tagName + ' ' + el.textContent.trim().slice(0, 30));
  }
  return problems;
})()`;
