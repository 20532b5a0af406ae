import { describe, expect, test } from 'vitest';
import { isCrossSiteWrite, sameOriginPath } from '../../src/http/same-origin.ts';

describe('sameOriginPath()', () => {
  test.each([
    ['/\\evil.example/'],
    ['//evil.example/admin/'],
    ['https://evil.example/admin/'],
    ['/\t/evil.example'],
    ['/admin\\@evil.example'],
    ['javascript:alert(1)'],
    ['admin/'],
    [' /admin/'],
    [undefined],
  ])('sends %j nowhere but the fallback', (next) => {
    expect(sameOriginPath(next, '/admin/')).toBe('/admin/');
  });

  test('keeps a plain path with its query, when allowed', () => {
    expect(sameOriginPath('/admin/followups/?status=open', '/admin/')).toBe('/admin/followups/?status=open');
    expect(sameOriginPath('/en/', '/admin/', (path) => path.startsWith('/admin/'))).toBe('/admin/');
  });
});

describe('isCrossSiteWrite()', () => {
  const post = (headers: Record<string, string>, method = 'POST') => new Request('https://shop.example/api/admin/privacy', { method, headers });

  test.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'null' }],
    [{ origin: 'https://shop.example.evil.example' }],
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
  ])('refuses a post with %j', (headers) => {
    expect(isCrossSiteWrite(post(headers), [])).toBe(true);
  });

  test.each([
    [{ origin: 'https://shop.example' }],
    [{ origin: 'https://www.shop.example' }],
    [{ 'sec-fetch-site': 'same-origin' }],
    [{}],
  ])('lets through a post with %j (own origins: the request\'s and SITE_URL\'s)', (headers) => {
    expect(isCrossSiteWrite(post(headers), ['https://www.shop.example'])).toBe(false);
  });

  test('reads never count as writes', () => {
    expect(isCrossSiteWrite(post({ origin: 'https://evil.example' }, 'GET'), [])).toBe(false);
  });
});
