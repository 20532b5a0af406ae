import { globSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { checkDictionaries } from '../../src/i18n/check.ts';
import { negotiateLocale } from '../../src/i18n/locales.ts';
import { alternates, switchLocale } from '../../src/i18n/paths.ts';
import { fill, formatPrice, monthLabel } from '../../src/i18n/format.ts';
import { formatDate, formatNumber, stringsWithPrefix, t } from '../../src/i18n/strings.ts';

describe('checkDictionaries()', () => {
  test('accepts the shipped strings', () => {
    expect(() => t('es', 'nav.home')).not.toThrow();
  });

  test('names the file and the key of a string missing in Spanish', () => {
    expect(() =>
      checkDictionaries({ survey: { en: { 'survey.a': 'A', 'survey.b': 'B' }, es: { 'survey.a': 'A' } } }),
    ).toThrow('content/i18n/es/survey.json is missing "survey.b" (it is in content/i18n/en/survey.json)');
  });

  test('names a string that exists only in Spanish too', () => {
    expect(() => checkDictionaries({ common: { en: {}, es: { 'x.y': 'Z' } } })).toThrow('content/i18n/en/common.json is missing "x.y"');
  });

  test('no file names a key twice (JSON would silently keep the last one)', () => {
    const files = globSync('content/i18n/*/*.json');
    expect(files.length).toBeGreaterThan(0);
    // YAML 1.2 reads JSON and, unlike JSON.parse, refuses a repeated key.
    for (const file of files) expect(() => parse(readFileSync(file, 'utf8')), file).not.toThrow();
  });

  test('refuses empty strings', () => {
    expect(() => checkDictionaries({ common: { en: { a: 'A' }, es: { a: ' ' } } })).toThrow('content/i18n/es/common.json has an empty string for "a"');
  });
});

describe('t()', () => {
  test('fills placeholders, formatting numbers per locale', () => {
    expect(t('en', 'footer.rights', { year: '2026', name: 'Brasa' })).toBe('© 2026 Brasa');
  });
});

describe('negotiateLocale()', () => {
  test.each([
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9,es;q=0.5', 'es'],
    ['de', 'en'],
    ['', 'en'],
    [null, 'en'],
    ['en;q=0.1,es;q=0.9', 'es'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe('switchLocale()', () => {
  test.each([
    ['/en/products/house-blend/', 'es', '/es/products/house-blend/'],
    ['/es/', 'en', '/en/'],
    ['/c/ABC/', 'es', '/es/c/ABC/'],
  ] as const)('%s in %s → %s', (path, to, expected) => {
    expect(switchLocale(path, to)).toBe(expected);
  });

  test('alternates() lists every language', () => {
    expect(alternates('/en/guides/')).toEqual([
      { locale: 'en', path: '/en/guides/' },
      { locale: 'es', path: '/es/guides/' },
    ]);
  });
});

describe('Intl formatting', () => {
  test('numbers and dates follow the locale', () => {
    expect(formatNumber('es', 1234.5)).toBe('1234,5');
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
    expect(formatDate('es', '2026-11-26T00:00:00Z')).toBe('26 de noviembre de 2026');
    expect(formatDate('en', '2026-11-26T00:00:00Z')).toBe('26 November 2026');
  });

  test('prices, month labels and placeholders, shared by the pages and the content editor\'s previews', () => {
    expect(formatPrice('es', { amount: 12.5, currency: 'EUR', per: '250 g' })).toBe('12,50\u00a0€ / 250 g');
    expect(formatPrice('en', { amount: 12.5, currency: 'EUR' })).toBe('€12.50');
    expect(monthLabel('es', '2026-11-01')).toBe('Noviembre de 2026');
    expect(monthLabel('en', '2026-11-01')).toBe('November 2026');
    // Every occurrence is filled, numbers as the language writes them; an unknown name stays.
    expect(fill('es', '{count} sellos de {count}; {who}', { count: 1200 })).toBe('1200 sellos de 1200; {who}');
    expect(fill('en', '{count} stamps', { count: 1200 })).toBe('1,200 stamps');
  });
});

describe('the Spanish strings', () => {
  const spanish = Object.entries(stringsWithPrefix('es', ''));

  test('address the customer as usted, never tú', () => {
    const tuteo = /(?<![\p{L}])(tú|tu|tus|te|ti|contigo|puedes|quieres|tienes|haz|recibirás|podrás)(?![\p{L}])/iu;
    expect(spanish.filter(([, text]) => tuteo.test(text.replace(/\{\w+\}/g, '')))).toEqual([]);
  });

  test('the newsletter confirmation asks as a Spanish shop would, not in a word-for-word translation', () => {
    expect(t('es', 'newsletter.email.confirm.body', { name: 'Brasa' })).toBe(
      'Hemos recibido una solicitud para enviar el boletín mensual de Brasa a esta dirección. Si la ha hecho usted, confírmela con un clic:',
    );
  });
});
