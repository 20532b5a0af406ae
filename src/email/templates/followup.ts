import { escapeHtml } from '../../http/page.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/strings.ts';

/** One thing that went wrong, as the customer told it: a low NPS, a low rating of a question (its label), their words. */
export type WhatWentWrong = { kind: 'nps'; score: number } | { kind: 'rating'; question: string; score: number } | { kind: 'text'; text: string };

export interface FollowupFacts {
  shop: string;
  phone: string | undefined;
  /** The customer's name, if they gave it. */
  name: string | undefined;
  /** The product's name in the customer's language, when the code named one. */
  product: string | undefined;
  /** The day they answered, written in their language. */
  answeredOn: string;
  wrong: WhatWentWrong[];
}

/**
 * The owner's starting point for the follow-up email, in the customer's language: it thanks them for the
 * survey of that day, names what went wrong in their own terms and asks them to reply. The owner edits it.
 * @example followupDraft('en', { shop: 'Brasa', …, wrong: [{ kind: 'text', text: 'Cold coffee' }] }).text → "Dear Ana,\n\nThank you for …"
 */
export function followupDraft(locale: Locale, facts: FollowupFacts): { subject: string; text: string } {
  const said = facts.wrong.map((item) =>
    item.kind === 'nps' ? t(locale, 'survey.email.followup.wrong.nps', { score: item.score })
    : item.kind === 'rating' ? t(locale, 'survey.email.followup.wrong.rating', { question: item.question, score: item.score })
    : t(locale, 'survey.email.followup.wrong.text', { text: item.text }),
  );
  const paragraphs = [
    facts.name ? t(locale, 'survey.email.followup.hello', { name: facts.name }) : t(locale, 'survey.email.followup.helloNoName'),
    facts.product
      ? t(locale, 'survey.email.followup.thanksProduct', { date: facts.answeredOn, product: facts.product })
      : t(locale, 'survey.email.followup.thanks', { date: facts.answeredOn }),
    [t(locale, 'survey.email.followup.sorry'), ...said.map((line) => `- ${line}`)].join('\n'),
    t(locale, 'survey.email.followup.putRight'),
    facts.phone ? t(locale, 'survey.email.followup.reply', { phone: facts.phone }) : t(locale, 'survey.email.followup.replyNoPhone'),
    `${t(locale, 'survey.email.followup.signoff')}\n${facts.shop}`,
  ];
  return { subject: t(locale, 'survey.email.followup.subject', { shop: facts.shop }), text: paragraphs.join('\n\n') };
}

/**
 * The follow-up email as the owner wrote it: their text, then a line on why the customer gets it (which the
 * owner cannot drop: it is what makes the email expected). Paragraphs are blank-line separated.
 * @example followupEmail('es', { subject: 'Su visita', text: 'Estimada Ana:\n\n…' })
 */
export function followupEmail(locale: Locale, letter: { subject: string; text: string }): { subject: string; html: string; text: string } {
  const why = t(locale, 'survey.email.followup.why');
  const paragraphs = letter.text.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/);
  const html = `<div style="font:16px/1.6 Georgia,serif;color:#1f1a17;max-width:36rem">
${paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n')}
<p style="font:13px/1.4 system-ui,sans-serif;color:#5c534c">${escapeHtml(why)}</p>
</div>`;
  return { subject: letter.subject, html, text: `${paragraphs.join('\n\n')}\n\n--\n${why}` };
}
