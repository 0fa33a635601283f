/**
 * The process side of the free-running kernel, in a second SharedArrayBuffer
 * beside KernelMemory's: which kernel object each id is, every process's
 * handle table and exit status, and a reply slot per process for the few
 * calls the main thread answers (fork, spawn, name look-ups).
 *
 * Layout (Int32 words; handle numbers are stored as two words, hi and lo):
 *   header   [0] next object id  [1] next thread id  [2] next Windows handle
 *   objects  maxObjects × [kind, a, b, flags]      kind: 1 semaphore, 2 pipe,
 *            3 socket (a: end 0 writes, b: end 1 writes), 4 listener (a: pipe of
 *            pending connections); flags bit 0: private (a threading lock)
 *   procs    maxProcs × [state, exitCode, replyState, replyLength, pid, kill, ...
 *            maxHandles × [used, obj, end, hi, lo], reply bytes]
 *            state: 0 free, 1 running, 2 exited; kill: 1 once SIGTERM was sent.
 *
 * Only the owning worker removes its handles and ends its process, even when
 * it is killed: the main thread only raises the `kill` word (and rings), and
 * the worker closes its own table at its next system call. (When both walked
 * the table — a kill overlapping the worker's own exit — the same ends were
 * closed twice.) The main thread fills a child's table before the child
 * starts and adds a handle for DuplicateHandle; a handle slot is claimed and
 * released with compareExchange on `used`, so an entry is removed only once.
 */
import { WINDOWS_HANDLE_BASE, WINDOWS_HANDLE_STEP } from '../../sim/kernel';

export const KIND_SEMAPHORE = 1;
export const KIND_PIPE = 2;
export const KIND_SOCKET = 3;
export const KIND_LISTENER = 4;

const HEADER = 8;
const OBJ_SLOTS = 4;
const HANDLE_SLOTS = 5;
const PROC_FIXED = 8;

export interface TableOptions {
  readonly maxObjects?: number;
  readonly maxProcs?: number;
  readonly maxHandles?: number;
  readonly replyBytes?: number;
}

export interface HandleEntry {
  readonly handle: number;
  readonly obj: number;
  readonly end: 0 | 1;
}

export interface ObjectEntry {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
  readonly private: boolean;
}

export class ProcessTables {
  readonly buffer: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly u8: Uint8Array;
  readonly maxObjects: number;
  readonly maxProcs: number;
  readonly maxHandles: number;
  readonly replyBytes: number;
  private readonly procStride: number;
  private readonly objBase: number;
  private readonly procBase: number;

  private constructor(buffer: SharedArrayBuffer, o: Required<TableOptions>) {
    this.buffer = buffer;
    this.i32 = new Int32Array(buffer);
    this.u8 = new Uint8Array(buffer);
    this.maxObjects = o.maxObjects;
    this.maxProcs = o.maxProcs;
    this.maxHandles = o.maxHandles;
    this.replyBytes = o.replyBytes;
    this.objBase = HEADER;
    this.procBase = this.objBase + o.maxObjects * OBJ_SLOTS;
    this.procStride = PROC_FIXED + o.maxHandles * HANDLE_SLOTS + o.replyBytes / 4;
  }

  static create(options: TableOptions = {}): {
    tables: ProcessTables;
    options: Required<TableOptions>;
  } {
    const o: Required<TableOptions> = {
      maxObjects: options.maxObjects ?? 4096,
      maxProcs: options.maxProcs ?? 64,
      maxHandles: options.maxHandles ?? 256,
      replyBytes: options.replyBytes ?? 4096,
    };
    const words =
      HEADER +
      o.maxObjects * OBJ_SLOTS +
      o.maxProcs * (PROC_FIXED + o.maxHandles * HANDLE_SLOTS + o.replyBytes / 4);
    const tables = new ProcessTables(new SharedArrayBuffer(words * 4), o);
    tables.i32[0] = 1; // object ids start at 1, as in the model
    tables.i32[1] = 1; // thread ids too
    tables.i32[2] = WINDOWS_HANDLE_BASE;
    return { tables, options: o };
  }

  static attach(buffer: SharedArrayBuffer, options: Required<TableOptions>): ProcessTables {
    return new ProcessTables(buffer, options);
  }

  // ── objects ─────────────────────────────────────────────────────────────

  newObject(kind: number, a: number, b = -1, isPrivate = false): number {
    const id = Atomics.add(this.i32, 0, 1);
    if (id >= this.maxObjects) throw new Error('kernel object table full');
    const at = this.objBase + id * OBJ_SLOTS;
    this.i32[at + 1] = a;
    this.i32[at + 2] = b;
    this.i32[at + 3] = isPrivate ? 1 : 0;
    Atomics.store(this.i32, at, kind);
    return id;
  }

  object(id: number): ObjectEntry {
    const at = this.objBase + id * OBJ_SLOTS;
    return {
      kind: Atomics.load(this.i32, at),
      a: this.i32[at + 1]!,
      b: this.i32[at + 2]!,
      private: this.i32[at + 3] === 1,
    };
  }

  nextThreadId(): number {
    return Atomics.add(this.i32, 1, 1);
  }

  nextWindowsHandle(): number {
    // Every other multiple of 4: one counter for the whole run, never the same value twice.
    const step = 2 * WINDOWS_HANDLE_STEP;
    return Atomics.add(this.i32, 2, step) + step;
  }

  // ── processes ───────────────────────────────────────────────────────────

  private base(slot: number): number {
    return this.procBase + slot * this.procStride;
  }

  claimSlot(pid: number): number {
    for (let slot = 0; slot < this.maxProcs; slot++) {
      const b = this.base(slot);
      if (Atomics.compareExchange(this.i32, b, 0, 1) === 0) {
        this.i32[b + 4] = pid;
        return slot;
      }
    }
    throw new Error('process table full');
  }

  setExited(slot: number, code: number): void {
    const b = this.base(slot);
    this.i32[b + 1] = code;
    Atomics.store(this.i32, b, 2);
  }

  /** SIGTERM: the process ends itself at its next system call (see the header). */
  requestKill(slot: number): void {
    Atomics.store(this.i32, this.base(slot) + 5, 1);
  }

  killRequested(slot: number): boolean {
    return Atomics.load(this.i32, this.base(slot) + 5) === 1;
  }

  /** null while running. */
  exitCode(slot: number): number | null {
    const b = this.base(slot);
    return Atomics.load(this.i32, b) === 2 ? this.i32[b + 1]! : null;
  }

  // ── handle tables ───────────────────────────────────────────────────────

  private handleAt(slot: number, i: number): number {
    return this.base(slot) + PROC_FIXED + i * HANDLE_SLOTS;
  }

  /**
   * A handle slot's first word is `(generation << 2) | state`, state 0 free,
   * 1 being written, 2 in use; each removal moves to the next generation. An
   * adder claims a free slot (0 → 1) before writing it and publishes it
   * (1 → 2) after, so two adders (the worker and the main thread's
   * DuplicateHandle) never write one slot; a reader of another process's
   * table (the main thread copying it at a fork while that process's other
   * threads close and open handles) reads the word before and after the
   * fields and retries if it moved, so it never sees half of one entry and
   * half of the next.
   */
  addHandle(slot: number, e: HandleEntry): void {
    for (let i = 0; i < this.maxHandles; i++) {
      const at = this.handleAt(slot, i);
      const word = Atomics.load(this.i32, at);
      if ((word & 3) !== 0) continue;
      if (Atomics.compareExchange(this.i32, at, word, word | 1) !== word) continue;
      this.i32[at + 1] = e.obj;
      this.i32[at + 2] = e.end;
      this.i32[at + 3] = Math.floor(e.handle / 2 ** 32);
      this.i32[at + 4] = e.handle >>> 0;
      Atomics.store(this.i32, at, word | 2);
      return;
    }
    throw new Error('handle table full');
  }

  /** Removes a handle; of two removers of one entry only one gets it (and closes its ends). */
  removeHandle(slot: number, handle: number): HandleEntry | null {
    for (let i = 0; i < this.maxHandles; i++) {
      const at = this.handleAt(slot, i);
      const read = this.entryAt(at);
      if (read === null || read.entry.handle !== handle) continue;
      const next = ((read.word & ~3) + 4) | 0;
      if (Atomics.compareExchange(this.i32, at, read.word, next) === read.word) return read.entry;
      i--; // it changed meanwhile: look at this slot again
    }
    return null;
  }

  handles(slot: number): HandleEntry[] {
    const out: HandleEntry[] = [];
    for (let i = 0; i < this.maxHandles; i++) {
      const read = this.entryAt(this.handleAt(slot, i));
      if (read !== null) out.push(read.entry);
    }
    return out;
  }

  lookup(slot: number, handle: number): HandleEntry | null {
    for (let i = 0; i < this.maxHandles; i++) {
      const read = this.entryAt(this.handleAt(slot, i));
      if (read !== null && read.entry.handle === handle) return read.entry;
    }
    return null;
  }

  /** The entry in use at `at` (read consistently), or null. */
  private entryAt(at: number): { word: number; entry: HandleEntry } | null {
    for (;;) {
      const word = Atomics.load(this.i32, at);
      if ((word & 3) !== 2) return null;
      const entry: HandleEntry = {
        handle: this.numberAt(at),
        obj: this.i32[at + 1]!,
        end: this.i32[at + 2] as 0 | 1,
      };
      if (Atomics.load(this.i32, at) === word) return { word, entry };
    }
  }

  private numberAt(at: number): number {
    return this.i32[at + 3]! * 2 ** 32 + (this.i32[at + 4]! >>> 0);
  }

  // ── reply slots (main thread → worker) ──────────────────────────────────

  /** The worker is about to ask: clear its slot. */
  expectReply(slot: number): void {
    Atomics.store(this.i32, this.base(slot) + 2, 0);
  }

  postReply(slot: number, value: unknown): void {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    if (bytes.length > this.replyBytes) throw new Error('reply too large');
    const b = this.base(slot);
    this.u8.set(bytes, (b + PROC_FIXED + this.maxHandles * HANDLE_SLOTS) * 4);
    this.i32[b + 3] = bytes.length;
    Atomics.store(this.i32, b + 2, 1);
  }

  /** The reply, or undefined while none has arrived. */
  takeReply(slot: number): unknown {
    const b = this.base(slot);
    if (Atomics.load(this.i32, b + 2) !== 1) return undefined;
    const start = (b + PROC_FIXED + this.maxHandles * HANDLE_SLOTS) * 4;
    const text = new TextDecoder().decode(this.u8.slice(start, start + this.i32[b + 3]!));
    Atomics.store(this.i32, b + 2, 0);
    return JSON.parse(text) as unknown;
  }
}
