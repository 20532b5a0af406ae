import { describe, expect, test } from 'vitest';
import { readSite } from '../../src/catalog/read.ts';
import { ownerNotice } from '../../src/email/templates/owner-notice.ts';
import { signInAlertEmail } from '../../src/email/templates/sign-in-alert.ts';

const site = readSite();

describe('emails to the owner speak the owner\'s language (ownerLocale in site.yaml)', () => {
  test('the demo shop writes to its owner in English', () => {
    expect(site.ownerLocale).toBe('en');
  });

  test.each([
    ['en', 'Newsletter 2026-11 sent to 3 subscribers', 'enviado'],
    ['es', 'Boletín 2026-11 enviado a 3 suscriptores', 'sent to'],
  ] as const)('a newsletter notice in %s, and only in it', (ownerLocale, subject, otherLanguage) => {
    const notice = ownerNotice({ ...site, ownerLocale }, 'https://shop.example', 'finished', { month: '2026-11', count: 3, failed: 0 });
    expect(notice.subject).toBe(subject);
    expect(notice.text).not.toContain(otherLanguage);
  });

  test('a sign-in alert in Spanish', () => {
    const alert = signInAlertEmail('es', { ...site, ownerLocale: 'es' }, 'https://shop.example', { role: 'staff', failures: 10, since: new Date('2026-11-26T10:00:00Z') });
    // 10:00 UTC is 11:00 on the shop's clock (Europe/Madrid in November).
    expect(alert.subject).toBe('10 PIN de personal incorrectos desde el 26 de noviembre de 2026 a las 11:00');
    expect(alert.text).toContain('cambie STAFF_PIN');
  });
});
