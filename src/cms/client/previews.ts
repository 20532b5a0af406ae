import type { Locale } from '../../i18n/locales.ts';

/**
 * Preview templates: the entry as the customer will see it, in the language of
 * the editor's left pane, with the site's own stylesheet and the same classes as
 * the product, guide and newsletter pages. Decap renders them with its React
 * (`h`, a global of its bundle).
 */

type H = (type: string, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown;
interface ImmutableLike {
  getIn(path: (string | number)[]): unknown;
  toJS?(): unknown;
}
export interface PreviewProps {
  entry: ImmutableLike;
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
    const t = (key: string) => strings[lang][key] ?? key;
    const image = (picture: unknown, className?: string) => {
      const { src, alt } = (picture ?? {}) as { src?: string; alt?: string };
      return src ? h('img', { class: className, src: String(props.getAsset(src)), alt: alt ?? '' }) : null;
    };
    return { lang, data, t, image };
  };
  const list = (items: unknown, className?: string) => h('ul', { class: className }, ...((items as string[] | undefined) ?? []).map((item) => h('li', null, item)));

  const product = (props: PreviewProps) => {
    const { lang, data, t, image } = setup(props);
    const price = data('price') as { amount?: number; currency?: string; per?: string } | undefined;
    const priceText =
      price?.amount && price.currency
        ? `${new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-GB', { style: 'currency', currency: price.currency }).format(price.amount)}${price.per ? ` / ${price.per}` : ''}`
        : null;
    const steps = (data('steps') as { title?: string; text?: string }[] | undefined) ?? [];
    return h(
      'main',
      { id: 'main' },
      h(
        'article',
        { class: 'product' },
        h('header', { class: 'intro' }, image((data('images') as unknown[] | undefined)?.[0], 'hero'), h('div', null, h('h1', null, data('name')), h('p', { class: 'lead' }, data('summary')), priceText && h('p', { class: 'price' }, priceText))),
        h('section', null, h('h2', null, t('products.benefits')), list(data('benefits'), 'benefits')),
        h('section', null, h('h2', null, t('products.about')), h('div', { class: 'prose' }, props.widgetFor('body'))),
        h('section', null, h('h2', null, t('products.steps')), h('ol', { class: 'steps' }, ...steps.map((step) => h('li', null, h('h3', null, step.title), h('p', null, step.text))))),
        h('div', { class: 'columns' }, h('section', null, h('h2', null, t('products.care')), list(data('care'))), h('section', null, h('h2', null, t('products.safety')), list(data('safety')))),
      ),
    );
  };

  const guide = (props: PreviewProps) => {
    const { data, image } = setup(props);
    return h('main', { id: 'main' }, h('article', { class: 'guide' }, h('h1', null, data('title')), h('p', { class: 'lead' }, data('summary')), image(data('image'), 'cover'), h('div', { class: 'prose' }, props.widgetFor('body'))));
  };

  const issue = (props: PreviewProps) => {
    const { data } = setup(props);
    return h('main', { id: 'main' }, h('article', { class: 'issue' }, h('h1', null, data('subject')), h('p', { class: 'lead' }, data('preheader')), h('div', { class: 'prose' }, props.widgetFor('body'))));
  };

  return { products: product, guides: guide, newsletters: issue };
}
