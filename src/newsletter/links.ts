import { z } from 'zod';
import type { App } from '../app.ts';
import { readToken, signToken } from '../domain/signing.ts';
import { locales, type Locale } from '../i18n/locales.ts';

/** How long a confirmation link works. */
export const CONFIRM_DAYS = 7;

// Unsubscribe links must keep working in old emails: they never expire.
const NEVER = new Date(8.64e15);

const confirmData = z.object({ e: z.string(), l: z.enum(locales), at: z.number() });
const unsubscribeData = z.object({ e: z.string(), i: z.string().optional() });

/** The signed, expiring link that confirms a sign-up; `at` lets a later unsubscribe void it. */
export function confirmUrl(app: App, email: string, locale: Locale, now: Date): string {
  const token = signToken(app.secret('SESSION_SECRET'), 'newsletter-confirm', { e: email, l: locale, at: now.getTime() }, new Date(now.getTime() + CONFIRM_DAYS * 86_400_000));
  return `${app.config.siteUrl}/api/confirm?token=${token}`;
}

/** The address, language and issue time of a valid, unexpired confirmation token; null otherwise. */
export function readConfirmToken(app: App, token: string): { email: string; locale: Locale; issuedAt: Date } | null {
  const parsed = confirmData.safeParse(readToken(app.secret('SESSION_SECRET'), 'newsletter-confirm', token, app.now()));
  return parsed.success ? { email: parsed.data.e, locale: parsed.data.l, issuedAt: new Date(parsed.data.at) } : null;
}

/**
 * The unsubscribe link of an address: a page on GET, one-click on POST (RFC 8058); a newsletter's names its issue.
 * Deterministic, so a re-sent batch is byte-for-byte the same (Resend idempotency).
 */
export function unsubscribeUrl(app: App, email: string, locale: Locale, issue?: string): string {
  const token = signToken(app.secret('SESSION_SECRET'), 'newsletter-unsubscribe', { e: email, ...(issue ? { i: issue } : {}) }, NEVER);
  return `${app.config.siteUrl}/api/unsubscribe?token=${token}&lang=${locale}`;
}

/** The address (and the issue it came with, if any) of a genuine unsubscribe token; null otherwise. */
export function readUnsubscribeToken(app: App, token: string): { email: string; issue?: string } | null {
  const parsed = unsubscribeData.safeParse(readToken(app.secret('SESSION_SECRET'), 'newsletter-unsubscribe', token, app.now()));
  return parsed.success ? { email: parsed.data.e, ...(parsed.data.i ? { issue: parsed.data.i } : {}) } : null;
}

/** RFC 2369 + RFC 8058 headers: mail programs show an "Unsubscribe" button that POSTs to the link. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
