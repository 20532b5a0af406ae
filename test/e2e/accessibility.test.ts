import { describe, expect, inject, test } from 'vitest';
import { severeViolations } from './setup/axe.ts';
import { useBrowser } from './setup/browser.ts';

/** Pages checked with axe-core; other features add theirs (the survey page, …) here. */
const paths = [
  '/en/',
  '/es/',
  '/en/products/',
  '/en/products/house-blend/',
  '/es/products/pour-over-kit/',
  '/en/products/pour-over-kit/manual/',
  '/es/products/huila-single-origin/manual/',
  '/en/products/swiss-water-decaf/leaflet/',
  '/es/guides/',
  '/en/guides/pour-over-at-home/',
  '/es/print/',
  '/en/newsletter/',
  '/es/newsletter/2026-11/',
  '/es/newsletter/check-your-inbox/',
  '/en/survey/feedback/',
  '/es/survey/feedback/',
  '/en/print/survey/',
  '/es/card/new/',
  '/en/print/card/',
];

const baseUrl = inject('baseUrl');
const browser = useBrowser();

describe('accessibility (axe-core in Chromium)', () => {
  test.each(paths)('%s has no serious or critical violation', async (path) => {
    // axe is injected as a script of its own, which the page's CSP would refuse (test/e2e/security-headers.test.ts checks the CSP).
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    expect(await severeViolations(page)).toEqual([]);
    await page.close();
  });
});
