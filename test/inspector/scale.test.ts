// The inspector with 100,000 stored messages: the count comes from a few one-item pages, only the rows in view
// are in the DOM, a far position loads its own page (Page=N, answered from the store's indexes), and a To filter
// goes to the server. Messages are made in process (the engine, not HTTP), which takes a couple of seconds.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { launchChromium, openPage, SCREENSHOTS, signIn, type Watched } from './browser.js';

const TOTAL = 100_000;
const FILTERED_TO = '+61491570201';

let sim: ListeningSimulator;
let browser: Browser;
let watched: Watched;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual', pacing: { queueLimitMs: Number.MAX_SAFE_INTEGER, segmentsPerSecond: 1_000 } });
  const account = sim.simulator.kernel.accounts.get(sim.accounts[0]!.sid)!;
  const from = sim.accounts[0]!.numbers[0]!;
  for (let i = 0; i < TOTAL; i++) {
    // Every tenth message to one recipient, so a To filter selects 10,000.
    sim.simulator.messages.service.create(account, { from, to: i % 10 === 0 ? FILTERED_TO : '+61491570202', body: `bulk ${i}` });
  }
  browser = await launchChromium();
  watched = await openPage(browser, sim.url);
  await signIn(watched.page, sim.accounts[0]!.sid, sim.accounts[0]!.authToken);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
});

it('counts 100,000 messages, keeps a bounded number of rows in the DOM, and loads a far page on scroll', async () => {
  const { page } = watched;
  await page.locator('#message-count', { hasText: '100,000 messages' }).waitFor();
  const rows = page.locator('#message-list .row');
  expect(await rows.count()).toBeLessThan(60);
  // Newest first: position k (1-based) holds message TOTAL - k.
  await page.locator('#message-list').evaluate((list: any) => {
    list.scrollTop = 90_000 * 28;
  });
  const far = page.locator('#message-list [aria-posinset="90001"]');
  await expect.poll(() => far.textContent()).toContain(`bulk ${TOTAL - 90_001}`);
  expect(await rows.count()).toBeLessThan(60);
  const listRequests = watched.urls.filter((u) => u.includes('/Messages.json'));
  // The count's probes (about 2·log2 n, one item each) and a handful of pages, never a walk through the list.
  expect(listRequests.length).toBeLessThan(50);
  await page.screenshot({ path: `${SCREENSHOTS}/scale-100k.png` });
});

it('filters by To on the server', async () => {
  const { page } = watched;
  await page.getByLabel('To', { exact: true }).first().fill(FILTERED_TO);
  await page.getByRole('button', { name: 'Filter' }).first().click();
  await page.locator('#message-count', { hasText: /^10,000 messages$/ }).waitFor();
  expect(watched.urls.some((u) => u.includes(`To=${encodeURIComponent(FILTERED_TO)}`))).toBe(true);
  expect(await page.locator('#message-list .row').first().textContent()).toContain(`bulk ${TOTAL - 10}`);
  expect(watched.errors).toEqual([]);
});
