import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, editorPath, headersFile, securityHeaders, withSecurityHeaders } from '../../src/http/security-headers.ts';
import { errorPage } from '../../src/http/page.ts';

/** `{ 'script-src': ["'self'", …], … }` from a policy string. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

const paths = ['/', '/en/survey/feedback/', '/c/ABCDEFGHJKMNPQRSTV/', '/admin/', editorPath, '/api/responses', '/en/search/'];

describe('the security headers', () => {
  test.each(paths)('%s: every header the issue asks for', (path) => {
    expect(securityHeaders(path)).toEqual({
      'Content-Security-Policy': expect.any(String),
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Content-Type-Options': 'nosniff',
      'Permissions-Policy': expect.stringMatching(/camera=\(\).*microphone=\(\).*geolocation=\(\)/),
      'Strict-Transport-Security': expect.stringMatching(/^max-age=\d{8,}/),
      // frame-ancestors for browsers that read only the older header.
      'X-Frame-Options': 'DENY',
    });
  });

  test.each(paths)('%s: scripts only from the site itself or by hash, never inline, never framed by anyone', (path) => {
    const policy = directives(contentSecurityPolicy(path));
    expect(policy['script-src']).toContain("'self'");
    expect(policy['script-src']).not.toContain("'unsafe-inline'");
    expect(policy['script-src']!.filter((source) => !source.startsWith("'sha256-"))).not.toContain('*');
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'self'"]);
    expect(policy['default-src']).toEqual(["'self'"]);
  });

  test("only the content editor may eval (Decap's config check) and reach GitHub", () => {
    for (const path of paths) {
      const policy = directives(contentSecurityPolicy(path));
      const editor = path === editorPath;
      expect(policy['script-src']!.includes("'unsafe-eval'"), path).toBe(editor);
      expect(policy['connect-src']!.includes('https://api.github.com'), path).toBe(editor);
    }
    expect(contentSecurityPolicy(`${editorPath}#/collections/products`)).toBe(contentSecurityPolicy(editorPath));
  });

  test('are added to any answer, even a redirect (whose headers cannot change)', async () => {
    const redirect = withSecurityHeaders(Response.redirect('https://shop.example/en/', 302), '/');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://shop.example/en/');
    expect(redirect.headers.get('x-content-type-options')).toBe('nosniff');
    const json = withSecurityHeaders(Response.json({ ok: true }, { status: 201 }), '/api/health');
    expect(json.status).toBe(201);
    expect(await json.json()).toEqual({ ok: true });
    expect(json.headers.get('content-security-policy')).toBe(contentSecurityPolicy('/api/health'));
  });

  test('dist/_headers gives every file Netlify serves the same headers as the code does', () => {
    const lines = headersFile().split('\n').filter((line) => line && !line.startsWith('#'));
    expect(lines[0]).toBe('/*');
    expect(Object.fromEntries(lines.slice(1).map((line) => line.trim().split(/: (.*)/s).slice(0, 2)))).toEqual(securityHeaders('/'));
  });

  test('the form error page has no inline script or handler, which the policy would block', () => {
    const html = errorPage('es', ['nps: Too big'], '/es/survey/feedback/');
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).toContain('<script src="/back-link.js" defer></script>');
  });
});
