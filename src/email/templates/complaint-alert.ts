import type { Survey } from '../../catalog/survey.ts';
import type { Answers, Contact } from '../../surveys/answers.ts';
import type { ComplaintReason } from '../../surveys/scores.ts';
import { escapeHtml } from '../../http/page.ts';
import { intlLocale, type Locale } from '../../i18n/locales.ts';
import { formatDate, t } from '../../i18n/strings.ts';
import { answerLines } from './survey-answers.ts';

export interface ComplaintAlert {
  survey: Survey;
  answers: Answers;
  reasons: ComplaintReason[];
  /** Location name in the owner's language, or undefined when unknown. */
  location: string | undefined;
  product: string | undefined;
  contact: Contact | undefined;
  submittedAt: Date | string;
  /** The shop's time zone: the time the owner reads is their clock's. */
  timeZone: string;
  dashboardUrl: string;
}

/** A language code ("es") as the owner reads it: "Spanish", or "español" in Spanish. */
function languageName(locale: Locale, code: string): string {
  return new Intl.DisplayNames([intlLocale[locale]], { type: 'language' }).of(code) ?? code;
}

/** The owner's email about a complaint: score and place in the subject, the reasons, every answer, the contact if given. */
export function complaintAlertEmail(locale: Locale, alert: ComplaintAlert): { subject: string; html: string; text: string } {
  const survey = alert.survey.title[locale];
  const location = alert.location ?? t(locale, 'survey.email.alert.unknown');
  // The subject names the NPS when there is one: the owner's headline figure.
  const first = alert.reasons.find((reason) => reason.kind === 'nps') ?? alert.reasons[0];
  const score =
    first?.kind === 'nps' ? t(locale, 'survey.email.alert.scoreNps', { score: first.score })
    : first?.kind === 'rating' ? t(locale, 'survey.email.alert.scoreRating', { score: first.score })
    : t(locale, 'survey.email.alert.scoreText');
  const questionLabel = (id: string) => alert.survey.questions.find((q) => q.id === id)?.label[locale] ?? id;
  const reasons = alert.reasons.map((reason) =>
    reason.kind === 'nps' ? t(locale, 'survey.email.alert.reasonNps', { score: reason.score })
    : reason.kind === 'rating' ? t(locale, 'survey.email.alert.reasonRating', { question: questionLabel(reason.question), score: reason.score })
    : t(locale, 'survey.email.alert.reasonText'),
  );
  const answers = answerLines(alert.survey, locale, alert.answers);
  const contact = alert.contact
    ? [alert.contact.name, alert.contact.email, alert.contact.phone, alert.contact.language && t(locale, 'survey.email.alert.language', { language: languageName(locale, alert.contact.language) })].filter(
        (part): part is string => Boolean(part),
      )
    : [];
  const intro = t(locale, 'survey.email.alert.intro', { survey, location, date: formatDate(locale, alert.submittedAt, { dateStyle: 'long', timeStyle: 'short', timeZone: alert.timeZone }) });
  const product = alert.product ? t(locale, 'survey.email.alert.product', { product: alert.product }) : undefined;
  const followup = t(locale, 'survey.email.alert.followup', { url: alert.dashboardUrl });

  const text = [
    intro,
    ...(product ? [product] : []),
    '',
    `${t(locale, 'survey.email.alert.reasons')}:`,
    ...reasons.map((line) => `- ${line}`),
    '',
    `${t(locale, 'survey.email.alert.answers')}:`,
    ...answers.map((line) => `- ${line.question}: ${line.answer}`),
    '',
    contact.length > 0 ? `${t(locale, 'survey.email.alert.contact')}: ${contact.join(', ')}` : t(locale, 'survey.email.alert.noContact'),
    '',
    followup,
  ].join('\n');

  const e = escapeHtml;
  const html = `<div style="font:16px/1.5 system-ui,sans-serif;color:#1f1a17;max-width:36rem">
<p>${e(intro)}</p>${product ? `\n<p>${e(product)}</p>` : ''}
<h2 style="font-size:18px">${e(t(locale, 'survey.email.alert.reasons'))}</h2>
<ul>${reasons.map((line) => `<li>${e(line)}</li>`).join('')}</ul>
<h2 style="font-size:18px">${e(t(locale, 'survey.email.alert.answers'))}</h2>
<dl>${answers.map((line) => `<dt style="font-weight:600">${e(line.question)}</dt><dd style="margin:0 0 .5em">${e(line.answer).replace(/\n/g, '<br>')}</dd>`).join('')}</dl>
<p>${contact.length > 0 ? `<strong>${e(t(locale, 'survey.email.alert.contact'))}:</strong> ${e(contact.join(', '))}` : e(t(locale, 'survey.email.alert.noContact'))}</p>
<p>${e(followup)}</p>
</div>`;
  return { subject: t(locale, 'survey.email.alert.subject', { score, location, survey }), html, text };
}
