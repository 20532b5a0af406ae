import { describe, expect, test } from 'vitest';
import { batchCodes, issueBatch } from '../../src/loyalty/batches.ts';
import { verifyCardCode } from '../../src/loyalty/card.ts';
import { issueDigitalCard } from '../../src/loyalty/digital-card.ts';
import { listBatches } from '../../src/loyalty/queries.ts';
import { stampCard } from '../../src/loyalty/stamp-and-redeem.ts';
import { engines } from '../support/db.ts';
import { CARD_SECRET, loyaltyApps, openConnections, programme } from '../support/loyalty.ts';

describe.each(engines)('%s', (engine) => {
  const fresh = loyaltyApps(engine);

  describe('issueBatch()', () => {
    test('records numbered batches whose codes are genuine, distinct and the same on every reprint', async () => {
      const { app } = fresh();
      const first = await issueBatch(app, 25);
      const second = await issueBatch(app, 10);
      expect(first.codes).toHaveLength(25);
      expect(new Set([...first.codes, ...second.codes]).size).toBe(35);
      expect(batchCodes(app, first.batch)).toEqual(first.codes);
      const createdAt = new Date('2026-11-26T10:00:00Z');
      expect(await listBatches(app.db)).toEqual([
        { id: first.batch.id, number: 1, count: 25, createdAt },
        { id: second.batch.id, number: 2, count: 10, createdAt },
      ]);
      for (const code of first.codes.slice(0, 3)) expect((await stampCard(app, programme, { code, key: 'batch-check' })).ok).toBe(true);
    });

    test('10 batches at once get the numbers 1 to 10, each once', async () => {
      const { app } = fresh();
      await openConnections(app.db);
      await Promise.all(Array.from({ length: 10 }, () => issueBatch(app, 1)));
      expect((await listBatches(app.db)).map((batch) => batch.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    test('refuses an empty or oversized batch', async () => {
      const { app } = fresh();
      await expect(issueBatch(app, 0)).rejects.toThrow(RangeError);
      await expect(issueBatch(app, 5001)).rejects.toThrow(RangeError);
      expect(await listBatches(app.db)).toEqual([]);
    });
  });

  describe('issueDigitalCard()', () => {
    test('records a genuine card started on a phone, in its language', async () => {
      const { app } = fresh();
      const result = await issueDigitalCard(app, { locale: 'es', client: '192.0.2.7' });
      if (!result.ok) throw new Error(result.reason);
      expect(verifyCardCode(CARD_SECRET, result.code)).toBe(result.card);
      expect(await app.db.query(`SELECT id, origin, locale FROM cards`)).toEqual([{ id: result.card, origin: 'digital', locale: 'es' }]);
    });

    test('a filled honeypot is a bot: nothing stored', async () => {
      const { app } = fresh();
      expect(await issueDigitalCard(app, { locale: 'en', client: '192.0.2.7', honeypot: 'http://spam.example' })).toEqual({ ok: false, reason: 'bot' });
      expect(await app.db.query(`SELECT id FROM cards`)).toEqual([]);
    });
  });
});
