import { expect, test } from 'vitest';
import { reachOf } from '../../src/services/newsletter-audience.ts';
import { updateSubscriber } from '../../src/services/newsletter-store.ts';
import { subscribe } from '../../src/services/subscribe.ts';
import { countReads } from '../support/reads.ts';
import { testApp } from '../support/temp.ts';

const all = { kind: 'all', lapsedDays: 60 } as const;

test("the dashboard's reach is counted from every subscriber once, and again when the confirmed subscribers change", async () => {
  const { app } = await testApp({ RESEND_API_KEY: '' });
  const confirm = async (email: string) => {
    await subscribe(app, { email, locale: email.startsWith('es') ? 'es' : 'en', source: 'footer', client: email });
    const at = app.now().toISOString();
    await updateSubscriber(app.store, email, (draft) => void Object.assign(draft.subscriber!, { status: 'confirmed', confirmedAt: at, updatedAt: at }));
  };
  for (const email of ['en1@example.com', 'en2@example.com', 'es1@example.com']) await confirm(email);
  expect(await reachOf(app, '2026-12', all, { en: 2, es: 1 })).toMatchObject({ byLocale: { en: 2, es: 1 }, total: 3 });

  const counted = countReads(app);
  expect(await reachOf(counted.app, '2026-12', all, { en: 2, es: 1 })).toMatchObject({ total: 3 });
  expect(counted.reads.filter((key) => key.startsWith('rollups/subscribers/') || key.startsWith('newsletter/subscribers/'))).toEqual([]);

  await confirm('en3@example.com');
  expect(await reachOf(app, '2026-12', all, { en: 3, es: 1 })).toMatchObject({ byLocale: { en: 3, es: 1 }, total: 4 });
});
