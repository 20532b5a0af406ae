import { describe, expect, test } from 'vitest';
import { productPaths, slugOf } from '../../src/catalog/product-links.ts';
import { guideSchema, productSchema } from '../../src/catalog/products.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { articleJsonLd, faqJsonLd, howToJsonLd, jsonForScript, productJsonLd } from '../../src/catalog/structured-data.ts';

const products = readCollection('products', productSchema);
const guides = readCollection('guides', guideSchema);

describe('the demo products and guides', () => {
  test('every product and guide exists in English and Spanish', () => {
    for (const ids of [products.map((e) => e.id), guides.map((e) => e.id)]) {
      for (const slug of new Set(ids.map(slugOf))) expect(ids.filter((id) => slugOf(id) === slug).sort(), slug).toEqual([`en/${slug}`, `es/${slug}`]);
    }
    expect(guides.length).toBeGreaterThanOrEqual(4);
  });

  test('related products and guide products name existing products', () => {
    const slugs = new Set(products.map((entry) => slugOf(entry.id)));
    for (const entry of products) for (const slug of entry.data.related) expect(slugs.has(slug), `${entry.file}: ${slug}`).toBe(true);
    for (const entry of guides) for (const slug of entry.data.products) expect(slugs.has(slug), `${entry.file}: ${slug}`).toBe(true);
  });

  test('both languages of a product have the same number of steps, so leaflets and manuals match', () => {
    for (const entry of products.filter((e) => e.id.startsWith('en/'))) {
      const spanish = products.find((e) => e.id === `es/${slugOf(entry.id)}`);
      expect(spanish?.data.steps.length, entry.file).toBe(entry.data.steps.length);
    }
  });
});

describe('productSchema', () => {
  const valid = {
    name: 'Mug',
    summary: 'A mug.',
    images: [{ src: 'mug.jpg', alt: 'A white mug' }],
    benefits: ['Holds coffee'],
    steps: [{ title: 'Fill', text: 'Pour coffee in.' }],
    care: ['Wash it'],
  };

  test('accepts a product with an image, a benefit, a step and a care note', () => {
    expect(productSchema.safeParse(valid).success).toBe(true);
  });

  test.each([
    ['an image without alt text', { images: [{ src: 'mug.jpg' }] }],
    ['an image with empty alt text', { images: [{ src: 'mug.jpg', alt: ' ' }] }],
    ['no image', { images: [] }],
    ['no usage step', { steps: [] }],
    ['a related product that is not a file name', { related: ['House Blend'] }],
  ])('rejects %s', (_, change) => {
    expect(productSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe('productPaths()', () => {
  test('gives the page, manual, leaflet and the survey address printed on leaflets', () => {
    const paths = productPaths('es', 'house-blend');
    expect(paths).toMatchObject({ page: '/es/products/house-blend/', manual: '/es/products/house-blend/manual/', leaflet: '/es/products/house-blend/leaflet/' });
    expect(paths.survey('leaflet')).toBe('/es/survey/feedback/?at=leaflet&product=house-blend');
    expect(paths.survey()).toBe('/es/survey/feedback/?product=house-blend');
  });
});

describe('structured data', () => {
  const product = {
    name: 'House Blend',
    summary: 'Chocolate and hazelnut.',
    price: { amount: 12, currency: 'EUR' },
    benefits: ['Sweet'],
    steps: [{ title: 'Weigh', text: '18 g.' }, { title: 'Brew', text: '25 s.' }],
    faq: [{ question: 'Ground?', answer: 'Yes.' }],
  };
  const url = 'https://brasa.example/en/products/house-blend/';

  test('productJsonLd() is a Product with brand and an offer in the price currency', () => {
    expect(productJsonLd(product, url, 'https://brasa.example/a.jpg', 'Brasa')).toMatchObject({
      '@type': 'Product',
      brand: { name: 'Brasa' },
      offers: { '@type': 'Offer', price: '12.00', priceCurrency: 'EUR' },
    });
    expect(productJsonLd({ ...product, price: undefined }, url, 'x', 'Brasa')).not.toHaveProperty('offers');
  });

  test('howToJsonLd() numbers the steps, links each to its anchor and adds step images where present', () => {
    const howTo = howToJsonLd('Manual', product, url, 'img', ['https://brasa.example/s1.jpg', undefined]) as { step: Record<string, unknown>[] };
    expect(howTo.step).toEqual([
      { '@type': 'HowToStep', position: 1, name: 'Weigh', text: '18 g.', url: `${url}#step-1`, image: 'https://brasa.example/s1.jpg' },
      { '@type': 'HowToStep', position: 2, name: 'Brew', text: '25 s.', url: `${url}#step-2` },
    ]);
  });

  test('faqJsonLd() marks up each question, and nothing for an empty FAQ', () => {
    expect(faqJsonLd(product.faq)).toMatchObject({ '@type': 'FAQPage', mainEntity: [{ name: 'Ground?', acceptedAnswer: { text: 'Yes.' } }] });
    expect(faqJsonLd([])).toBeNull();
  });

  test('articleJsonLd() dates a guide by day', () => {
    expect(articleJsonLd({ title: 'T', summary: 'S', date: new Date('2026-11-03') }, url, undefined, 'Brasa', 'en')).toMatchObject({ '@type': 'Article', datePublished: '2026-11-03' });
  });

  test('jsonForScript() cannot close its <script> element early', () => {
    const json = jsonForScript({ name: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>' });
  });
});
