/**
 * Test-only: the work a test worker thread does on a kernel memory.
 *
 * `kernel-memory.test.ts` bundles this file with esbuild, together with a
 * three-line Node glue (`workerData` in, `parentPort.postMessage(result)` out),
 * into a temporary .mjs that it starts as `node:worker_threads` Workers. This
 * file itself uses no Node API, so it is also type-checked as worker code
 * (tsconfig.worker.json) and could run in a browser Web Worker unchanged.
 *
 * Nothing in the app imports it.
 */
import { KernelMemory } from './kernel-memory';

/** Slots of the scratch Int32Array used by 'cycles'. */
export const SCRATCH_COUNTER = 0;
export const SCRATCH_HOLDERS = 1;
export const SCRATCH_MAX_HOLDERS = 2;

export type Task =
  /** acquire / (increment a plain counter) / release, `iterations` times. */
  | {
      readonly kind: 'cycles';
      readonly sem: number;
      readonly iterations: number;
      readonly scratch: SharedArrayBuffer;
      readonly increment: boolean;
    }
  | { readonly kind: 'acquire'; readonly sem: number; readonly timeoutMs: number | null }
  | {
      readonly kind: 'pipe-writer';
      readonly pipe: number;
      readonly writer: number;
      readonly count: number;
      readonly seed: number;
    }
  | { readonly kind: 'pipe-reader'; readonly pipe: number; readonly seed: number }
  | { readonly kind: 'read'; readonly pipe: number; readonly timeoutMs: number | null }
  | { readonly kind: 'write'; readonly pipe: number; readonly size: number; readonly fill: number }
  | { readonly kind: 'doorbell'; readonly seen: number; readonly timeoutMs: number | null }
  | { readonly kind: 'log'; readonly thread: number; readonly count: number };

export type TaskResult =
  | { readonly ok: true; readonly value: unknown; readonly elapsedMs: number }
  | { readonly ok: false; readonly name: string; readonly message: string };

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over bytes[from..]. */
export function checksum(bytes: Uint8Array, from: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** Bytes of identification at the start of every non-empty message. */
export const ID_BYTES = 12;

/** The size of message `counter` of `writer`: 0, small, medium, or larger than the ring. */
export function messageSize(
  seed: number,
  writer: number,
  counter: number,
  capacity: number,
): number {
  // A few exact edges: the largest message that fits, the smallest that does not.
  if (counter % 500 === 7) return capacity - 4;
  if (counter % 500 === 8) return capacity - 3;
  if (counter % 500 === 9) return 3 * capacity;
  const r = prng(seed ^ Math.imul(writer + 1, 0x9e3779b1) ^ Math.imul(counter + 1, 0x85ebca77));
  const c = r();
  if (c < 0.05) return 0;
  if (c < 0.65) return ID_BYTES + Math.floor(r() * 244);
  if (c < 0.9) return 256 + Math.floor(r() * (capacity - 256));
  return capacity + Math.floor(r() * (2 * capacity + 1));
}

/** Message `counter` of `writer`: [writer, counter, checksum] (u32 LE), then seeded bytes. */
export function messageFor(
  seed: number,
  writer: number,
  counter: number,
  capacity: number,
): Uint8Array {
  const size = messageSize(seed, writer, counter, capacity);
  const bytes = new Uint8Array(size);
  if (size === 0) return bytes;
  const r = prng(seed + writer * 1_000_003 + counter * 7919);
  for (let i = ID_BYTES; i < size; i++) bytes[i] = (r() * 256) | 0;
  const view = new DataView(bytes.buffer);
  view.setUint32(0, writer, true);
  view.setUint32(4, counter, true);
  view.setUint32(8, checksum(bytes, ID_BYTES), true);
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function run(mem: KernelMemory, task: Task): unknown {
  switch (task.kind) {
    case 'cycles': {
      const scratch = new Int32Array(task.scratch);
      let spin = 0;
      for (let i = 0; i < task.iterations; i++) {
        if (!mem.acquire(task.sem, null)) throw new Error('acquire(null) returned false');
        const holders = Atomics.add(scratch, SCRATCH_HOLDERS, 1) + 1;
        let max = Atomics.load(scratch, SCRATCH_MAX_HOLDERS);
        while (holders > max) {
          const prev = Atomics.compareExchange(scratch, SCRATCH_MAX_HOLDERS, max, holders);
          if (prev === max) break;
          max = prev;
        }
        if (task.increment) {
          // Deliberately not atomic: only mutual exclusion keeps this exact.
          const v = scratch[SCRATCH_COUNTER];
          for (let k = 0; k < 50; k++) spin += k & 1;
          scratch[SCRATCH_COUNTER] = v! + 1;
        } else {
          for (let k = 0; k < 50; k++) spin += k & 1;
        }
        Atomics.sub(scratch, SCRATCH_HOLDERS, 1);
        mem.release(task.sem);
      }
      return spin;
    }
    case 'acquire':
      return mem.acquire(task.sem, task.timeoutMs);
    case 'pipe-writer': {
      const capacity = mem.pipeCapacity(task.pipe);
      for (let c = 0; c < task.count; c++) {
        if (!mem.write(task.pipe, messageFor(task.seed, task.writer, c, capacity))) {
          throw new Error('write without a timeout returned false');
        }
      }
      mem.closeEnd(task.pipe, 'w');
      return task.count;
    }
    case 'pipe-reader': {
      const capacity = mem.pipeCapacity(task.pipe);
      const ids: number[] = [];
      let empties = 0;
      for (;;) {
        const msg = mem.read(task.pipe, null);
        if (msg === 'eof') break;
        if (msg === 'timeout') throw new Error('read without a timeout timed out');
        if (msg === 'reset') throw new Error('a plain pipe was reset');
        if (msg.length === 0) {
          empties++;
          continue;
        }
        if (msg.length < ID_BYTES) throw new Error(`a ${msg.length}-byte message`);
        const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
        const writer = view.getUint32(0, true);
        const counter = view.getUint32(4, true);
        if (view.getUint32(8, true) !== checksum(msg, ID_BYTES)) {
          throw new Error(`bad checksum in message ${writer}/${counter}`);
        }
        if (!sameBytes(msg, messageFor(task.seed, writer, counter, capacity))) {
          throw new Error(`message ${writer}/${counter} differs from what was sent`);
        }
        ids.push(writer, counter);
      }
      // EOF is sticky. (Not read(…, 0): with two readers the other one may hold
      // the read lock for its own last reads, and a zero timeout then times out.)
      const again = [mem.read(task.pipe, 10_000), mem.read(task.pipe, null)];
      return { ids, empties, again, poll: mem.poll(task.pipe) };
    }
    case 'read': {
      const msg = mem.read(task.pipe, task.timeoutMs);
      return typeof msg === 'string' ? msg : Array.from(msg);
    }
    case 'write': {
      const bytes = new Uint8Array(task.size).fill(task.fill);
      return mem.write(task.pipe, bytes);
    }
    case 'doorbell':
      return mem.waitDoorbell(task.seen, task.timeoutMs);
    case 'log': {
      const seqs: number[] = [];
      for (let i = 0; i < task.count; i++) {
        const text = JSON.stringify({ t: task.thread, i, pad: 'é→'.repeat(i % 40) });
        seqs.push(mem.appendEvent(text));
      }
      return seqs;
    }
  }
}

/** Attaches to the buffer, runs one task, and reports (errors included) as plain data. */
export function runTask(sab: SharedArrayBuffer, task: Task): TaskResult {
  const t0 = performance.now();
  try {
    const value = run(KernelMemory.attach(sab), task);
    return { ok: true, value, elapsedMs: performance.now() - t0 };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, name: e.name, message: e.message };
  }
}
