import { describe, expect, test } from 'vitest';
import { createApp } from '../src/app.ts';

describe('createApp()', () => {
  test('locally: file store, outbox, demo secrets', () => {
    const app = createApp({ DATA_DIR: '/tmp/x' });
    expect([app.store.kind, app.mailer.kind]).toEqual(['file', 'outbox']);
    expect(app.secret('STAFF_PIN')).toBe('123456');
    expect(app.config.siteUrl).toBe('http://localhost:4321');
  });

  test('on Netlify: Blobs by default, and a missing secret throws with the fix', () => {
    // @netlify/blobs reads its context from process.env, as on Netlify.
    process.env.NETLIFY_BLOBS_CONTEXT = Buffer.from(JSON.stringify({ siteID: 's', token: 't', edgeURL: 'http://localhost:1' })).toString('base64');
    const app = createApp({ SITE_ID: 'site' });
    delete process.env.NETLIFY_BLOBS_CONTEXT;
    expect(app.store.kind).toBe('blobs');
    expect(() => app.secret('CARD_SECRET')).toThrow("CARD_SECRET is not set: add it to the site's environment");
  });

  test('a staff PIN shorter than 6 digits is refused on Netlify with the fix, and only warned about locally', () => {
    process.env.NETLIFY_BLOBS_CONTEXT = Buffer.from(JSON.stringify({ siteID: 's', token: 't', edgeURL: 'http://localhost:1' })).toString('base64');
    const netlify = (pin: string) => createApp({ SITE_ID: 'site', STAFF_PIN: pin });
    const [short, letters, long] = [netlify('1234'), netlify('12ab56'), netlify('482913')];
    delete process.env.NETLIFY_BLOBS_CONTEXT;
    expect(() => short.secret('STAFF_PIN')).toThrow('STAFF_PIN must be at least 6 digits (0-9), not 4 characters: set a longer PIN');
    expect(() => letters.secret('STAFF_PIN')).toThrow(/at least 6 digits/);
    expect(long.secret('STAFF_PIN')).toBe('482913');
    expect(createApp({ STAFF_PIN: '1234' }).secret('STAFF_PIN')).toBe('1234');
  });

  test('with RESEND_API_KEY: Resend, and MAIL_FROM is required', () => {
    expect(() => createApp({ RESEND_API_KEY: 're_x' })).toThrow(/MAIL_FROM is not set/);
    expect(createApp({ RESEND_API_KEY: 're_x', MAIL_FROM: 'Shop <a@b.c>' }).mailer.kind).toBe('resend');
  });

  test('refuses the file store on Netlify and unknown stores', () => {
    expect(() => createApp({ NETLIFY: 'true', STORE: 'file' })).toThrow(/cannot work on Netlify/);
    expect(() => createApp({ STORE: 'redis' })).toThrow(/STORE must be/);
  });
});
