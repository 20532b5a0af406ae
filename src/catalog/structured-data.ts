/** schema.org JSON-LD for product pages, manuals and guides (rich results). Every URL comes in absolute. */

interface ProductData {
  name: string;
  summary: string;
  price?: { amount: number; currency: string } | undefined;
  benefits: string[];
  steps: { title: string; text: string }[];
  faq: { question: string; answer: string }[];
}

export function productJsonLd(product: ProductData, url: string, image: string, brand: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    description: product.summary,
    image,
    url,
    brand: { '@type': 'Brand', name: brand },
    ...(product.price && {
      offers: { '@type': 'Offer', price: product.price.amount.toFixed(2), priceCurrency: product.price.currency, availability: 'https://schema.org/InStock', url },
    }),
  };
}

/** The usage steps as a HowTo; `stepImages[i]` is the absolute URL of step i's picture, if it has one. */
export function howToJsonLd(name: string, product: ProductData, url: string, image: string, stepImages: (string | undefined)[]): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'HowTo',
    name,
    description: product.summary,
    image,
    step: product.steps.map((step, i) => ({
      '@type': 'HowToStep',
      position: i + 1,
      name: step.title,
      text: step.text,
      url: `${url}#step-${i + 1}`,
      ...(stepImages[i] && { image: stepImages[i] }),
    })),
  };
}

/** Null when there is no question to mark up (an empty FAQPage is invalid). */
export function faqJsonLd(faq: ProductData['faq']): object | null {
  if (faq.length === 0) return null;
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: faq.map(({ question, answer }) => ({ '@type': 'Question', name: question, acceptedAnswer: { '@type': 'Answer', text: answer } })),
  };
}

export function articleJsonLd(guide: { title: string; summary: string; date: Date }, url: string, image: string | undefined, publisher: string, lang: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: guide.title,
    description: guide.summary,
    datePublished: guide.date.toISOString().slice(0, 10),
    inLanguage: lang,
    url,
    ...(image && { image }),
    publisher: { '@type': 'Organization', name: publisher },
  };
}

/** JSON for a <script> element: `<` escaped so a text can never close the script early. */
export const jsonForScript = (data: object): string => JSON.stringify(data).replace(/</g, '\\u003c');
