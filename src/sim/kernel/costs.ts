/**
 * What things cost in the model kernel's virtual time (microseconds).
 *
 * Medians and spreads are calibrated against CPython running the page's own
 * script (`oracle/cpython-verdicts.json`: 3.11.7, 3.12.1 and 3.13.0 on a
 * 2-core Linux machine shared with other jobs; `oracle/cpython-3.11.json` for
 * the lock figures): they
 * are chosen so that the *distributions* of verdicts resemble CPython's, and
 * so that orders of magnitude are right (a Manager round trip is hundreds of
 * times a SemLock acquire; a spawned interpreter takes tens of milliseconds to
 * start, a fork about one). `scripts/calibrate.ts` prints the resulting
 * verdict distributions beside CPython's.
 *
 * The machine is shared: the script's own processes and other jobs compete
 * for its two cores. A task just created (a forked child, a new thread) or a
 * handshake that hops between two processes may then wait for a CPU for a
 * hundred milliseconds or more. Measured with the page's own script
 * (scenarios 3 and 4: ten children started 0.1 s apart), a forked child's
 * `start()` to its `_bootstrap` took over 100 ms for 0-3% of the children
 * under fork and 11-51% under forkserver, depending on the load, and a child
 * overtaking the next made CPython 3.11-3.13 report "out of order" in a
 * cell's runs: scenario 3 fork 0-10% (3 in 180 runs), forkserver 0-20%
 * (17/180); scenario 4 fork 0-40% (15/180), forkserver 0-50% (41/180);
 * spawn 0-100% (99/180) and 0-65% (77/180), in batches of 10 and 40 runs.
 * Those waits are the `tail`s below: rare, drawn from the kernel's second
 * random stream (see ModelKernel.draw), and tuned so that the model's seeds
 * give every verdict CPython gives at a frequency inside that spread
 * (`npm run calibrate`).
 */
import type { CostClass } from '../syscalls';

export interface Cost {
  readonly median: number;
  /** Log-normal sigma: 0 is exact, 0.5 is "sometimes twice as long". */
  readonly sigma: number;
  /**
   * A rare hiccup on top (the other jobs holding both cores, a page fault
   * storm): with probability `p`, add a second log-normal delay of this
   * median. Drawn from the machine's own random stream (ModelKernel.draw).
   */
  readonly tail?: { readonly p: number; readonly median: number; readonly sigma: number };
}

export interface CostTable {
  /** The machine's cores (see cpu-load.ts). */
  readonly cores: number;
  /** A thread started while heavy work outnumbers the cores may wait this long for one. */
  readonly cpuWait: Cost;
  readonly cpu: Readonly<Record<CostClass, Cost>>;
  /** An uncontended semaphore acquire or release (a futex in user space). */
  readonly semOp: Cost;
  /** From a release or a write to the moment a blocked thread runs again. */
  readonly wake: Cost;
  /** Writing a message to a pipe or socket: fixed part, plus per byte. */
  readonly pipeSend: Cost;
  readonly pipeSendPerByte: number;
  readonly pipeRecv: Cost;
  readonly poll: Cost;
  /** A fork()ed child is ready to run this long after the call. */
  readonly forkChild: Cost;
  /** time.sleep() overshoots by about this much. */
  readonly sleepOvershoot: Cost;
  /** Interpreter shutdown after the main program returns. */
  readonly exit: Cost;
  readonly other: Cost;
}

export const CPYTHON_311_LINUX_2CORES: CostTable = {
  cores: 2,
  cpuWait: { median: 8_000, sigma: 0.6 },
  cpu: {
    python: { median: 2, sigma: 0.3 },
    pickle: { median: 9, sigma: 0.35 },
    unpickle: { median: 7, sigma: 0.35 },
    print: { median: 6, sigma: 0.5 },
    'import-main': { median: 9_000, sigma: 0.3 },
    'import-modules': { median: 6_000, sigma: 0.7 },
    // `import multiprocessing.managers` where it was not yet (it brings shared_memory, array,
    // signal...). Alone, after pool, queues and synchronize, it adds 6-9 ms (CPython
    // 3.11.7-3.13.0, five runs each); in a Pool's workers importing it together it takes longer,
    // as the workers share the cores (cpu-load.ts): scenario 2's fork workers first incref
    // 11-28 ms after the first task (3.11.7, four runs; the model's 90 workers, p10 to p90:
    // 11.5-31.6 ms), and a forkserver worker with a proxy in its initargs reaches _bootstrap
    // 15-60 ms after start() (sweep doc 2574, twelve workers; the model's 120: 18-51 ms).
    'import-managers': { median: 13_000, sigma: 0.45 },
    // A spawned interpreter on a core of its own; several starting together share the two cores
    // (cpu-load.ts). A spawn Pool's workers reach _bootstrap 66-394 ms after start() (scenario 6,
    // CPython 3.11.7, 24 workers), the model's first of three mostly 86-171 ms after.
    'interpreter-start': {
      median: 48_000,
      sigma: 0.6,
      tail: { p: 0.02, median: 90_000, sigma: 0.5 },
    },
    fork: { median: 1_600, sigma: 0.35 },
    'thread-start': {
      median: 180,
      sigma: 0.45,
      tail: { p: 0.004, median: 130_000, sigma: 0.5 },
    },
    'manager-dispatch': { median: 12, sigma: 0.4 },
    // One HMAC of the authentication handshake (auth.ts): each side makes one and checks one.
    // The handshake's six messages cost their sends, reads and wake-ups besides: Client()
    // takes 128/148/190 us (p10/median/p90, CPython 3.11.7, 30 connections to a Manager;
    // 3.12.1 165/194/247, 3.13.0 159/179/278), the model's ~250-400 us on a loaded machine.
    // The tail: one handshake in 200 waits for a core (the former single charge's rate, over
    // the four digests of a handshake).
    'auth-digest': {
      median: 8,
      sigma: 0.35,
      tail: { p: 0.00125, median: 130_000, sigma: 0.5 },
    },
  },
  semOp: { median: 0.1, sigma: 0.2 },
  wake: { median: 45, sigma: 0.6 },
  pipeSend: { median: 9, sigma: 0.4 },
  pipeSendPerByte: 0.004,
  pipeRecv: { median: 7, sigma: 0.4 },
  poll: { median: 3, sigma: 0.3 },
  forkChild: { median: 900, sigma: 0.4, tail: { p: 0.005, median: 130_000, sigma: 0.5 } },
  sleepOvershoot: { median: 70, sigma: 0.5 },
  exit: { median: 600, sigma: 0.4 },
  other: { median: 3, sigma: 0.3 },
};
