import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createApp, type SecretName } from '../../src/app.ts';
import { seededMarkers } from '../fixtures/seed-dashboard.ts';

const dist = 'dist';
const textFiles = () =>
  readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(html|js|mjs|json|xml|txt|css|svg|webmanifest)$/.test(file))
    .map((file) => ({ file, text: readFileSync(join(dist, file), 'utf8') }));

/**
 * The personal strings in the JSON documents of a store folder: email addresses
 * and written answers (ids and option values also occur in the site's pages).
 */
function storedStrings(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(value) || (value.length >= 20 && value.includes(' '))) found.add(value);
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const file of readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'))) {
    walk(JSON.parse(readFileSync(join(directory, file), 'utf8')));
  }
  return [...found];
}

describe('nothing private is in the static build (dist/)', () => {
  test('no dashboard page was prerendered: they exist only on demand, behind the session', () => {
    expect(existsSync(join(dist, 'en/index.html')), 'run `npm run build` first').toBe(true);
    expect(existsSync(join(dist, 'admin'))).toBe(false);
  });

  test('no secret: neither the demo values of src/app.ts nor the ones set for this run', () => {
    const local = createApp({ DATA_DIR: 'data' });
    const names: SecretName[] = ['CARD_SECRET', 'SESSION_SECRET', 'ADMIN_PASSWORD', 'STAFF_PIN'];
    // "admin" and "123456" also occur as ordinary text; the two long demo secrets and any real value set here are searched.
    const secrets = [...names.map((name) => local.secret(name)), ...names.map((name) => process.env[name])].filter(
      (value): value is string => typeof value === 'string' && value.length >= 8,
    );
    expect(secrets).toContain('dev-session-secret-change-me');
    for (const { file, text } of textFiles()) for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
  });

  test('no stored data: values the tests seed and every string in the data folder the build could read', () => {
    const stored = storedStrings(resolve(process.env.DATA_DIR ?? 'data', 'store'));
    const needles = [...seededMarkers, ...stored];
    for (const { file, text } of textFiles()) {
      for (const needle of needles) expect(text.includes(needle), `${file} holds stored data: ${needle}`).toBe(false);
    }
  });
});
