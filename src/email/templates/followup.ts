import { escapeHtml } from '../../http/page.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/strings.ts';

export interface FollowupLetter {
  shop: string;
  phone: string | undefined;
  /** The customer's name, if they gave it. */
  name: string | undefined;
  /** The product's name in the customer's language; without one the letter speaks of their visit. */
  product: string | undefined;
}

/**
 * The polite follow-up to a customer who agreed to be contacted, in their language:
 * "Good day. We are sorry to interrupt your day. Our records show that you bought {product}; …"
 */
export function followupEmail(locale: Locale, letter: FollowupLetter): { subject: string; html: string; text: string } {
  const paragraphs = [
    t(locale, 'survey.email.followup.greeting', { name: letter.name ? `, ${letter.name}` : '' }),
    letter.product ? t(locale, 'survey.email.followup.body', { product: letter.product }) : t(locale, 'survey.email.followup.visit'),
    letter.phone ? t(locale, 'survey.email.followup.reply', { phone: letter.phone }) : t(locale, 'survey.email.followup.replyNoPhone'),
  ];
  const signoff = [t(locale, 'survey.email.followup.signoff'), letter.shop];
  const why = t(locale, 'survey.email.followup.why');
  const text = [...paragraphs.flatMap((p) => [p, '']), ...signoff, '', '--', why].join('\n');
  const html = `<div style="font:16px/1.6 Georgia,serif;color:#1f1a17;max-width:36rem">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p>${signoff.map(escapeHtml).join('<br>')}</p>
<p style="font:13px/1.4 system-ui,sans-serif;color:#5c534c">${escapeHtml(why)}</p>
</div>`;
  return { subject: t(locale, 'survey.email.followup.subject', { shop: letter.shop }), html, text };
}
