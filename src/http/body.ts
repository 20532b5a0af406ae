import { HttpError } from './errors.ts';

/** Large enough for any form of the kit, small enough that nobody can fill the store. */
export const MAX_BODY_BYTES = 32 * 1024;

export type BodyKind = 'form' | 'json';
export type FormValue = string | string[];

export function isForm(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/** A form's fields as an object; a name sent twice (checkboxes) becomes an array. */
export function formToObject(form: URLSearchParams | FormData): Record<string, FormValue> {
  const data: Record<string, FormValue> = {};
  for (const [name, raw] of form.entries()) {
    if (typeof raw !== 'string') continue; // the kit never takes file uploads
    const existing = data[name];
    data[name] = existing === undefined ? raw : Array.isArray(existing) ? [...existing, raw] : [existing, raw];
  }
  return data;
}

/** The body as text, refused (413) past `maxBytes`: for bodies that must be read exactly as sent (signed webhooks). */
export async function readText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder('utf-8', { fatal: false }).decode(await readBytes(request, maxBytes));
}

/** The body as bytes, refused (413) past `maxBytes`: for uploads of binary files (a .p12 certificate). */
export async function readBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new HttpError(413, `Body larger than ${maxBytes} bytes`);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpError(413, `Body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a POST body sent as a form or as JSON, within a size limit.
 * @example const { kind, data } = await readBody(request) // data: { rating: '5' }
 */
export async function readBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<{ kind: BodyKind; data: unknown }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const text = await readText(request, maxBytes);
    const form = await new Response(text, { headers: { 'content-type': type } }).formData().catch(() => {
      throw new HttpError(400, 'Malformed form body');
    });
    return { kind: 'form', data: formToObject(form) };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { kind: 'form', data: formToObject(new URLSearchParams(await readText(request, maxBytes))) };
  }
  if (type.startsWith('application/json')) {
    const text = await readText(request, maxBytes);
    try {
      return { kind: 'json', data: JSON.parse(text) as unknown };
    } catch {
      throw new HttpError(400, 'Malformed JSON body');
    }
  }
  throw new HttpError(415, 'Send application/json or a form (application/x-www-form-urlencoded)');
}
