import { createServer as createHttpServer } from 'node:http';
import { constants, createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { localhostTls } from './wallet-certs.ts';

export interface ReceivedPush {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** SHA-256 fingerprint of the TLS client certificate the push came with. */
  clientCertificate: string;
}

/**
 * A fake APNs: an HTTP/2 server over TLS (self-signed; the client gets its certificate as APPLE_APNS_CA)
 * that asks for the client's certificate (Wallet pushes authenticate with the Pass Type ID certificate),
 * records every push and answers 200, 403 without a client certificate, or the statuses queued with `failNext`.
 */
export async function startFakeApns() {
  const tls = localhostTls();
  const pushes: ReceivedPush[] = [];
  const planned: { status: number; reason: string }[] = [];
  const server = createSecureServer({ key: tls.key, cert: tls.cert, requestCert: true, rejectUnauthorized: false });
  server.on('stream', (stream, headers) => {
    let body = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => {
      const clientCertificate = (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate().fingerprint256 ?? '';
      pushes.push({ path: String(headers[constants.HTTP2_HEADER_PATH]), headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])), body, clientCertificate });
      const failure = clientCertificate ? planned.shift() : { status: 403, reason: 'MissingProviderToken' };
      stream.respond({ [constants.HTTP2_HEADER_STATUS]: failure?.status ?? 200, 'content-type': 'application/json' });
      stream.end(failure ? JSON.stringify({ reason: failure.reason }) : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    ca: tls.cert,
    pushes,
    /** The next `count` pushes get `status` with APNs' `reason`. */
    failNext: (count: number, status = 500, reason = 'InternalServerError') => planned.push(...Array.from({ length: count }, () => ({ status, reason }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedUpdate {
  method: string;
  path: string;
  authorization: string;
  body: Record<string, unknown>;
}

/**
 * A fake Google: the OAuth token endpoint (POST /token, JWT bearer grant) and the Wallet API's
 * loyalty objects (PUT /walletobjects/v1/loyaltyObject/{id}); it records every call and answers
 * 200, or the statuses queued with `failNext`.
 */
export async function startFakeGoogle() {
  const tokens: URLSearchParams[] = [];
  const updates: ReceivedUpdate[] = [];
  const planned: number[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/token') {
        tokens.push(new URLSearchParams(body));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `token-${tokens.length}`, expires_in: 3600, token_type: 'Bearer' }));
        return;
      }
      updates.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization ?? '', body: JSON.parse(body || '{}') as Record<string, unknown> });
      const status = planned.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? body : JSON.stringify({ error: { code: status } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${origin}/walletobjects/v1`,
    tokenUrl: `${origin}/token`,
    tokens,
    updates,
    failNext: (count: number, status = 503) => planned.push(...Array.from({ length: count }, () => status)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
