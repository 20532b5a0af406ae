import type { Question, Survey } from '../catalog/survey.ts';
import { escapeHtml as e, simplePage } from '../http/page.ts';
import { localeNames, locales, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';

/**
 * The survey form as plain HTML, for the static page and for the function that shows it again after an invalid
 * post, answers kept. It needs no script. Field names are the answers' paths (`answers.nps`).
 */

/** What the visitor sent, as a form sends it: strings, or lists for ticked boxes. */
export type FormValues = Record<string, unknown>;

export interface SurveyFormOptions {
  id: string;
  survey: Survey;
  locale: Locale;
  /** The answers to show again (an invalid post), by question id. */
  values?: FormValues;
  /** Messages by field name (`answers.nps`, `answers.contact.email`). */
  errors?: Record<string, string[]>;
  /** Location and product of the printed code; the island fills them from the page's address. */
  at?: string | null | undefined;
  product?: string | null | undefined;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const picked = (value: unknown, option: string): boolean =>
  Array.isArray(value) ? value.map(str).includes(option) : str(value) === option;

function errorBlock(name: string, errors: Record<string, string[]> | undefined): { html: string; attrs: string } {
  const list = errors?.[name];
  const id = `err-${name.replace(/\./g, '-')}`;
  const html = `<p class="q-error" id="${id}" data-error-for="${e(name)}"${list ? '' : ' hidden'}>${list ? e(list.join(' ')) : ''}</p>`;
  return { html, attrs: list ? ` aria-invalid="true" aria-describedby="${id}"` : ` aria-describedby="${id}"` };
}

function scale(question: Question & { kind: 'rating' | 'nps' }, locale: Locale, value: unknown, attrs: string): string {
  const [min, max] = question.kind === 'rating' ? [1, 5] : [0, 10];
  const name = `answers.${question.id}`;
  const low = question.low?.[locale] ?? t(locale, question.kind === 'rating' ? 'survey.rating.low' : 'survey.nps.low');
  const high = question.high?.[locale] ?? t(locale, question.kind === 'rating' ? 'survey.rating.high' : 'survey.nps.high');
  const boxes: string[] = [];
  for (let n = min; n <= max; n++) {
    const label = n === min ? `${n}, ${low}` : n === max ? `${n}, ${high}` : String(n);
    boxes.push(
      `<label class="pick"><input type="radio" name="${name}" value="${n}"${picked(value, String(n)) ? ' checked' : ''}${question.required ? ' required' : ''}${attrs}><span aria-label="${e(label)}">${n}</span></label>`,
    );
  }
  return `<div class="scale scale-${question.kind}">${boxes.join('')}</div><div class="ends" aria-hidden="true"><span>${e(low)}</span><span>${e(high)}</span></div>`;
}

function questionBody(question: Question, locale: Locale, values: FormValues, errors: Record<string, string[]> | undefined): string {
  const name = `answers.${question.id}`;
  const value = values[question.id];
  const { html: error, attrs } = errorBlock(name, errors);
  switch (question.kind) {
    case 'rating':
    case 'nps':
      return scale(question, locale, value, attrs) + error;
    case 'single':
    case 'multiple': {
      const type = question.kind === 'single' ? 'radio' : 'checkbox';
      const required = question.kind === 'single' && question.required ? ' required' : '';
      return `<div class="options">${question.options
        .map((option) => `<label class="option"><input type="${type}" name="${name}" value="${e(option.value)}"${picked(value, option.value) ? ' checked' : ''}${required}${attrs}><span>${e(option.label[locale])}</span></label>`)
        .join('')}</div>${error}`;
    }
    case 'short-text':
      return `<input type="text" id="q-${question.id}" name="${name}" maxlength="${question.maxLength}" value="${e(str(value))}"${question.required ? ' required' : ''}${attrs}>${error}`;
    case 'long-text':
      return `<textarea id="q-${question.id}" name="${name}" rows="4" maxlength="${question.maxLength}"${question.required ? ' required' : ''}${attrs}>${e(str(value))}</textarea>${error}`;
    case 'contact': {
      const block = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      const field = (key: string, type: string, label: string, autocomplete: string) => {
        const sub = errorBlock(`${name}.${key}`, errors);
        return `<label class="field" for="q-${question.id}-${key}">${e(label)}</label><input type="${type}" id="q-${question.id}-${key}" name="${name}.${key}" autocomplete="${autocomplete}" value="${e(str(block[key]))}" maxlength="200"${sub.attrs}>${sub.html}`;
      };
      const consent = errorBlock(`${name}.consent`, errors);
      const language = str(block.language) || locale;
      return `<label class="option consent"><input type="checkbox" name="${name}.consent" value="yes"${picked(block.consent, 'yes') || block.consent === true ? ' checked' : ''}${question.required ? ' required' : ''}${consent.attrs}><span>${e(t(locale, 'survey.contact.consent'))}</span></label>${consent.html}
<div class="contact-details" data-contact-details>
${field('name', 'text', t(locale, 'survey.contact.name'), 'name')}
${field('email', 'email', t(locale, 'survey.contact.email'), 'email')}
${field('phone', 'tel', t(locale, 'survey.contact.phone'), 'tel')}
<fieldset class="langs"><legend class="field">${e(t(locale, 'survey.contact.language'))}</legend>${locales
        .map((other) => `<label class="option inline"><input type="radio" name="${name}.language" value="${other}"${language === other ? ' checked' : ''}><span lang="${other}">${e(localeNames[other])}</span></label>`)
        .join('')}</fieldset>
<p class="small">${e(t(locale, 'survey.contact.privacy'))}</p>
</div>`;
    }
  }
}

/** The whole `<form>`; `errors` marks the fields to fix and keeps `values`. */
export function surveyFormHtml(options: SurveyFormOptions): string {
  const { id, survey, locale, values = {}, errors } = options;
  const questions = survey.questions.map((question) => {
    const marker = `<span class="marker">(${e(t(locale, question.required ? 'survey.required' : 'survey.optional'))})</span>`;
    const hint = question.hint ? `<span class="hint">${e(question.hint[locale])}</span>` : '';
    const text = question.kind === 'short-text' || question.kind === 'long-text';
    // A text box has its own label; a group of choices is a fieldset with a legend.
    const heading = text
      ? `<label class="q-label" for="q-${question.id}">${e(question.label[locale])} ${marker}${hint}</label>`
      : `<legend class="q-label">${e(question.label[locale])} ${marker}${hint}</legend>`;
    const tag = text ? 'div' : 'fieldset';
    const conditional = question.showWhen ? ` data-show-when="${e(JSON.stringify(question.showWhen))}"` : '';
    return `<${tag} class="q q-${question.kind}" data-q="${question.id}"${conditional}>${heading}${questionBody(question, locale, values, errors)}</${tag}>`;
  });
  return `<form method="post" action="/api/responses" class="survey" id="survey-${e(id)}" accept-charset="utf-8">
<input type="hidden" name="survey" value="${e(id)}"><input type="hidden" name="locale" value="${locale}">
<input type="hidden" name="at" value="${e(options.at ?? '')}"><input type="hidden" name="product" value="${e(options.product ?? '')}">
<div class="hp" aria-hidden="true"><label>${e(t(locale, 'survey.honeypot'))} <input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
${questions.join('\n')}
<div class="send"><button type="submit">${e(t(locale, 'survey.submit'))}</button></div>
</form>`;
}

/** The form's look, shared by the page and the function's answer (which cannot import CSS files). */
export const surveyFormCss = `.survey{max-width:36rem}
.survey *,.survey *::before,.survey *::after{box-sizing:border-box}
.q{border:0;margin:0 0 1.75rem;padding:0;min-width:0}
.q-label{display:block;font-weight:650;font-size:1.125rem;margin-bottom:.6rem;padding:0}
.marker{font-weight:400;font-size:.875rem;color:var(--muted,#5c534c)}
.hint{display:block;font-weight:400;font-size:.9375rem;color:var(--muted,#5c534c)}
.scale{display:grid;gap:.4rem;grid-template-columns:repeat(5,1fr)}
.scale-nps{grid-template-columns:repeat(6,1fr)}
.pick{position:relative;display:block}
.pick input,.option input{position:absolute;opacity:0;width:100%;height:100%;margin:0;inset:0;cursor:pointer}
.pick span{display:flex;align-items:center;justify-content:center;min-height:3rem;border:2px solid #8c8178;border-radius:.6rem;background:#fff;font-weight:650;font-size:1.125rem}
.pick input:checked+span,.option input:checked+span{background:var(--brand,#7a3e12);border-color:var(--brand,#7a3e12);color:#fff}
.pick input:focus-visible+span,.option input:focus-visible+span{outline:3px solid var(--accent,#d98a2b);outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;font-size:.875rem;color:var(--muted,#5c534c);margin-top:.3rem}
.options{display:grid;gap:.4rem}
.option{position:relative;display:block;font-weight:400}
.option span{display:flex;align-items:center;min-height:3rem;padding:.5rem .9rem .5rem 2.6rem;border:2px solid #8c8178;border-radius:.6rem;background:#fff}
.option span::before{content:"";position:absolute;left:.85rem;width:1.1rem;height:1.1rem;border:2px solid currentColor;border-radius:50%;background:#fff}
.option input[type=checkbox]+span::before{border-radius:.2rem}
.option input:checked+span::before{box-shadow:inset 0 0 0 3px var(--brand,#7a3e12)}
.option.inline{display:inline-block;margin-right:.5rem}
.langs{border:0;padding:0;margin:.8rem 0 0}
.field{display:block;font-weight:600;margin:.8rem 0 .3rem}
.survey input[type=text],.survey input[type=email],.survey input[type=tel],.survey textarea{width:100%;min-height:3rem;padding:.6rem .75rem;border:2px solid #8c8178;border-radius:.6rem;background:#fff;font:inherit;color:inherit}
.survey [aria-invalid=true]+span,.survey input[aria-invalid=true],.survey textarea[aria-invalid=true]{border-color:#b3261e}
.q-error{color:#b3261e;font-weight:600;margin:.4rem 0 0}
.q-error::before{content:"⚠ "}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.send button{width:100%;min-height:3.5rem;border:0;border-radius:.6rem;background:var(--brand,#7a3e12);color:#fff;font:inherit;font-size:1.125rem;font-weight:650;cursor:pointer}
.survey .small{font-size:.875rem;color:var(--muted,#5c534c)}
.fix{border:2px solid #b3261e;border-radius:.6rem;padding:.75rem 1rem;margin:1rem 0 1.5rem;background:#fff}
.fix h2{margin:0 0 .4rem;font-size:1.2rem}
.fix ul{margin:.4rem 0 0}
[hidden]{display:none!important}`;

/** The answer to a form post that cannot be saved yet: the survey again, what to fix on top, every answer kept. */
export function surveyFixPage(options: SurveyFormOptions & { notice?: string }): string {
  const { survey, locale, errors = {} } = options;
  const label = (field: string) => {
    const question = survey.questions.find((q) => q.id === field.split('.')[1]);
    return question ? question.label[locale] : field;
  };
  const items = Object.entries(errors).map(([field, list]) => {
    const target = field.split('.').length > 2 ? `q-${field.split('.').slice(1).join('-')}` : `err-${field.replace(/\./g, '-')}`;
    return `<li><a href="#${e(target)}">${e(label(field))}</a>: ${e(list.join(' '))}</li>`;
  });
  const summary = `<div class="fix" role="alert"><h2>${e(t(locale, 'survey.fix.title'))}</h2>${
    options.notice ? `<p>${e(options.notice)}</p>` : ''
  }${items.length > 0 ? `<p>${e(t(locale, 'survey.fix.intro'))}</p><ul>${items.join('')}</ul>` : ''}</div>`;
  return simplePage(
    locale,
    `${t(locale, 'survey.fix.title')} · ${survey.title[locale]}`,
    `<style>${surveyFormCss}</style><h1>${e(survey.title[locale])}</h1>${summary}${surveyFormHtml(options)}`,
  );
}
