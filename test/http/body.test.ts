import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { readBody } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { endpoint, parseOr400 } from '../../src/http/respond.ts';

const post = (body: string, type: string, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/x', { method: 'POST', body, headers: { 'content-type': type, ...headers } });

describe('readBody()', () => {
  test('reads a form; a repeated name becomes an array', async () => {
    expect(await readBody(post('a=1&b=x&b=y&c=%C3%B1', 'application/x-www-form-urlencoded'))).toEqual({
      kind: 'form',
      data: { a: '1', b: ['x', 'y'], c: 'ñ' },
    });
  });

  test('reads JSON', async () => {
    expect(await readBody(post('{"a":[1]}', 'application/json; charset=utf-8'))).toEqual({ kind: 'json', data: { a: [1] } });
  });

  test.each([
    ['{"a":', 'application/json', 400],
    ['hello', 'text/plain', 415],
    ['x'.repeat(40_000), 'application/json', 413],
  ])('refuses %#', async (body, type, status) => {
    await expect(readBody(post(body, type))).rejects.toMatchObject({ status });
  });
});

describe('endpoint()', () => {
  const handler = endpoint(['POST'], async (request) => {
    const { data } = await readBody(request);
    const body = parseOr400(z.object({ email: z.email() }), data);
    return Response.json(body);
  });

  test('405 with Allow for a wrong method', async () => {
    const response = await handler(new Request('http://localhost/api/x'));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({ error: 'Use POST' });
  });

  test('400 with fields for invalid JSON input', async () => {
    const response = await handler(post('{"email":"nope"}', 'application/json'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'Invalid request', fields: { email: [expect.any(String)] } });
  });

  test('a friendly page in the visitor\'s language for an invalid form post', async () => {
    const response = await handler(post('email=nope', 'application/x-www-form-urlencoded', { referer: 'http://localhost/es/newsletter/' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Hay algo que corregir');
    expect(html).toContain('href="/es/newsletter/"');
    expect(html).toContain('lang="en"'); // and a line in English
  });

  test('unexpected errors become a 500 without details', async () => {
    const failing = endpoint(['GET'], async () => {
      throw new Error('secret detail');
    });
    const response = await failing(new Request('http://localhost/api/x'));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret detail');
  });

  test('HttpError carries its status', () => {
    expect(new HttpError(404, 'x').status).toBe(404);
  });
});
