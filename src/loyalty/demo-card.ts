import type { App } from '../app.ts';
import type { Loyalty } from '../catalog/loyalty.ts';
import { issueBatch } from './batches.ts';
import { stampCard } from './stamp-and-redeem.ts';

/** `npm run demo`'s card: a batch of one, stamped a day apart over the past days through the real limits, with a reward ready. */
export async function demoCard(app: App, programme: Loyalty): Promise<string> {
  const { codes } = await issueBatch(app, 1);
  const code = codes[0]!;
  const start = app.now().getTime() - (programme.stampsPerReward + 1) * 86_400_000;
  for (let n = 0; n < programme.stampsPerReward; n++) {
    const then: App = { ...app, now: () => new Date(start + n * 86_400_000) };
    const result = await stampCard(then, programme, { code, key: `demo-${code}-${n}` });
    if (!result.ok) throw new Error(`The demo stamp ${n + 1} was refused: ${result.reason}`);
  }
  return code;
}
