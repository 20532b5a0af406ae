import { describe, expect, test } from 'vitest';
import { HttpError } from '../../src/http/errors.ts';
import { pathParams, tryDecode } from '../../src/http/path-params.ts';

const request = (path: string) => new Request(`https://shop.example${path}`);
const refusal = (run: () => unknown): HttpError => {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('pathParams: a function\'s path parameters, decoded', () => {
  test('names each `:param` of the pattern, percent-decoded', () => {
    expect(pathParams(request('/api/cards/AB%20C%C3%B1/manifest'), '/api/cards/:code/manifest')).toEqual({ code: 'AB Cñ' });
    expect(pathParams(request('/api/wallet/apple/v1/devices/D1/registrations/pass.x/S%2F1'), '/api/wallet/apple/v1/devices/:device/registrations/:passTypeId/:serial')).toEqual({
      device: 'D1',
      passTypeId: 'pass.x',
      serial: 'S/1',
    });
  });

  test.each(['%E0%A4%A', '%', 'abc%', '%zz', '%C3'])('a malformed percent-encoding (%s) is a 400 naming the parameter, not a 500', (bad) => {
    const error = refusal(() => pathParams(request(`/api/wallet/apple/v1/passes/pass.x/${bad}`), '/api/wallet/apple/v1/passes/:passTypeId/:serial'));
    expect(error.status).toBe(400);
    expect(Object.keys(error.fields ?? {})).toEqual(['serial']);
  });

  test('a path the pattern does not describe is a 404', () => {
    expect(refusal(() => pathParams(request('/api/cards/ABC'), '/api/cards/:code/manifest')).status).toBe(404);
    expect(refusal(() => pathParams(request('/api/other/ABC/manifest'), '/api/cards/:code/manifest')).status).toBe(404);
    expect(refusal(() => pathParams(request('/api/cards/ABC/manifest'), undefined)).status).toBe(404);
  });

  test('takes the first of several patterns that fits', () => {
    expect(pathParams(request('/b/7'), ['/a/:x', '/b/:y'])).toEqual({ y: '7' });
  });
});

describe('tryDecode', () => {
  test('decodes, or gives undefined for a malformed encoding', () => {
    expect(tryDecode('a%20b')).toBe('a b');
    expect(tryDecode('%E0%A4%A')).toBeUndefined();
    expect(tryDecode('%')).toBeUndefined();
  });
});
