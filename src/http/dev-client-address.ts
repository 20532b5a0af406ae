import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/**
 * Under `npm start`, Netlify's emulator and the adapter take the client's address from headers the client
 * writes (X-Forwarded-For, X-NF-Client-Connection-IP), so one script could dodge every per-address limit:
 * here they are set from the connection itself, as Netlify's edge does in production.
 */
export function trustConnectionAddress(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
  const address = request.socket.remoteAddress ?? '127.0.0.1';
  request.headers['x-forwarded-for'] = address;
  request.headers['x-nf-client-connection-ip'] = address.replace(/^::ffff:/, '');
  next();
}

/** The middleware as a Vite plugin, added to `npm start` by ./dev-guard.ts; `pre`: Vite runs configureServer hooks in order, so it comes before Netlify's. */
export const clientAddressPlugin: Plugin = { name: 'vuelve:dev-client-address', enforce: 'pre', configureServer: (server) => void server.middlewares.use(trustConnectionAddress) };
