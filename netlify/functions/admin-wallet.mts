import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminEndpoint, adminLocale } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readBytes } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { escapeHtml, simplePage } from '../../src/http/page.ts';
import { parseOr400, seeOther } from '../../src/http/respond.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { t } from '../../src/i18n/strings.ts';
import type { WalletName, WalletProblem } from '../../src/wallet/credentials.ts';
import { problemText, walletNames } from '../../src/wallet/messages.ts';
import { removeWallet, saveAppleCertificate, saveGoogleAccount } from '../../src/wallet/settings.ts';

/** A .p12 is about 3 KB and a key file about 2.5 KB: room for both with their form, and no more. */
const MAX_UPLOAD_BYTES = 64 * 1024;
const settingsPage = '/admin/loyalty/wallet/';

const actions = z.object({ action: z.enum(['apple', 'google', 'remove-apple', 'remove-google']) });

/**
 * Owner only. POST /api/admin/wallet: the wallet settings page's forms (multipart): `action=apple` with the
 * `certificate` (.p12) and its `password`; `action=google` with `issuerId` and the `serviceAccount` JSON
 * file; `action=remove-apple|remove-google`. Checked at once: good ones are stored sealed and the owner goes
 * back to the page (303); problems get a page in the owner's language naming each field (400), nothing stored.
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
  return new Response(problemsPage(adminLocale(request), action, result.problems), { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
});

function problemsPage(locale: Locale, wallet: WalletName, problems: WalletProblem[]): string {
  const e = escapeHtml;
  const title = t(locale, 'wallet.setup.failed', { wallet: walletNames[wallet] });
  const items = problems.map((problem) => `<li data-field="${e(problem.field)}">${e(problemText(locale, problem))}</li>`);
  return simplePage(
    locale,
    title,
    `<h1>${e(title)}</h1>
<p>${e(t(locale, 'wallet.setup.failedIntro'))}</p>
<ul id="wallet-problems">${items.join('')}</ul>
<p><a class="button" href="${settingsPage}">${e(t(locale, 'wallet.setup.backToSettings'))}</a></p>`,
  );
}

export const config: Config = { path: '/api/admin/wallet' };
