import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/**
 * Under `npm start`, Netlify's emulator takes the client's address from
 * X-Forwarded-For, and the adapter's pages from X-NF-Client-Connection-IP: both
 * written by the client, so one script could pose as many addresses and dodge
 * every per-address limit. Here they are set from the connection itself, before
 * the emulator sees the request, as Netlify's edge does in production.
 */
export function trustConnectionAddress(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
  const address = request.socket.remoteAddress ?? '127.0.0.1';
  request.headers['x-forwarded-for'] = address;
  request.headers['x-nf-client-connection-ip'] = address.replace(/^::ffff:/, '');
  next();
}

/** The middleware as a Vite plugin, added to `npm start` by ./dev-guard.ts; `pre`: Vite runs configureServer hooks in order, so it comes before Netlify's. */
export const clientAddressPlugin: Plugin = { name: 'vuelve:dev-client-address', enforce: 'pre', configureServer: (server) => void server.middlewares.use(trustConnectionAddress) };
