import { describe, expect, test } from 'vitest';
import { ConfigError, createApp, withUser } from '../src/app.ts';

describe('createApp()', () => {
  test('locally: outbox, demo secrets', () => {
    const app = createApp({ DATA_DIR: '/tmp/x' });
    expect(app.mailer.kind).toBe('outbox');
    expect(app.secret('STAFF_PIN')).toBe('123456');
    expect(app.config.siteUrl).toBe('http://localhost:4321');
  });

  test('on Netlify: a missing secret, or a missing database, throws with the fix', () => {
    const app = createApp({ SITE_ID: 'site' });
    expect(() => app.secret('CARD_SECRET')).toThrow("CARD_SECRET is not set: add it to the site's environment");
    expect(() => app.db).toThrow(/NETLIFY_DB_URL is not set: Netlify provisions the site's database/);
    expect(() => createApp({}).db).toThrow(/NETLIFY_DB_URL is not set: start the kit with `npm start`/);
  });

  test.each([
    ['postgres://localhost:5432/postgres', 'postgres://postgres@localhost:5432/postgres'],
    ['postgres://ana@db.example:5432/shop', 'postgres://ana@db.example:5432/shop'],
  ])('withUser(%s): the emulation’s address gets a user (node-postgres would send an unset $USER)', (url, expected) => {
    expect(withUser(url)).toBe(expected);
  });

  test('a staff PIN shorter than 6 digits is refused on Netlify with the fix, and only warned about locally', () => {
    const netlify = (pin: string) => createApp({ SITE_ID: 'site', STAFF_PIN: pin });
    const [short, letters, long] = [netlify('1234'), netlify('12ab56'), netlify('482913')];
    expect(() => short.secret('STAFF_PIN')).toThrow('STAFF_PIN must be at least 6 digits (0-9), not 4 characters: set a longer PIN');
    expect(() => letters.secret('STAFF_PIN')).toThrow(/at least 6 digits/);
    expect(long.secret('STAFF_PIN')).toBe('482913');
    expect(createApp({ STAFF_PIN: '1234' }).secret('STAFF_PIN')).toBe('1234');
  });

  test('with RESEND_API_KEY: Resend, and MAIL_FROM is required', () => {
    expect(() => createApp({ RESEND_API_KEY: 're_x' })).toThrow(/MAIL_FROM is not set/);
    expect(createApp({ RESEND_API_KEY: 're_x', MAIL_FROM: 'Shop <a@b.c>' }).mailer.kind).toBe('resend');
  });

  test('on Netlify without Resend set up: nothing is sent and nothing written, each send fails naming what is missing', async () => {
    const netlify = createApp({ SITE_ID: 'site', CARD_SECRET: 'c', SESSION_SECRET: 's', ADMIN_PASSWORD: 'a', STAFF_PIN: '123456', RESEND_API_KEY: 're_x', NETLIFY_DB_URL: 'postgres://db.example/shop' });
    expect(netlify.mailer.kind).toBe('none');
    expect(netlify.config.missing).toEqual(['MAIL_FROM']);
    const result = await netlify.mailer.send({ to: 'a@b.example', subject: 's', html: 'h', text: 't' });
    expect(result).toEqual({ ok: false, error: { message: expect.stringContaining('MAIL_FROM is not set'), retryable: false } });
  });

  test('on Netlify, missing lists every required variable unset or too weak; locally nothing is missing', () => {
    const bare = createApp({ SITE_ID: 'site' });
    const shortPin = createApp({ SITE_ID: 'site', STAFF_PIN: '1234' });
    expect(bare.config.missing).toEqual(['CARD_SECRET', 'SESSION_SECRET', 'ADMIN_PASSWORD', 'STAFF_PIN', 'RESEND_API_KEY', 'MAIL_FROM', 'NETLIFY_DB_URL']);
    expect(shortPin.config.missing).toContain('STAFF_PIN');
    expect(() => bare.secret('SESSION_SECRET')).toThrow(ConfigError);
    expect(createApp({}).config.missing).toEqual([]);
  });
});
