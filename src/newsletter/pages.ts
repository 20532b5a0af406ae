import { escapeHtml, simplePage } from '../http/page.ts';
import { htmlPage } from '../http/respond.ts';
import { localeNames, locales, type Locale } from '../i18n/locales.ts';
import { t, tn, type UiKey } from '../i18n/strings.ts';
import type { ImportReport } from './import-subscribers.ts';

/** A confirmation or unsubscribe link that cannot be used: why, and the way back to the sign-up. */
export function linkProblemPage(locale: Locale, status: number, reason: UiKey): Response {
  const title = t(locale, 'newsletter.link.invalid.title');
  return htmlPage(
    status,
    simplePage(locale, title, `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t(locale, reason))}</p>
<p><a class="button" href="/${locale}/newsletter/">${escapeHtml(t(locale, 'newsletter.title'))}</a></p>`),
  );
}

/** A sign-up that could not be made: the form again, the address kept, what to fix on top (in every language). */
export function signupFixPage(locale: Locale, status: number, problem: 'newsletter.error.email' | 'newsletter.error.tooMany', form: { email: string; source: string }): Response {
  const title = t(locale, 'newsletter.form.title');
  const others = locales.filter((other) => other !== locale);
  const options = locales.map((option) => `<option value="${option}" lang="${option}"${option === locale ? ' selected' : ''}>${escapeHtml(localeNames[option])}</option>`).join('');
  return htmlPage(
    status,
    simplePage(locale, title, `<h1>${escapeHtml(title)}</h1>
<p role="alert"><strong>${escapeHtml(t(locale, problem))}</strong></p>
${others.map((other) => `<p lang="${other}">${escapeHtml(t(other, problem))}</p>`).join('\n')}
<form method="post" action="/api/subscribe">
<input type="hidden" name="source" value="${escapeHtml(form.source)}">
<p><label for="email">${escapeHtml(t(locale, 'newsletter.form.email'))}</label><br>
<input id="email" type="email" name="email" value="${escapeHtml(form.email)}" required maxlength="254" autocomplete="email" aria-invalid="true" style="font:inherit;padding:.5rem;width:100%;box-sizing:border-box"></p>
<p><label for="lang">${escapeHtml(t(locale, 'newsletter.form.language'))}</label><br>
<select id="lang" name="lang" style="font:inherit;padding:.4rem">${options}</select></p>
<p><button class="button" type="submit" style="border:0;font:inherit;cursor:pointer">${escapeHtml(t(locale, 'newsletter.form.submit'))}</button></p>
</form>
<p><a href="/${locale}/">${escapeHtml(t(locale, 'survey.thanks.home'))}</a></p>`),
  );
}

/** What an import did to each row of the owner's file, in the dashboard's language. */
export function importReportPage(locale: Locale, report: ImportReport): Response {
  const e = escapeHtml;
  const outcome = (key: string) => e(t(locale, `admin.import.outcome.${key}` as UiKey));
  const counts = Object.entries(report.counts).map(([key, count]) => `<li>${outcome(key)}: ${count}</li>`);
  const rows = report.rows.map((row) => `<tr><td>${row.line}</td><td>${e(row.email)}</td><td>${outcome(row.outcome)}</td></tr>`);
  return htmlPage(
    200,
    simplePage(
      locale,
      t(locale, 'admin.import.report'),
      `<h1>${e(t(locale, 'admin.import.report'))}</h1>
<p>${e(tn(locale, 'admin.import.rows', report.rows.length))}</p>
<ul id="import-counts">${counts.join('')}</ul>
<p><a class="button" href="/admin/newsletter/">${e(t(locale, 'admin.import.back'))}</a></p>
<table id="import-rows"><thead><tr><th>${e(t(locale, 'admin.import.line'))}</th><th>${e(t(locale, 'admin.import.email'))}</th><th>${e(t(locale, 'admin.import.outcome'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ),
  );
}
