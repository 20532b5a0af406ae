import { z } from 'zod';
import { app, type App } from '../app.ts';
import { readProgramme, type Loyalty } from '../catalog/loyalty.ts';
import { isForm, readBody } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { escapeHtml, simplePage } from '../http/page.ts';
import { parseOr400, problem, requestLocale, seeOther, type Handler } from '../http/respond.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';
import { hasSession, type Role } from '../services/sessions.ts';
import { cardCodePattern, idempotencyKey } from './card.ts';
import type { CardActionResult } from './stamp-and-redeem.ts';

/** What the card page can report after a form post: `/c/{code}?notice=stamped`. */
export const cardNotices = ['stamped', 'redeemed', 'too-soon', 'daily-limit', 'no-reward', 'registered', 'confirm-sent', 'changed', 'created'] as const;
export type CardNotice = (typeof cardNotices)[number];

/** A card's page, optionally in a language and with a notice. */
export function cardPath(code: string, query: { lang?: Locale; notice?: CardNotice } = {}): string {
  const search = new URLSearchParams();
  if (query.lang) search.set('lang', query.lang);
  if (query.notice) search.set('notice', query.notice);
  return `/c/${encodeURIComponent(code)}${search.size > 0 ? `?${search}` : ''}`;
}

/** A card code's shape only; the service checks its signature. */
const cardCodeField = z.string().regex(cardCodePattern, 'Not a card code');
/** The language the visitor was reading in, sent back with a form so the answer is in it too. */
export const localeField = z.enum(locales).optional();

const actionInput = z.object({ code: cardCodeField, key: idempotencyKey, lang: localeField });

/** 401 for a request without the session `role` needs: JSON for API calls, the sign-in page for forms. */
export function sessionRequired(request: Request, role: Role, lang: Locale, next = '/staff/'): Response {
  if (!isForm(request)) return problem(401, role === 'staff' ? 'Staff sign-in required: POST /api/staff/login first' : "Sign in to the owner's dashboard first");
  return signInPage(role, lang, next);
}

/** The owner's sign-in (the dashboard's), coming back to the card printing. */
export const ownerSignIn = `/admin/login/?${new URLSearchParams({ next: '/admin/cards/' })}`;

/** A 401 page that sends staff to their sign-in (then back to `next`) and the owner to the dashboard's. */
export function signInPage(role: Role, lang: Locale, next = '/staff/'): Response {
  const [title, message, href, action] =
    role === 'staff'
      ? [t(lang, 'loyalty.staff.title'), t(lang, 'loyalty.staff.required'), `/staff/?${new URLSearchParams({ next, lang })}`, t(lang, 'loyalty.staff.signIn')]
      : [t(lang, 'loyalty.admin.title'), t(lang, 'loyalty.admin.signIn'), ownerSignIn, t(lang, 'loyalty.admin.dashboard')];
  const body = `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a class="button" href="${escapeHtml(href)}">${escapeHtml(action)}</a></p>`;
  return new Response(simplePage(lang, title, body), { status: 401, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

type CardAction = (app: App, programme: Loyalty, input: { code: string; key: string }) => Promise<CardActionResult>;

/**
 * POST /api/stamps and /api/redeem: staff only; `{ code, key }` as a form or JSON.
 * A form gets 303 back to the card with a notice; JSON gets the balance, or 409 with the reason.
 */
export function cardActionHandler(action: CardAction, success: CardNotice): Handler {
  return async (request) => {
    const current = app();
    if (!hasSession(current, 'staff', request)) {
      // After signing in, staff come back to the card they were stamping.
      const sent = isForm(request) ? actionInput.safeParse((await readBody(request)).data).data : undefined;
      return sessionRequired(request, 'staff', sent?.lang ?? requestLocale(request), sent ? cardPath(sent.code, { lang: sent.lang }) : undefined);
    }
    const { data } = await readBody(request);
    const input = parseOr400(actionInput, data);
    const result = await action(current, readProgramme(), input);
    if (!result.ok && result.reason === 'invalid-code') throw new HttpError(404, 'Unknown card: this code is not genuine');
    if (isForm(request)) return seeOther(cardPath(input.code, { lang: input.lang, notice: result.ok ? success : result.reason }));
    if (result.ok) return Response.json({ ok: true, repeated: result.repeated, balance: result.balance }, { headers: { 'cache-control': 'no-store' } });
    return Response.json(
      { error: refusal[result.reason], reason: result.reason, balance: result.balance, ...(result.retryAt ? { retryAt: result.retryAt.toISOString() } : {}) },
      { status: 409, headers: { 'cache-control': 'no-store' } },
    );
  };
}

const refusal = {
  'too-soon': 'This card was stamped too recently',
  'daily-limit': 'This card has had its maximum stamps for today',
  'no-reward': 'No reward is ready on this card',
} as const;
