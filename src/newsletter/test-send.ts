import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import type { Issue } from '../catalog/newsletter.ts';
import type { Site } from '../catalog/site.ts';
import { normaliseEmail } from '../email/address.ts';
import { paragraph } from '../email/templates/layout.ts';
import { newsletterEmail, prepareIssue } from '../email/templates/newsletter.ts';
import { t } from '../i18n/strings.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './links.ts';

/**
 * Sends every language version of an issue to one address, marked as a test, with the links subscribers get;
 * nothing is written to the send log.
 * @example await sendTestIssue(app, readIssues().filter((i) => i.id === '2026-11'), 'owner@shop.example')
 */
export async function sendTestIssue(app: App, versions: readonly Issue[], rawTo: string, site: Site = readSite()): Promise<
  { ok: true; to: string; sent: number } | { ok: false; reason: 'invalid-email' } | { ok: false; reason: 'mail-failed'; message: string }
> {
  const to = normaliseEmail(rawTo);
  if (!to) return { ok: false, reason: 'invalid-email' };
  for (const version of versions) {
    const locale = version.locale;
    const prepared = prepareIssue(version, site, app.config.siteUrl);
    const note = t(locale, 'newsletter.email.test.note');
    const marked = { ...prepared, bodyHtml: `${paragraph(note, site)}\n${prepared.bodyHtml}`, bodyText: `${note}\n\n${prepared.bodyText}` };
    const url = unsubscribeUrl(app, to, locale);
    const email = newsletterEmail(marked, url);
    const sent = await app.mailer.send({
      to,
      ...email,
      subject: t(locale, 'newsletter.email.test.subject', { subject: email.subject }),
      headers: unsubscribeHeaders(url),
      tags: [{ name: 'kind', value: 'test' }],
    });
    if (!sent.ok) return { ok: false, reason: 'mail-failed', message: sent.error.message };
  }
  return { ok: true, to, sent: versions.length };
}
