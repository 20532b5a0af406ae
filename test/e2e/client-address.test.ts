import { describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { pseudonym } from '../../src/domain/signing.ts';
import { signupLimit } from '../../src/newsletter/subscribe.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

/** The pseudonymous client keys the newsletter sign-up limit is counting, read from the server's database. */
async function countedClients(): Promise<string[]> {
  const server = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
  try {
    return (await server.db.query('SELECT key FROM rate_limits WHERE name = $1', [signupLimit.name])).map((row) => String(row.key));
  } finally {
    await server.db.close();
  }
}

describe('under npm start, the client address', () => {
  test('is the connection\'s, never X-Forwarded-For or X-NF-Client-Connection-IP as the client writes them', async () => {
    const posed = ['203.0.113.7', '203.0.113.8'];
    for (const [i, address] of posed.entries()) {
      const response = await fetch(`${baseUrl}/api/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address, 'x-nf-client-connection-ip': address },
        body: JSON.stringify({ email: `posing-${i}@example.com`, lang: 'en' }),
      });
      expect(response.status).toBeLessThan(300);
    }
    const secret = createApp({ DATA_DIR: dataDir }).secret('SESSION_SECRET');
    const counted = await countedClients();
    for (const address of posed) expect(counted).not.toContain(pseudonym(secret, address));
    const loopback = ['127.0.0.1', '::1'].map((address) => pseudonym(secret, address));
    expect(counted.some((key) => loopback.includes(key))).toBe(true);
  });
});
