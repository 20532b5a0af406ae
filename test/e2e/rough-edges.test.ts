import { describe, expect, inject, test } from 'vitest';

const baseUrl = inject('baseUrl');

describe('pages a visitor can reach with a wrong or missing link', { timeout: 120_000 }, () => {
  test.each([['?r=2026-11-0000000000000000'], ['?r=bogus'], ['']])('the thanks page with %j says the answers were not found, not that they arrived', async (query) => {
    for (const [lang, title, claim] of [['en', 'We cannot find these answers', 'Your answers have reached us'], ['es', 'No encontramos estas respuestas', 'Hemos recibido sus respuestas']] as const) {
      const response = await fetch(`${baseUrl}/${lang}/survey/feedback/thanks/${query}`);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain(title);
      expect(html).not.toContain(claim);
      expect(html).toContain(`href="/${lang}/survey/feedback/"`);
    }
  });
});
