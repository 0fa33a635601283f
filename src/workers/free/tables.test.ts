/**
 * The process tables' handle entries: removed once, and read whole while
 * another thread changes them. The races run on real threads
 * (`node:worker_threads`, from a glue bundled once with esbuild, as in
 * kernel-memory.test.ts).
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, type WorkerBundle } from '../../../scripts/worker-bundle';
import { ProcessTables } from './tables';

let bundle: WorkerBundle | null = null;
let workerFile = '';

// What a thread does: 'churn' closes handles 3..10 and opens 11..18 in their
// slots, then back (the object is always 1000 + the number, the end its
// parity); 'snapshot' counts entries that break that rule; 'remove' races
// another thread to remove handles 0..n-1 and reports how many it got.
const GLUE = `
import { parentPort, workerData } from 'node:worker_threads';
import { ProcessTables } from './tables';
const { buffer, options, task, rounds } = workerData;
const tables = ProcessTables.attach(buffer, options);
const go = new Int32Array(workerData.go);
Atomics.add(go, 0, 1);
while (Atomics.load(go, 0) < 2) {}
let got = 0;
if (task === 'churn') {
  for (let r = 0; r < rounds; r++) {
    const [was, now] = r % 2 === 0 ? [0, 8] : [8, 0];
    for (let h = 3; h <= 10; h++) {
      tables.removeHandle(0, h + was);
      tables.addHandle(0, { handle: h + now, obj: 1000 + h + now, end: (h + now) % 2 });
    }
  }
} else if (task === 'snapshot') {
  for (let r = 0; r < rounds; r++) {
    for (const e of tables.handles(0)) {
      if (e.obj !== 1000 + e.handle || e.end !== e.handle % 2) got++;
    }
  }
} else {
  for (let h = 0; h < rounds; h++) if (tables.removeHandle(0, h) !== null) got++;
}
parentPort.postMessage(got);
`;

beforeAll(async () => {
  bundle = await bundleWorker({
    glue: GLUE,
    resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    name: 'tables',
  });
  workerFile = bundle.file;
});

afterAll(async () => {
  await bundle?.dispose();
});

/** Starts two threads at the same instant on one table; resolves with what each counted. */
function race(tables: ProcessTables, options: unknown, tasks: [string, string], rounds: number) {
  const go = new SharedArrayBuffer(4);
  return Promise.all(
    tasks.map(
      (task) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(workerFile, {
            workerData: { buffer: tables.buffer, options, task, rounds, go },
          });
          worker.once('message', (n: number) => {
            resolve(n);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
}

describe('ProcessTables: handles', () => {
  it('adds, finds and removes; a removed handle is gone for the second remover', () => {
    const { tables } = ProcessTables.create({ maxObjects: 16, maxProcs: 2, maxHandles: 8 });
    const slot = tables.claimSlot(100);
    tables.addHandle(slot, { handle: 2 ** 40 + 5, obj: 3, end: 1 });
    tables.addHandle(slot, { handle: 4, obj: 2, end: 0 });
    expect(tables.lookup(slot, 2 ** 40 + 5)).toEqual({ handle: 2 ** 40 + 5, obj: 3, end: 1 });
    expect(tables.removeHandle(slot, 4)).toEqual({ handle: 4, obj: 2, end: 0 });
    expect(tables.removeHandle(slot, 4)).toBeNull();
    // The freed slot is reused, in a new generation.
    tables.addHandle(slot, { handle: 9, obj: 7, end: 0 });
    expect(tables.handles(slot).map((e) => e.handle)).toEqual([2 ** 40 + 5, 9]);
    for (let i = 0; i < 6; i++) tables.addHandle(slot, { handle: 20 + i, obj: 1, end: 0 });
    expect(() => tables.addHandle(slot, { handle: 99, obj: 1, end: 0 })).toThrow(/full/);
  });

  it('two threads removing the same handles: each is removed exactly once', async () => {
    const n = 2000;
    for (let round = 0; round < 5; round++) {
      const { tables, options } = ProcessTables.create({ maxProcs: 1, maxHandles: n });
      tables.claimSlot(1);
      for (let h = 0; h < n; h++) tables.addHandle(0, { handle: h, obj: 1, end: 0 });
      const [a, b] = await race(tables, options, ['remove', 'remove'], n);
      expect(a! + b!).toBe(n);
    }
  });

  it('a snapshot taken while another thread closes and opens handles never mixes two entries', async () => {
    const { tables, options } = ProcessTables.create({ maxProcs: 1, maxHandles: 16 });
    tables.claimSlot(1);
    const [, torn] = await race(tables, options, ['churn', 'snapshot'], 20_000);
    expect(torn).toBe(0);
  });
});
