import { describe, expect, inject, test } from 'vitest';
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

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const baseUrl = inject('baseUrl');
const browser = useBrowser();


describe('accessibility (axe-core in Chromium)', () => {
  test.each(paths)('%s has no serious or critical violation', async (path) => {
    // axe is injected as a script of its own, which the page's CSP would refuse (test/e2e/security-headers.test.ts checks the CSP).
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
    const violations = await page.evaluate(async () => {
      const { axe } = window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Violation[] }> } };
      const { violations } = await axe.run(document);
      return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
    });
    const severe = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(severe.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.close();
  });
});
