import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { createStore } from '../../src/store/document-store.ts';
import { fileBackend } from '../../src/store/file-backend.ts';
import { defineDoc } from '../../src/store/store.ts';
import { tempDir } from '../support/temp.ts';

const child = join(import.meta.dirname, 'hammer-child.ts');
const list = defineDoc('hammer/list', z.object({ items: z.array(z.string()) }), () => ({ items: [] }));

/** Starts a writer process; `acks` grows as it reports stored appends. */
function writer(dir: string, name: string, count: number) {
  const proc = spawn(process.execPath, [child, dir, name, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffered = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, lines, exited, acks: () => lines.filter((l) => l.startsWith('ack ')).map((l) => `${name}-${l.slice(4)}`) };
}

/** Every file under a folder, each with whether it parses as JSON (lock folders hold no files). */
async function filesAreJson(dir: string): Promise<Record<string, boolean>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  const parses = async (path: string) => {
    try {
      JSON.parse(await readFile(path, 'utf8'));
      return true;
    } catch {
      return false;
    }
  };
  return Object.fromEntries(await Promise.all(files.map(async (f) => [join(f.parentPath, f.name).slice(dir.length + 1), await parses(join(f.parentPath, f.name))] as const)));
}

describe('the file store with many processes on one folder', () => {
  test('6 processes × 30 appends to one document and one reward: nothing lost, one redemption, only valid JSON', async () => {
    const dir = await tempDir();
    const writers = Array.from({ length: 6 }, (_, i) => writer(dir, `p${i}`, 30));
    expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0, 0, 0, 0, 0]);
    const { items } = await createStore(fileBackend(dir)).read(list);
    expect(items.toSorted()).toEqual(writers.flatMap((w) => w.acks()).toSorted());
    expect(items).toHaveLength(180);
    expect(writers.flatMap((w) => w.lines).filter((l) => l === 'redeemed')).toHaveLength(1);
    expect(await filesAreJson(dir)).toEqual({ 'hammer/list.json': true, 'hammer/reward.json': true });
  }, 120_000);

  test('a process killed (-9) in the middle of writing loses nothing it acknowledged, and others write on after its lock goes stale', async () => {
    const dir = await tempDir();
    const victim = writer(dir, 'victim', 0);
    const steady = writer(dir, 'steady', 40);
    while (victim.acks().length < 25) await new Promise((resolve) => setTimeout(resolve, 10));
    victim.proc.kill('SIGKILL');
    await victim.exited;
    expect(await steady.exited).toBe(0);
    const store = createStore(fileBackend(dir, { staleLockMs: 2_000 }));
    await store.update(list, (doc) => void doc.items.push('after'));
    const { items } = await store.read(list);
    expect(items).toEqual(expect.arrayContaining([...victim.acks(), ...steady.acks(), 'after']));
    expect(steady.acks()).toHaveLength(40);
  }, 120_000);
});
