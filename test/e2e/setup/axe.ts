import type { Frame, Page } from 'playwright-core';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Serious and critical axe-core findings in a page or frame, leaving out what `exclude` names.
 * axe is injected as a script of its own: the page's context needs `bypassCSP: true`
 * (test/e2e/security-headers.test.ts checks the CSP itself).
 */
export async function severeViolations(target: Page | Frame, exclude: string[] = []): Promise<string[]> {
  await target.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const violations = await target.evaluate(async (exclude) => {
    const { axe } = window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: Violation[] }> } };
    const { violations } = await axe.run(exclude.length > 0 ? { include: [['html']], exclude: exclude.map((selector) => [selector]) } : document);
    return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
  }, exclude);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
