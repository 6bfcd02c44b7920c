// Debian's Chromium driven by playwright-core, for the inspector page's tests. Missing Chromium is a failure with a
// way out, never a silent skip: CI (.ci/run) installs it when absent.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = 'reports/inspector';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Everything the page asked for and every error it printed or threw, collected from the moment it opens. */
export interface Watched {
  page: Page;
  urls: string[];
  errors: string[];
}

export async function openPage(browser: Browser, url: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const watched: Watched = { page, urls: [], errors: [] };
  page.on('request', (request) => watched.urls.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) watched.errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  await page.goto(url);
  return watched;
}

export async function signIn(page: Page, sid: string, token: string): Promise<void> {
  await page.getByLabel('Account SID').fill(sid);
  await page.getByLabel('Auth token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#connection', { hasText: 'live' }).waitFor();
}
