import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import { trustConnectionAddress } from '../../src/http/dev-client-address.ts';

const request = (remoteAddress: string, headers: Record<string, string>) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('trustConnectionAddress() (npm start only)', () => {
  test('replaces the address headers a client wrote with the connection\'s own, before Netlify\'s emulator reads them', () => {
    const posing = request('::ffff:127.0.0.1', { 'x-forwarded-for': '203.0.113.7', 'x-nf-client-connection-ip': '203.0.113.8' });
    let passedOn = false;
    trustConnectionAddress(posing, {} as ServerResponse, () => (passedOn = true));
    expect(posing.headers).toMatchObject({ 'x-forwarded-for': '::ffff:127.0.0.1', 'x-nf-client-connection-ip': '127.0.0.1' });
    expect(passedOn).toBe(true);
  });

  test('sets them when the client sent none', () => {
    const plain = request('::1', {});
    trustConnectionAddress(plain, {} as ServerResponse, () => {});
    expect(plain.headers).toMatchObject({ 'x-forwarded-for': '::1', 'x-nf-client-connection-ip': '::1' });
  });
});
