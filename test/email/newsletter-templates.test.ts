import { describe, expect, test } from 'vitest';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { readSite } from '../../src/catalog/read.ts';
import { markdownForEmail } from '../../src/email/templates/layout.ts';
import { newsletterEmail, prepareIssue } from '../../src/email/templates/newsletter.ts';
import { confirmationEmail, welcomeEmail } from '../../src/email/templates/subscription.ts';

const site = readSite();
const siteUrl = 'https://brasa.example';

describe('markdownForEmail()', () => {
  test('styles every element inline and makes site paths absolute', () => {
    const { html, text } = markdownForEmail('## Fresh\n\nTry the [House Blend](/en/products/house-blend/) **now**.\n\n- one\n- two', site, siteUrl);
    expect(html).toContain(`<h2 style="`);
    expect(html).toMatch(/<a style="[^"]*" href="https:\/\/brasa\.example\/en\/products\/house-blend\/">House Blend<\/a>/);
    expect(html).not.toMatch(/<(p|li|ul|h2|strong)>/);
    expect(text).toBe('FRESH\n\nTry the House Blend (https://brasa.example/en/products/house-blend/) now.\n\n- one\n- two');
  });

  test('leaves other links alone and keeps a style an owner wrote', () => {
    const { html } = markdownForEmail('[Maps](https://maps.example/x) <p style="color:red">mine</p>', site, siteUrl);
    expect(html).toContain('href="https://maps.example/x"');
    expect(html).toContain('<p style="color:red">mine</p>');
  });
});

describe.each(readIssues().map((issue) => [`${issue.id}/${issue.locale}`, issue] as const))('the newsletter email of %s', (_, issue) => {
  const email = newsletterEmail(prepareIssue(issue, site, siteUrl), `${siteUrl}/api/unsubscribe?token=abc`);

  test('is email-safe: tables, inline styles, no <style> or script, under 100 KB, in the shop colours', () => {
    expect(email.subject).toBe(issue.data.subject);
    expect(email.html).toContain('<table role="presentation"');
    expect(email.html).not.toMatch(/<style|<script|<link /i);
    expect(Buffer.byteLength(email.html)).toBeLessThan(100 * 1024);
    expect(email.html).toContain(site.colors.primary);
    expect(email.html).toContain(issue.data.preheader);
    expect(email.html).toContain(`<html lang="${issue.locale}">`);
  });

  test('has a plain-text part with absolute links, a web version and a visible unsubscribe link', () => {
    expect(email.html).toContain(`href="${siteUrl}/api/unsubscribe?token=abc"`);
    expect(email.text).toContain(`${siteUrl}/api/unsubscribe?token=abc`);
    expect(email.text).toContain(`${siteUrl}/${issue.locale}/newsletter/${issue.id}/`);
    expect(email.text).not.toMatch(/\]\(\/|<[a-z]/);
  });
});

test('the confirmation email carries the link as a button and in the text; the welcome email an unsubscribe link', () => {
  const confirm = confirmationEmail('es', site, siteUrl, `${siteUrl}/api/confirm?token=t`);
  expect(confirm.html).toContain(`href="${siteUrl}/api/confirm?token=t"`);
  expect(confirm.text).toContain(`${siteUrl}/api/confirm?token=t`);
  const welcome = welcomeEmail('en', site, siteUrl, `${siteUrl}/api/unsubscribe?token=u`);
  expect(welcome.html).toContain(`href="${siteUrl}/api/unsubscribe?token=u"`);
  expect(welcome.text).toContain('Unsubscribe: https://brasa.example/api/unsubscribe?token=u');
});
