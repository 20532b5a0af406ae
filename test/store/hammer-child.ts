// A separate process writing to a file store, for file-processes.test.ts:
// `node hammer-child.ts DIR NAME COUNT` appends NAME-0 … NAME-(COUNT-1) to one document (COUNT 0: forever)
// and tries to redeem the one reward, printing "ack N" once each append is stored.
import { z } from 'zod';
import { createStore } from '../../src/store/document-store.ts';
import { fileBackend } from '../../src/store/file-backend.ts';
import { defineDoc } from '../../src/store/store.ts';

const [dir = '', name = '', count = '0'] = process.argv.slice(2);
const store = createStore(fileBackend(dir));
const list = defineDoc('hammer/list', z.object({ items: z.array(z.string()) }), () => ({ items: [] }));
const reward = defineDoc('hammer/reward', z.object({ redeemedBy: z.string().nullable() }), () => ({ redeemedBy: null }));

const won = await store.update(reward, (doc) => {
  if (doc.redeemedBy) return false;
  doc.redeemedBy = name;
  return true;
});
console.log(won ? 'redeemed' : 'refused');
const total = Number(count) || Infinity;
// Sequential on purpose: each process is one writer, as one request is; the processes race each other.
for (let i = 0; i < total; i++) {
  await store.update(list, (doc) => void doc.items.push(`${name}-${i}`));
  console.log(`ack ${i}`);
}
