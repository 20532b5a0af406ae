import { describe, expect, test } from 'vitest';
import { app, blobsStoreName, ConfigError, createApp } from '../src/app.ts';

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

  test('on Netlify without Resend set up: nothing is sent and nothing written, each send fails naming what is missing', async () => {
    process.env.NETLIFY_BLOBS_CONTEXT = Buffer.from(JSON.stringify({ siteID: 's', token: 't', edgeURL: 'http://localhost:1' })).toString('base64');
    const netlify = createApp({ SITE_ID: 'site', CARD_SECRET: 'c', SESSION_SECRET: 's', ADMIN_PASSWORD: 'a', STAFF_PIN: '123456', RESEND_API_KEY: 're_x' });
    delete process.env.NETLIFY_BLOBS_CONTEXT;
    expect(netlify.mailer.kind).toBe('none');
    expect(netlify.config.missing).toEqual(['MAIL_FROM']);
    const result = await netlify.mailer.send({ to: 'a@b.example', subject: 's', html: 'h', text: 't' });
    expect(result).toEqual({ ok: false, error: { message: expect.stringContaining('MAIL_FROM is not set'), retryable: false } });
  });

  test('on Netlify, missing lists every required variable unset or too weak; locally nothing is missing', () => {
    process.env.NETLIFY_BLOBS_CONTEXT = Buffer.from(JSON.stringify({ siteID: 's', token: 't', edgeURL: 'http://localhost:1' })).toString('base64');
    const bare = createApp({ SITE_ID: 'site' });
    const shortPin = createApp({ SITE_ID: 'site', STAFF_PIN: '1234' });
    delete process.env.NETLIFY_BLOBS_CONTEXT;
    expect(bare.config.missing).toEqual(['CARD_SECRET', 'SESSION_SECRET', 'ADMIN_PASSWORD', 'STAFF_PIN', 'RESEND_API_KEY', 'MAIL_FROM']);
    expect(shortPin.config.missing).toContain('STAFF_PIN');
    expect(() => bare.secret('SESSION_SECRET')).toThrow(ConfigError);
    expect(createApp({}).config.missing).toEqual([]);
  });

  test.each([
    [{}, 'vuelve'],
    [{ CONTEXT: 'production' }, 'vuelve'],
    [{ CONTEXT: 'deploy-preview', NETLIFY_BRANCH: 'feature/New-Survey' }, 'vuelve-deploy-preview-feature-new-survey'],
    [{ CONTEXT: 'branch-deploy', NETLIFY_BRANCH: 'staging' }, 'vuelve-branch-deploy-staging'],
    [{ CONTEXT: 'deploy-preview' }, 'vuelve-deploy-preview'],
    [{ CONTEXT: 'deploy-preview', BLOBS_STORE: 'shared' }, 'shared'],
  ])('the Blobs store for %o is %s: previews and branch deploys never share the live data', (env, name) => {
    expect(blobsStoreName(env)).toBe(name);
  });

  test('app() makes a new app, with a new Blobs client, when Netlify hands the invocation new Blobs credentials', () => {
    const before = process.env.NETLIFY_BLOBS_CONTEXT;
    try {
      process.env.NETLIFY_BLOBS_CONTEXT = 'first';
      const first = app();
      expect(app()).toBe(first);
      process.env.NETLIFY_BLOBS_CONTEXT = 'second';
      expect(app()).not.toBe(first);
    } finally {
      if (before === undefined) delete process.env.NETLIFY_BLOBS_CONTEXT;
      else process.env.NETLIFY_BLOBS_CONTEXT = before;
    }
  });

  test('refuses the file store on Netlify and unknown stores', () => {
    expect(() => createApp({ NETLIFY: 'true', STORE: 'file' })).toThrow(/cannot work on Netlify/);
    expect(() => createApp({ STORE: 'redis' })).toThrow(/STORE must be/);
  });
});
