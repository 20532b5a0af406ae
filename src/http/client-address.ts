/** What a Netlify function gets as its second argument; only the part used here. */
export interface PlatformContext {
  /** The client's address as the platform saw the connection. */
  ip?: string;
}

/**
 * The client's address, from Netlify's trusted sources only (`context.ip`, else the `x-nf-client-connection-ip`
 * its proxy sets), never a header a client writes itself (X-Forwarded-For). Never stored raw: see pseudonym().
 * @example clientAddress(request, context) // '198.51.100.7'
 */
export function clientAddress(request: Request, context?: PlatformContext): string {
  return context?.ip || request.headers.get('x-nf-client-connection-ip') || 'unknown';
}
