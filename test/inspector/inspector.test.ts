// The inspector page in a real browser (Debian's Chromium via playwright-core) against a simulator on 127.0.0.1
// with a virtual clock: sign-in without a token in any URL, live messages and calls, every action, the account
// switcher, keyboard use, labelled controls, no console errors. Screenshots land in reports/inspector/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { sdkAt } from '../helpers/sdk.js';
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
});
