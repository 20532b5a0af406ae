import { describe, expect, test } from 'vitest';
import { locales } from '../../src/i18n/locales.ts';
import { isPluralKey, stringsWithPrefix, t, tn, type PluralKey, type UiKey } from '../../src/i18n/strings.ts';

/**
 * Every counted string, in both languages, for 0, 1 and many: the one place
 * that says how "1 subscriber" / "1 suscriptor" must read. A counted string
 * added without a row here fails the first test.
 */
const expected: Record<PluralKey, { vars?: Record<string, string | number>; en: [string, string, string]; es: [string, string, string] }> = {
  'admin.feedback.textsCount': {
    en: ['0 responses with a written answer in this period, newest first.', '1 response with a written answer in this period.', '1,250 responses with a written answer in this period, newest first.'],
    es: ['0 respuestas con texto escrito en este periodo, las más recientes primero.', '1 respuesta con texto escrito en este periodo.', '1250 respuestas con texto escrito en este periodo, las más recientes primero.'],
  },
  'loyalty.admin.batch': {
    vars: { number: 2, date: '6 Dec 2026' },
    en: ['Batch 2: 0 cards, 6 Dec 2026', 'Batch 2: 1 card, 6 Dec 2026', 'Batch 2: 1,250 cards, 6 Dec 2026'],
    es: ['Lote 2: 0 tarjetas, 6 Dec 2026', 'Lote 2: 1 tarjeta, 6 Dec 2026', 'Lote 2: 1250 tarjetas, 6 Dec 2026'],
  },
  'loyalty.print.summary': {
    vars: { pages: 2, paper: 'A4' },
    en: ['0 cards on 2 pages, A4.', '1 card on 2 pages, A4.', '1,250 cards on 2 pages, A4.'],
    es: ['0 tarjetas en 2 páginas, A4.', '1 tarjeta en 2 páginas, A4.', '1250 tarjetas en 2 páginas, A4.'],
  },
  'admin.import.rows': {
    en: ['0 rows read.', '1 row read.', '1,250 rows read.'],
    es: ['Se han leído 0 filas.', 'Se ha leído 1 fila.', 'Se han leído 1250 filas.'],
  },
  'admin.newsletter.reach': {
    en: ['0 subscribers', '1 subscriber', '1,250 subscribers'],
    es: ['0 suscriptores', '1 suscriptor', '1250 suscriptores'],
  },
  'admin.newsletter.done.finished': {
    en: ['Sent: the issue went out to 0 subscribers.', 'Sent: the issue went out to 1 subscriber.', 'Sent: the issue went out to 1,250 subscribers.'],
    es: ['Enviado: el número ha llegado a 0 suscriptores.', 'Enviado: el número ha llegado a 1 suscriptor.', 'Enviado: el número ha llegado a 1250 suscriptores.'],
  },
  'admin.newsletter.suppressedCount': {
    en: [
      '0 addresses bounced for good or reported an email as spam.',
      '1 address bounced for good or reported an email as spam.',
      '1,250 addresses bounced for good or reported an email as spam.',
    ],
    es: [
      '0 direcciones rebotaron de forma definitiva o marcaron un correo como spam.',
      '1 dirección rebotó de forma definitiva o marcó un correo como spam.',
      '1250 direcciones rebotaron de forma definitiva o marcaron un correo como spam.',
    ],
  },
  'admin.signIns.staff': {
    en: ['0 staff phones are signed in.', '1 staff phone is signed in.', '1,250 staff phones are signed in.'],
    es: ['0 móviles del personal tienen la sesión iniciada.', '1 móvil del personal tiene la sesión iniciada.', '1250 móviles del personal tienen la sesión iniciada.'],
  },
  'admin.signIns.admin': {
    en: ['0 browsers are signed in to the dashboard, this one included.', '1 browser is signed in to the dashboard (this one).', '1,250 browsers are signed in to the dashboard, this one included.'],
    es: ['0 navegadores tienen la sesión del panel iniciada, este incluido.', '1 navegador tiene la sesión del panel iniciada (este).', '1250 navegadores tienen la sesión del panel iniciada, este incluido.'],
  },
  'newsletter.email.owner.finished.subject': {
    vars: { month: '2026-11' },
    en: ['Newsletter 2026-11 sent to 0 subscribers', 'Newsletter 2026-11 sent to 1 subscriber', 'Newsletter 2026-11 sent to 1,250 subscribers'],
    es: ['Boletín 2026-11 enviado a 0 suscriptores', 'Boletín 2026-11 enviado a 1 suscriptor', 'Boletín 2026-11 enviado a 1250 suscriptores'],
  },
  'newsletter.email.owner.finished.body': {
    vars: { month: '2026-11', failed: 0 },
    en: [
      'The issue 2026-11 was accepted for delivery to 0 subscribers. Addresses that failed: 0.',
      'The issue 2026-11 was accepted for delivery to 1 subscriber. Addresses that failed: 0.',
      'The issue 2026-11 was accepted for delivery to 1,250 subscribers. Addresses that failed: 0.',
    ],
    es: [
      'El número 2026-11 se aceptó para su entrega a 0 suscriptores. Direcciones que fallaron: 0.',
      'El número 2026-11 se aceptó para su entrega a 1 suscriptor. Direcciones que fallaron: 0.',
      'El número 2026-11 se aceptó para su entrega a 1250 suscriptores. Direcciones que fallaron: 0.',
    ],
  },
};

const counts = [0, 1, 1250] as const;

describe('counted strings (Intl.PluralRules)', () => {
  test('every counted string has its row here, with a `one` and an `other` form in both languages', () => {
    const keys = Object.keys(stringsWithPrefix('en', '')).filter((key) => key.endsWith('.other')).map((key) => key.slice(0, -'.other'.length));
    expect(keys.sort()).toEqual(Object.keys(expected).sort());
    for (const key of keys) {
      expect(isPluralKey(key)).toBe(true);
      for (const locale of locales) expect(t(locale, `${key}.one` as UiKey)).not.toBe(t(locale, `${key}.other` as UiKey));
    }
  });

  for (const [key, row] of Object.entries(expected) as [PluralKey, (typeof expected)[PluralKey]][]) {
    test.each(locales.flatMap((locale) => counts.map((count, i) => [locale, count, row[locale][i]!] as const)))(`${key} (%s, %d) → %s`, (locale, count, text) => {
      expect(tn(locale, key, count, row.vars)).toBe(text);
    });
  }

  test('a category a language has but its file does not write (Spanish "many": a million) reads as `other`', () => {
    expect(new Intl.PluralRules('es').select(1_000_000)).toBe('many');
    expect(tn('es', 'newsletter.email.owner.finished.subject', 1_000_000, { month: '2026-11' })).toBe('Boletín 2026-11 enviado a 1.000.000 suscriptores');
  });
});
