import { fill, formatDate, formatPrice, monthLabel } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';

/**
 * Preview templates: the entry as the customer will see it, with the site's stylesheet and the same classes as
 * its pages. Decap renders them with its React (`h`, a global of its bundle).
 */

type H = (type: string, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown;
interface ImmutableLike {
  getIn(path: (string | number)[]): unknown;
  toJS?(): unknown;
}
export interface PreviewProps {
  entry: ImmutableLike & { get(name: string): unknown };
  locale?: Locale;
  widgetFor(name: string): unknown;
  getAsset(path: string): { toString(): string } | string;
  document: Document;
}

/** Interface strings per language, e.g. `products.benefits` → "Why you will like it". */
export type PreviewStrings = Record<Locale, Record<string, string>>;

const plain = (value: unknown): unknown => (value && typeof value === 'object' && 'toJS' in value ? (value as { toJS(): unknown }).toJS() : value);

export function previewTemplates(h: H, strings: PreviewStrings) {
  const setup = (props: PreviewProps) => {
    const lang = props.locale ?? 'en';
    // The frame is its own document: give it the language, as a customer's page has.
    props.document.documentElement.lang = lang;
    const data = (name: string) => plain(props.entry.getIn(['data', name]));
    // …and a title, as every page has (the page's is the entry's own).
    props.document.title = String(data('name') ?? data('title') ?? data('subject') ?? '');
    const t = (key: string, values: Record<string, string> = {}) => fill(lang, strings[lang][key] ?? key, values);
    // A date still being typed is not one yet: no date rather than "Invalid Date".
    const valid = (value: unknown) => !Number.isNaN(new Date(value as string).getTime());
    const image = (picture: unknown, className?: string) => {
      const { src, alt } = (picture ?? {}) as { src?: string; alt?: string };
      return src ? h('img', { class: className, src: String(props.getAsset(src)), alt: alt ?? '' }) : null;
    };
    return { lang, data, t, image, valid };
  };
  const list = (items: unknown, className?: string) => h('ul', { class: className }, ...((items as string[] | undefined) ?? []).map((item) => h('li', null, item)));
  /** Care and safety notes: nothing at all when there are none, as on the page. */
  const notes = (id: string, title: string, items: unknown) => ((items as string[] | undefined)?.length ? h('section', { class: `notes ${id}` }, h('h2', null, title), list(items)) : null);
  const page = (className: string, ...children: unknown[]) => h('main', { id: 'main' }, h('article', { class: className }, ...children));

  const product = (props: PreviewProps) => {
    const { lang, data, t, image } = setup(props);
    const price = data('price') as { amount?: number; currency?: string; per?: string } | undefined;
    const priceText = price?.amount && price.currency ? formatPrice(lang, { amount: price.amount, currency: price.currency, per: price.per }) : null;
    const steps = (data('steps') as { title?: string; text?: string; image?: unknown }[] | undefined) ?? [];
    const facts = (data('facts') as { label?: string; value?: string }[] | undefined) ?? [];
    const faq = (data('faq') as { question?: string; answer?: string }[] | undefined) ?? [];
    // The same elements and classes as the product page and its components (Facts, UsageSteps, NoteList, Faq).
    return page(
      'product',
      h(
        'header',
        { class: 'intro' },
        image((data('images') as unknown[] | undefined)?.[0], 'hero'),
        h(
          'div',
          null,
          h('h1', null, data('name')),
          h('p', { class: 'lead' }, data('summary')),
          priceText && h('p', { class: 'price' }, priceText),
          facts.length > 0 && h('dl', { class: 'facts', 'aria-label': t('products.facts') }, ...facts.map((fact) => h('div', null, h('dt', null, fact.label), h('dd', null, fact.value)))),
        ),
      ),
      h('section', null, h('h2', null, t('products.benefits')), list(data('benefits'), 'benefits')),
      h('section', null, h('h2', null, t('products.about')), h('div', { class: 'prose' }, props.widgetFor('body'))),
      h('section', null, h('h2', null, t('products.steps')), h('ol', { class: 'steps' }, ...steps.map((step) => h('li', null, h('div', { class: 'text' }, h('h3', null, step.title), h('p', null, step.text)), image(step.image))))),
      h('div', { class: 'columns' }, notes('care', t('products.care'), data('care')), notes('safety', t('products.safety'), data('safety'))),
      faq.length > 0 &&
        h('section', null, h('h2', null, t('products.faq')), h('div', { class: 'faq' }, ...faq.map((item) => h('details', null, h('summary', null, h('h3', null, item.question)), h('p', null, item.answer))))),
    );
  };

  const guide = (props: PreviewProps) => {
    const { lang, data, t, image, valid } = setup(props);
    const published = valid(data('date')) ? formatDate(lang, data('date') as string) : null;
    return page(
      'guide',
      h('h1', null, data('title')),
      published && h('p', { class: 'small' }, t('products.guides.published', { date: published })),
      h('p', { class: 'lead' }, data('summary')),
      image(data('image'), 'cover'),
      h('div', { class: 'prose' }, props.widgetFor('body')),
    );
  };

  const issue = (props: PreviewProps) => {
    const { lang, data, t, valid } = setup(props);
    // The issue's month is its file name (2026-11); a new issue has none until it is saved.
    const first = `${String(props.entry.get('slug') ?? '')}-01`;
    const month = valid(first) ? monthLabel(lang, first) : null;
    return page(
      'issue',
      month && h('p', { class: 'small' }, month),
      h('h1', null, data('subject')),
      h('p', { class: 'lead' }, data('preheader')),
      h('div', { class: 'prose' }, props.widgetFor('body')),
      h('p', { class: 'callout' }, t('newsletter.issue.subscribe')),
    );
  };

  return { products: product, guides: guide, newsletters: issue };
}
