/**
 * How busy the machine's cores are with heavy work, for the model kernel.
 *
 * Spawned interpreters starting together (a spawn Pool's three workers, the
 * resource tracker), or a forkserver Pool's workers importing what the server
 * had not, are more heavy stretches (the costs in HEAVY) than the 2-core
 * machine has cores. Two things follow, and both are modelled:
 *
 * - **They share the cores.** n stretches on c < n cores each run at c / n of
 *   a core: a heavy cost is the CPU time the work needs on a core of its own,
 *   and its stretch ends once it has had that much.
 * - **A thread started meanwhile may wait for a core** (`cpuWait`), and so
 *   does the thread that started it: `Thread.start()` waits until the new
 *   thread has said it runs. A process that has just had a core for
 *   milliseconds of its own (a worker that has just booted) starts its thread
 *   behind the others and waits; one that mostly waited (the parent, between
 *   its pipe reads) waits in (n - c) / n of its starts.
 *
 * Measured (CPython 3.11.7, a sitecustomize logging times): with three
 * forkserver workers importing on two cores (sweep doc 49, 11 runs), the
 * parent's three `Thread.start()` in `Pool.__init__` took 6.6-11.8 ms in 8 of
 * 33 starts, 3.8-4.2 ms in 2 and 0.07-1.2 ms in 23 (one in three would be 11).
 * In scenario 6 under spawn the first worker's feeder thread, started while
 * its siblings still boot, is what makes a worker's first item reach the queue
 * after their later ones: the "fails" CPython shows in about a third of the
 * runs of that cell (oracle/cpython-verdicts.json).
 *
 * The other work (a pickle, a pipe write: microseconds) is not slowed: a
 * thread that mostly waits gets a core soon after it asks for one.
 */
import type { CostClass } from '../syscalls';
import type { Thread } from './objects';

/** The work that holds a core for milliseconds on end. */
export const HEAVY: ReadonlySet<CostClass> = new Set<CostClass>([
  'interpreter-start',
  'import-main',
  'import-modules',
  'import-managers',
]);

/**
 * A process whose heavy stretch ended this recently has just had a core of its
 * own. Not measured: the width of `cpuWait`'s median, a time slice or two;
 * with it scenario 6 under spawn keeps "fails" in 20-25% of seeds, without it
 * (every start (n - c) / n) 8-11%.
 */
export const RECENTLY_HEAVY_US = 8_000;

interface Stretch {
  readonly thread: Thread;
  /** CPU time still to be had (virtual microseconds on a whole core). */
  left: number;
}

export class CpuLoad {
  /** The heavy stretches in progress, in the order they began. */
  private readonly stretches: Stretch[] = [];
  /** When `left` was last brought up to date. */
  private settledAt = 0;
  /** When each process's last heavy stretch ended. */
  private readonly lastEnd = new Map<number, number>();

  constructor(private readonly cores: number) {}

  /** How many heavy stretches are running. */
  get running(): number {
    return this.stretches.length;
  }

  /** The share of a core each heavy stretch gets now. */
  private get rate(): number {
    const n = this.stretches.length;
    return n > this.cores ? this.cores / n : 1;
  }

  /**
   * `thread` begins a heavy stretch of `work` CPU microseconds at `now`: it
   * and the stretches already running are made ready when they will have had
   * their work at the new share of the cores.
   */
  begin(now: number, thread: Thread, work: number): void {
    this.settle(now);
    this.stretches.push({ thread, left: work });
    this.reschedule(now);
  }

  /**
   * `thread` runs again at `now` (its stretch is over) or is gone: the others
   * get its share. A thread in no stretch changes nothing.
   */
  end(now: number, thread: Thread): void {
    const i = this.stretches.findIndex((s) => s.thread === thread);
    if (i < 0) return;
    this.settle(now);
    this.stretches.splice(i, 1);
    this.lastEnd.set(thread.pid, now);
    this.reschedule(now);
  }

  /**
   * The chance that a thread process `pid` starts at `now` waits for a core:
   * none while the heavy stretches fit on the cores; else certain if the
   * process has just had heavy work of its own, and (n - c) / n if not.
   */
  waitChance(now: number, pid: number): number {
    const n = this.stretches.length;
    if (n <= this.cores) return 0;
    const own = this.lastEnd.get(pid);
    if (own !== undefined && now - own < RECENTLY_HEAVY_US) return 1;
    return (n - this.cores) / n;
  }

  /** Each stretch has had the time since the last change at the share it had. */
  private settle(now: number): void {
    const had = (now - this.settledAt) * this.rate;
    for (const s of this.stretches) s.left = Math.max(0, s.left - had);
    this.settledAt = now;
  }

  private reschedule(now: number): void {
    const rate = this.rate;
    for (const s of this.stretches) s.thread.readyAt = now + s.left / rate;
  }
}
