import { beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { erasePerson, findPerson } from '../../src/services/privacy.ts';
import { listSuppressions, suppress, suppressionCheck, suppressionOf } from '../../src/services/suppressions.ts';
import { snapshotFiles, testApp } from '../support/temp.ts';

let app: App;
let dataDir: string;
beforeEach(async () => {
  ({ app, dataDir } = await testApp({ SESSION_SECRET: 'test-secret' }));
});

describe('the suppression list', () => {
  test('keeps the first reason for an address and tells senders to skip it', async () => {
    expect(await suppress(app, 'ana@example.com', { reason: 'bounced', detail: 'Permanent' })).toBe(true);
    expect(await suppress(app, 'ana@example.com', { reason: 'complained' })).toBe(false);
    const isSuppressed = await suppressionCheck(app);
    expect([isSuppressed('ana@example.com'), isSuppressed('ben@example.com')]).toEqual([true, false]);
    expect(await listSuppressions(app)).toEqual([expect.objectContaining({ email: 'ana@example.com', reason: 'bounced' })]);
  });

  test('shows in the privacy export of the address', async () => {
    await suppress(app, 'ana@example.com', { reason: 'complained', issue: '2026-11' });
    expect((await findPerson(app, 'Ana@Example.com'))?.suppression).toMatchObject({ email: 'ana@example.com', reason: 'complained', issue: '2026-11' });
  });

  test('an erasure removes the address but the person is still never emailed', async () => {
    await suppress(app, 'ana@example.com', { reason: 'bounced', detail: 'Permanent: 550 <ana@example.com> no such user' });
    expect(await erasePerson(app, 'ana@example.com')).toMatchObject({ suppressedAddress: 1 });
    for (const [file, text] of Object.entries(await snapshotFiles(`${dataDir}/store`))) expect(text, file).not.toContain('ana@example.com');
    expect((await suppressionCheck(app))('ana@example.com')).toBe(true);
    expect(await suppressionOf(app, 'ana@example.com')).toMatchObject({ reason: 'bounced' });
  });
});
