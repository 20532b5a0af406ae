import type { App } from '../app.ts';
import { batchDoc, sendLogDoc } from './newsletter-store.ts';

/** One place a newsletter send log holds an address: a batch it went out in, or a failed send. */
export interface NewsletterSend {
  issue: string;
  kind: 'batch' | 'failure';
  at: string;
}

const issueOf = (key: string) => key.split('/')[2]!;

/**
 * Every newsletter send log entry holding a normalised address (batches sent or
 * in flight, and permanent failures), for the privacy page and its export.
 * Reads every batch of every issue: an erasure is rare, a send is not.
 */
export async function sendsTo(app: App, email: string): Promise<NewsletterSend[]> {
  const [logKeys, batchKeys] = await Promise.all([app.store.keys('newsletter/sends/'), app.store.keys('newsletter/batches/')]);
  const logs = await Promise.all(logKeys.map((key) => app.store.read(sendLogDoc(issueOf(key)))));
  const batches = await Promise.all(batchKeys.map((key) => app.store.read(batchDoc(issueOf(key), Number(key.split('/').pop())))));
  return [
    ...logs.flatMap((log) => [
      ...[...log.batches, ...log.open].filter((b) => b.recipients.includes(email)).map((b) => ({ issue: log.issue, kind: 'batch' as const, at: b.sentAt ?? b.claimedAt })),
      ...log.failures.filter((f) => f.email === email).map((f) => ({ issue: log.issue, kind: 'failure' as const, at: f.at })),
    ]),
    ...batches.flatMap(({ batch }, i) => (batch?.recipients.includes(email) ? [{ issue: issueOf(batchKeys[i]!), kind: 'batch' as const, at: batch.sentAt ?? batch.claimedAt }] : [])),
  ];
}

/**
 * Removes an address from every send log and batch; returns how many entries
 * held it. Nobody is mailed twice for it: a later run sends only to current
 * subscribers, and the erased person is no longer one.
 */
export async function eraseSendsTo(app: App, email: string): Promise<number> {
  const [logKeys, batchKeys] = await Promise.all([app.store.keys('newsletter/sends/'), app.store.keys('newsletter/batches/')]);
  const dropFrom = (recipients: string[]) => {
    const at = recipients.indexOf(email);
    if (at < 0) return 0;
    recipients.splice(at, 1);
    return 1;
  };
  let count = 0;
  for (const key of logKeys) {
    count += await app.store.update(sendLogDoc(issueOf(key)), (draft) => {
      const before = draft.failures.length;
      draft.failures = draft.failures.filter((f) => f.email !== email);
      return before - draft.failures.length + [...draft.batches, ...draft.open].reduce((sum, b) => sum + dropFrom(b.recipients), 0);
    });
  }
  for (const key of batchKeys) {
    const doc = batchDoc(issueOf(key), Number(key.split('/').pop()));
    if (!(await app.store.read(doc)).batch?.recipients.includes(email)) continue;
    count += await app.store.update(doc, (draft) => (draft.batch ? dropFrom(draft.batch.recipients) : 0));
  }
  return count;
}
