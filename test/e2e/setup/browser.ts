import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium (never a downloaded one), kept off the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Where screenshots and PDFs of a run are kept for a person to look at. */
export function resultsDir(): string {
  mkdirSync('test-results', { recursive: true });
  return 'test-results';
}

/**
 * One Chromium for the test file: launched before its tests, closed after them.
 * @example const browser = useBrowser(); const page = await browser.newPage();
 */
export function useBrowser(): Pick<Browser, 'newPage' | 'newContext'> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const launched = (): Browser => {
    if (!browser) throw new Error('useBrowser(): the browser starts in beforeAll; use it inside a test');
    return browser;
  };
  return {
    newPage: (options) => launched().newPage(options),
    newContext: (options) => launched().newContext(options),
  };
}
