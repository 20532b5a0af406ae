import { describe, expect, inject, test } from 'vitest';

const baseUrl = inject('baseUrl');

describe('signing in under npm start', () => {
  // Netlify's dev layer kept only the last Set-Cookie of an answer (patches/@netlify+vite-plugin++@netlify+dev-utils+…),
  // so the device cookie that spares a known browser from others' wrong tries never reached it locally.
  test('the answer to a right password sets both the session and the device cookie', async () => {
    const response = await fetch(`${baseUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ password: 'admin' }),
    });
    expect(response.status).toBeLessThan(400);
    const names = response.headers.getSetCookie().map((cookie) => cookie.split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['vuelve_admin', 'vuelve_admin_device']));
  });
});
