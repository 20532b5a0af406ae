import { HttpError } from './errors.ts';

/** `text` percent-decoded, or undefined when its encoding is malformed (`%E0%A4%A`, a lone `%`: decodeURIComponent throws). */
export function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The 400 for an address that is not valid percent-encoded UTF-8, naming the part (`{ error, fields }`). */
export function malformedEncoding(name: string): HttpError {
  return new HttpError(400, 'Malformed percent-encoding in the address', { [name]: ['Not valid percent-encoded UTF-8'] });
}

/**
 * The `:name` parameters of a function's path (its `config.path`, plain segments only) in the request's
 * path, each decoded: 400 naming the parameter for a malformed encoding, 404 for a path the pattern does
 * not describe.
 * @example pathParams(new Request('https://shop.example/api/cards/AB%20C/manifest'), '/api/cards/:code/manifest') // { code: 'AB C' }
 */
export function pathParams(request: Request, pattern: string | string[] | undefined): Record<string, string> {
  const parts = new URL(request.url).pathname.split('/');
  for (const candidate of [pattern ?? []].flat()) {
    const names = candidate.split('/');
    if (names.length !== parts.length || names.some((name, i) => !name.startsWith(':') && name !== parts[i])) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      if (!name.startsWith(':')) return;
      const value = tryDecode(parts[i]!);
      if (value === undefined) throw malformedEncoding(name.slice(1));
      params[name.slice(1)] = value;
    });
    return params;
  }
  throw new HttpError(404, 'Not found');
}
