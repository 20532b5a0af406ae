/** What a Netlify function gets as its second argument; only the part used here. */
export interface PlatformContext {
  /** The client's address as the platform saw the connection. */
  ip?: string;
}

/**
 * The client's address, from the platform's trusted source only: Netlify's
 * `context.ip`, else its `x-nf-client-connection-ip` header (which its proxy
 * sets). Never X-Forwarded-For or any other header a client writes itself.
 * Never stored raw: see pseudonym().
 * @example clientAddress(request, context) // '198.51.100.7'
 */
export function clientAddress(request: Request, context?: PlatformContext): string {
  return context?.ip || request.headers.get('x-nf-client-connection-ip') || 'unknown';
}
