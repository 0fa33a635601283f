/**
 * What things cost in the model kernel's virtual time (microseconds).
 *
 * Medians and spreads are calibrated against the oracle
 * (`oracle/cpython-3.11.json`, CPython 3.11 on a 2-core Linux machine): they
 * are chosen so that the *distributions* of verdicts resemble CPython's, and
 * so that orders of magnitude are right (a Manager round trip is hundreds of
 * times a SemLock acquire; a spawned interpreter takes tens of milliseconds to
 * start, a fork about one). `scripts/calibrate.ts` prints the resulting
 * verdict distributions beside CPython's.
 */
import type { CostClass } from '../syscalls';

export interface Cost {
  readonly median: number;
  /** Log-normal sigma: 0 is exact, 0.5 is "sometimes twice as long". */
  readonly sigma: number;
  /**
   * A rare hiccup on top (the other core busy, a page fault storm): with
   * probability `p`, add a second log-normal delay of this median.
   */
  readonly tail?: { readonly p: number; readonly median: number; readonly sigma: number };
}

export interface CostTable {
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
  cpu: {
    python: { median: 2, sigma: 0.3 },
    pickle: { median: 9, sigma: 0.35 },
    unpickle: { median: 7, sigma: 0.35 },
    print: { median: 6, sigma: 0.5 },
    'import-main': { median: 9_000, sigma: 0.3 },
    'import-modules': { median: 6_000, sigma: 0.7 },
    'interpreter-start': {
      median: 48_000,
      sigma: 0.3,
      tail: { p: 0.02, median: 90_000, sigma: 0.5 },
    },
    fork: { median: 1_600, sigma: 0.35 },
    'thread-start': { median: 180, sigma: 0.45 },
    'manager-dispatch': { median: 12, sigma: 0.4 },
    'connect-auth': { median: 320, sigma: 0.35 },
  },
  semOp: { median: 0.1, sigma: 0.2 },
  wake: { median: 45, sigma: 0.6 },
  pipeSend: { median: 9, sigma: 0.4 },
  pipeSendPerByte: 0.004,
  pipeRecv: { median: 7, sigma: 0.4 },
  poll: { median: 3, sigma: 0.3 },
  forkChild: { median: 900, sigma: 0.4 },
  sleepOvershoot: { median: 70, sigma: 0.5 },
  exit: { median: 600, sigma: 0.4 },
  other: { median: 3, sigma: 0.3 },
};
