/**
 * Tests of the shared-memory primitives, single-threaded and across real
 * threads.
 *
 * How the threads are made: `test-worker.entry.ts` (plain TypeScript, no Node
 * API) holds what a thread does. `beforeAll` bundles it with esbuild, behind a
 * three-line Node glue, into one temporary .mjs file, and every test starts
 * `node:worker_threads` Workers from that file with `{ sab, task }` as
 * `workerData`. Bundling once keeps each Worker's start-up to plain JS loading
 * (no TypeScript loader per thread), which is quick and works the same under
 * any Vitest pool.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, type WorkerBundle } from '../../../scripts/worker-bundle';
import {
  BrokenPipeError,
  KernelMemory,
  LogFullError,
  SemaphoreOverflowError,
} from './kernel-memory';
import {
  SCRATCH_COUNTER,
  SCRATCH_MAX_HOLDERS,
  messageSize,
  type Task,
  type TaskResult,
} from './test-worker.entry';

let bundle: WorkerBundle | null = null;
let workerFile = '';
const live = new Set<Worker>();

const GLUE = `
import { parentPort, workerData } from 'node:worker_threads';
import { runTask } from './test-worker.entry';
parentPort.postMessage(runTask(workerData.sab, workerData.task));
`;

beforeAll(async () => {
  bundle = await bundleWorker({
    glue: GLUE,
    resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    name: 'shared',
  });
  workerFile = bundle.file;
});

afterAll(async () => {
  await Promise.all([...live].map((w) => w.terminate()));
  await bundle?.dispose();
});

interface Started {
  readonly worker: Worker;
  readonly result: Promise<TaskResult>;
  /** True once the worker has posted its result. */
  done(): boolean;
}

function start(mem: KernelMemory, task: Task): Started {
  const worker = new Worker(workerFile, { workerData: { sab: mem.buffer, task } });
  live.add(worker);
  let finished = false;
  const result = new Promise<TaskResult>((resolve, reject) => {
    worker.once('message', (r: TaskResult) => {
      finished = true;
      resolve(r);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      live.delete(worker);
      if (!finished) reject(new Error(`worker exited with code ${code} before reporting`));
    });
  });
  return { worker, result, done: () => finished };
}

/** Runs a task on a new thread and returns its value, failing the test on a thrown error. */
async function value<T>(started: Started): Promise<{ value: T; elapsedMs: number }> {
  const r = await started.result;
  if (!r.ok) throw new Error(`worker failed: ${r.name}: ${r.message}`);
  return { value: r.value as T, elapsedMs: r.elapsedMs };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!condition()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await sleep(2);
  }
}

describe('KernelMemory: layout', () => {
  it('stores its layout in the buffer, so attach needs only the buffer', () => {
    const mem = KernelMemory.create({ maxSemaphores: 5, maxPipes: 3, pipeCapacity: 100 });
    const again = KernelMemory.attach(mem.buffer);
    expect(again.layout).toEqual(mem.layout);
    for (const key of Object.keys(mem.layout) as (keyof typeof mem.layout)[]) {
      if (key.endsWith('Offset')) expect(mem.layout[key] % 8).toBe(0);
    }
    const id = mem.createSemaphore(2, 3);
    expect(again.value(id)).toBe(2);
    expect(again.counts()).toEqual({ semaphores: 1, pipes: 0, events: 0 });
  });

  it('refuses a buffer that is not a kernel memory', () => {
    expect(() => KernelMemory.attach(new SharedArrayBuffer(16))).toThrow(/too small/);
    expect(() => KernelMemory.attach(new SharedArrayBuffer(1024))).toThrow(/bad magic/);
  });

  it('allocates ids 0, 1, 2... and reports when full', () => {
    const mem = KernelMemory.create({ maxSemaphores: 2, maxPipes: 2, pipeCapacity: 64 });
    expect([mem.createSemaphore(0), mem.createSemaphore(1, 1)]).toEqual([0, 1]);
    expect(() => mem.createSemaphore(0)).toThrow(/semaphores are in use/);
    expect(mem.createSocketPair()).toEqual([0, 1]);
    expect(() => mem.createPipe()).toThrow(/no room/);
    expect(() => mem.value(2)).toThrow(/no semaphore 2/);
    expect(() => mem.read(7, 0)).toThrow(/no pipe 7/);
  });
});

describe('KernelMemory: semaphores', () => {
  it('counts, tries, overflows', () => {
    const mem = KernelMemory.create();
    const sem = mem.createSemaphore(1, 2);
    expect(mem.maxValue(sem)).toBe(2);
    mem.release(sem);
    expect(mem.value(sem)).toBe(2);
    expect(() => mem.release(sem)).toThrow(SemaphoreOverflowError);
    expect(mem.tryAcquire(sem)).toBe(true);
    expect(mem.acquire(sem, 0)).toBe(true);
    expect(mem.tryAcquire(sem)).toBe(false);
    expect(mem.acquire(sem, 0)).toBe(false);
    expect(mem.value(sem)).toBe(0);
    expect(mem.waiters(sem)).toBe(0);
  });

  it('admits one holder at a time: 4 threads × 5,000 cycles on a lock', async () => {
    const mem = KernelMemory.create();
    const lock = mem.createSemaphore(1, 1);
    const scratch = new SharedArrayBuffer(16);
    const task: Task = { kind: 'cycles', sem: lock, iterations: 5000, scratch, increment: true };
    await Promise.all([0, 1, 2, 3].map(() => value(start(mem, task))));
    const s = new Int32Array(scratch);
    expect(s[SCRATCH_COUNTER]).toBe(20_000);
    expect(Atomics.load(s, SCRATCH_MAX_HOLDERS)).toBe(1);
    expect(mem.value(lock)).toBe(1);
    expect(mem.waiters(lock)).toBe(0);
  });

  it('admits at most 3 holders of a semaphore with value 3', async () => {
    const mem = KernelMemory.create();
    const sem = mem.createSemaphore(3, 3);
    const scratch = new SharedArrayBuffer(16);
    const task: Task = { kind: 'cycles', sem, iterations: 3000, scratch, increment: false };
    await Promise.all([0, 1, 2, 3, 4].map(() => value(start(mem, task))));
    const max = Atomics.load(new Int32Array(scratch), SCRATCH_MAX_HOLDERS);
    expect(max).toBeGreaterThanOrEqual(1);
    expect(max).toBeLessThanOrEqual(3);
    expect(mem.value(sem)).toBe(3);
  });

  it('parks a thread that acquires a held lock until it is released', async () => {
    const mem = KernelMemory.create();
    const lock = mem.createSemaphore(1, 1);
    expect(mem.tryAcquire(lock)).toBe(true);
    const blocked = start(mem, { kind: 'acquire', sem: lock, timeoutMs: null });
    await until('the thread is parked', () => mem.waiters(lock) === 1);
    await sleep(100);
    expect(blocked.done()).toBe(false);
    expect(mem.waiters(lock)).toBe(1);
    mem.release(lock);
    const { value: acquired, elapsedMs } = await value<boolean>(blocked);
    expect(acquired).toBe(true);
    expect(elapsedMs).toBeGreaterThanOrEqual(100);
    expect(mem.waiters(lock)).toBe(0);
    expect(mem.value(lock)).toBe(0);
  });

  it('gives up after about the timeout', async () => {
    const mem = KernelMemory.create();
    const lock = mem.createSemaphore(0, 1);
    const { value: acquired, elapsedMs } = await value<boolean>(
      start(mem, { kind: 'acquire', sem: lock, timeoutMs: 150 }),
    );
    expect(acquired).toBe(false);
    expect(elapsedMs).toBeGreaterThanOrEqual(145);
    expect(elapsedMs).toBeLessThan(2000);
    expect(mem.waiters(lock)).toBe(0);
    // On this (Node) thread too.
    const t0 = performance.now();
    expect(mem.acquire(lock, 30)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(29);
  });
});

describe('KernelMemory: pipes', () => {
  const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

  it('carries whole messages in order, wrapping around the ring', () => {
    const mem = KernelMemory.create({ pipeCapacity: 64 });
    const p = mem.createPipe();
    expect(mem.pipeCapacity(p)).toBe(64);
    expect(mem.poll(p)).toBe(false);
    expect(mem.read(p, 0)).toBe('timeout');
    for (let round = 0; round < 50; round++) {
      const sizes = [0, 1, 7 + (round % 13), 40 - (round % 13)]; // 4 headers + 48 bytes: full
      for (const [i, n] of sizes.entries()) expect(mem.write(p, bytes(n, round + i), 0)).toBe(true);
      expect(mem.messages(p)).toBe(4);
      expect(mem.buffered(p)).toBe(16 + sizes.reduce((a, b) => a + b, 0));
      expect(mem.poll(p)).toBe(true);
      for (const [i, n] of sizes.entries()) expect(mem.read(p, 0)).toEqual(bytes(n, round + i));
      expect(mem.buffered(p)).toBe(0);
    }
    // The largest message that fits, exactly.
    expect(mem.write(p, bytes(60, 9), 0)).toBe(true);
    expect(mem.write(p, bytes(0, 0), 0)).toBe(false); // full: even an empty message needs a header
    expect(mem.buffered(p)).toBe(64);
    expect(mem.read(p, null)).toEqual(bytes(60, 9));
  });

  it('times out a read on an empty pipe and a write to a full one', () => {
    const mem = KernelMemory.create({ pipeCapacity: 32 });
    const p = mem.createPipe();
    let t0 = performance.now();
    expect(mem.read(p, 40)).toBe('timeout');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(39);
    expect(mem.write(p, bytes(20, 1))).toBe(true);
    t0 = performance.now();
    expect(mem.write(p, bytes(20, 2), 40)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(39);
    expect(mem.messages(p)).toBe(1);
    expect(mem.read(p)).toEqual(bytes(20, 1));
  });

  it('gives EOF after the buffered messages once every writer closed; EPIPE without readers', () => {
    const mem = KernelMemory.create({ pipeCapacity: 64 });
    const p = mem.createPipe();
    mem.openEnd(p, 'w');
    expect(mem.ends(p)).toEqual({ readers: 1, writers: 2 });
    mem.write(p, bytes(3, 3));
    mem.closeEnd(p, 'w');
    expect(mem.read(p, 0)).toEqual(bytes(3, 3));
    expect(mem.read(p, 0)).toBe('timeout'); // one writer is still open
    mem.write(p, bytes(4, 4));
    mem.closeEnd(p, 'w');
    expect(mem.poll(p)).toBe(true);
    expect(mem.read(p, 0)).toEqual(bytes(4, 4));
    expect(mem.read(p, 0)).toBe('eof');
    expect(mem.read(p, null)).toBe('eof');
    expect(() => mem.openEnd(p, 'w')).toThrow(/closed already/);
    expect(() => mem.closeEnd(p, 'w')).toThrow(/no open 'w' end/);

    const q = mem.createPipe();
    mem.closeEnd(q, 'r');
    expect(() => mem.write(q, bytes(1, 1))).toThrow(BrokenPipeError);
  });

  it('rings the doorbell on every release, write, read and close', () => {
    const mem = KernelMemory.create({ pipeCapacity: 64 });
    const sem = mem.createSemaphore(0, 1);
    const p = mem.createPipe();
    const rings = (action: () => unknown) => {
      const before = mem.doorbell();
      action();
      return mem.doorbell() !== before;
    };
    expect(rings(() => mem.release(sem))).toBe(true);
    expect(rings(() => mem.tryAcquire(sem))).toBe(false);
    expect(rings(() => mem.write(p, bytes(5, 5)))).toBe(true);
    expect(rings(() => mem.read(p))).toBe(true);
    expect(rings(() => mem.read(p, 0))).toBe(false);
    expect(rings(() => mem.closeEnd(p, 'w'))).toBe(true);
    expect(rings(() => mem.ring())).toBe(true);
    expect(mem.waitDoorbell(mem.doorbell() - 1, null)).toBe('rung');
    expect(mem.waitDoorbell(mem.doorbell(), 20)).toBe('timeout');
  });

  it('wakes a thread sleeping on the doorbell', async () => {
    const mem = KernelMemory.create();
    const sem = mem.createSemaphore(0, 1);
    const sleeper = start(mem, { kind: 'doorbell', seen: mem.doorbell(), timeoutMs: 10_000 });
    await sleep(50);
    expect(sleeper.done()).toBe(false);
    mem.release(sem);
    expect((await value(sleeper)).value).toBe('rung');
  });

  it('streams a message larger than the ring as one message', async () => {
    const mem = KernelMemory.create({ pipeCapacity: 64 });
    const p = mem.createPipe();
    const writer = start(mem, { kind: 'write', pipe: p, size: 64 * 3 + 5, fill: 7 });
    expect(mem.read(p, 10_000)).toEqual(bytes(64 * 3 + 5, 7));
    expect((await value(writer)).value).toBe(true);
    expect(mem.buffered(p)).toBe(0);
  });

  it('wakes a blocked reader with EOF when the last writer closes', async () => {
    const mem = KernelMemory.create();
    const p = mem.createPipe();
    const reader = start(mem, { kind: 'read', pipe: p, timeoutMs: null });
    await sleep(50);
    expect(reader.done()).toBe(false);
    mem.closeEnd(p, 'w');
    expect((await value(reader)).value).toBe('eof');
  });

  it('throws BrokenPipeError in a blocked writer when the last reader closes', async () => {
    const mem = KernelMemory.create({ pipeCapacity: 64 });
    const p = mem.createPipe();
    mem.write(p, bytes(40, 1));
    const writer = start(mem, { kind: 'write', pipe: p, size: 40, fill: 2 });
    await sleep(50);
    expect(writer.done()).toBe(false);
    mem.closeEnd(p, 'r');
    const r = await writer.result;
    expect(r).toMatchObject({ ok: false, name: 'BrokenPipeError' });
  });

  it('delivers every message exactly once, intact and in order: 3 writers × 2,000, 2 readers', async () => {
    const seed = 20240611;
    const capacity = 1024;
    const writers = 3;
    const perWriter = 2000;
    const mem = KernelMemory.create({ maxPipes: 1, pipeCapacity: capacity });
    const p = mem.createPipe();
    mem.openEnd(p, 'w');
    mem.openEnd(p, 'w'); // three write ends, one per writer thread
    mem.openEnd(p, 'r'); // two read ends
    const readers = [0, 1].map(() => start(mem, { kind: 'pipe-reader', pipe: p, seed }));
    const sent = Array.from({ length: writers }, (_, w) =>
      start(mem, { kind: 'pipe-writer', pipe: p, writer: w, count: perWriter, seed }),
    );
    await Promise.all(sent.map((s) => value(s)));
    const got = await Promise.all(
      readers.map((r) =>
        value<{ ids: number[]; empties: number; again: unknown[]; poll: boolean }>(r),
      ),
    );

    let expectedEmpties = 0;
    for (let w = 0; w < writers; w++) {
      for (let c = 0; c < perWriter; c++) {
        if (messageSize(seed, w, c, capacity) === 0) expectedEmpties++;
      }
    }
    const seen = new Set<number>();
    for (const { value: r } of got) {
      const last = new Array<number>(writers).fill(-1);
      for (let i = 0; i < r.ids.length; i += 2) {
        const [w, c] = [r.ids[i]!, r.ids[i + 1]!];
        const key = w * perWriter + c;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(c).toBeGreaterThan(last[w]!); // each writer's messages in that writer's order
        last[w] = c;
      }
      expect(r.again).toEqual(['eof', 'eof']);
      expect(r.poll).toBe(true);
    }
    expect(seen.size + got[0]!.value.empties + got[1]!.value.empties).toBe(writers * perWriter);
    expect(seen.size).toBe(writers * perWriter - expectedEmpties);
    expect(got[0]!.value.ids.length > 0 && got[1]!.value.ids.length > 0).toBe(true);
    expect(mem.buffered(p)).toBe(0);
    expect(mem.ends(p)).toEqual({ readers: 2, writers: 0 });
  });
});

describe('KernelMemory: event log', () => {
  it('keeps every record of 4 threads × 2,000 appends, in seq order', async () => {
    const mem = KernelMemory.create({ logBytes: 1 << 20, maxEvents: 8000 });
    const results = await Promise.all(
      [0, 1, 2, 3].map((t) => value<number[]>(start(mem, { kind: 'log', thread: t, count: 2000 }))),
    );
    const records = mem.readEvents(0);
    expect(records.length).toBe(8000);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 8000 }, (_, i) => i));
    const next = [0, 0, 0, 0];
    for (const { seq, json } of records) {
      const e = JSON.parse(json) as { t: number; i: number; pad: string };
      expect(e.i).toBe(next[e.t]!++); // a thread's records in the order it appended them
      expect(e.pad).toBe('é→'.repeat(e.i % 40));
      expect(results[e.t]!.value[e.i]).toBe(seq);
    }
    expect(mem.readEvents(7990).map((r) => r.seq)).toEqual([
      7990, 7991, 7992, 7993, 7994, 7995, 7996, 7997, 7998, 7999,
    ]);
    expect(() => mem.appendEvent('{}')).toThrow(LogFullError);
  });

  it('throws LogFullError when the bytes run out, and skips the record that failed', () => {
    const mem = KernelMemory.create({ logBytes: 16, maxEvents: 10 });
    expect(mem.appendEvent('"0123456789"')).toBe(0);
    expect(() => mem.appendEvent('"0123456789"')).toThrow(/does not fit/);
    expect(mem.appendEvent('"é"')).toBe(2);
    expect(mem.readEvents()).toEqual([
      { seq: 0, json: '"0123456789"' },
      { seq: 2, json: '"é"' },
    ]);
  });
});
