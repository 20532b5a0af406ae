import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminEndpoint, adminLocale } from '../../src/admin/access.ts';
import { app } from '../../src/app.ts';
import { readBytes } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { parseOr400, seeOther } from '../../src/http/respond.ts';
import { problemsParam, problemText } from '../../src/wallet/messages.ts';
import { removeWallet, saveAppleCertificate, saveGoogleAccount } from '../../src/wallet/settings.ts';

/** A .p12 is about 3 KB and a key file about 2.5 KB: room for both with their form, and no more. */
const MAX_UPLOAD_BYTES = 64 * 1024;
const settingsPage = '/admin/loyalty/wallet/';

const actions = z.object({ action: z.enum(['apple', 'google', 'remove-apple', 'remove-google']) });

/**
 * Owner only. POST /api/admin/wallet: the wallet settings page's forms (multipart): `action=apple` with the
 * `certificate` (.p12) and its `password`; `action=google` with `issuerId` and the `serviceAccount` JSON
 * file; `action=remove-apple|remove-google`. Checked at once: good ones are stored sealed and the owner goes
 * back to the page (303). Problems store nothing: the page's script (Accept: application/json) gets them as
 * 400 JSON in the owner's language and shows them with the chosen files still chosen; a form sent without
 * script goes back to the page (303), which names them beside the form and says which file to choose again.
 */
export default adminEndpoint(['POST'], async (request) => {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data') && !type.startsWith('application/x-www-form-urlencoded')) throw new HttpError(415, 'Send the wallet settings form');
  const body = await readBytes(request, MAX_UPLOAD_BYTES);
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData().catch(() => {
    throw new HttpError(400, 'Malformed form body');
  });
  const { action } = parseOr400(actions, { action: form.get('action') });
  const current = app();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const file = async (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' || value === null ? new Uint8Array() : new Uint8Array(await value.arrayBuffer());
  };
  if (action === 'remove-apple' || action === 'remove-google') {
    const wallet = action === 'remove-apple' ? 'apple' : 'google';
    await removeWallet(current, wallet);
    return seeOther(`${settingsPage}?done=removed-${wallet}`);
  }
  const result = action === 'apple'
    ? await saveAppleCertificate(current, await file('certificate'), text('password'))
    : await saveGoogleAccount(current, text('issuerId'), new TextDecoder().decode(await file('serviceAccount')));
  if (result.ok) return seeOther(`${settingsPage}?done=saved-${action}`);
  if ((request.headers.get('accept') ?? '').includes('application/json')) {
    const locale = adminLocale(request);
    const problems = result.problems.map((problem) => ({ field: problem.field, message: problemText(locale, problem) }));
    return Response.json({ error: 'The wallet settings were not saved', problems }, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
  return seeOther(`${settingsPage}?${new URLSearchParams({ failed: action, problems: problemsParam(result.problems) })}#${action}`);
});

export const config: Config = { path: '/api/admin/wallet' };
