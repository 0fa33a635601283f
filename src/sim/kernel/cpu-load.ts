/**
 * How busy the machine's cores are with heavy work, for the model kernel.
 *
 * Spawned interpreters starting together (a spawn Pool's three workers, the
 * resource tracker) keep both cores of the 2-core machine busy for tens of
 * milliseconds. A thread started meanwhile (a Queue's feeder thread, on the
 * first `put`) must wait for the scheduler to give it a core, and so does the
 * thread that started it: `Thread.start()` waits until the new thread has said
 * it runs. Measured with the page's scenario 6 under spawn (CPython 3.12.1,
 * `put` and bootstrap times logged from sitecustomize): while the other
 * workers were still booting, the first worker's next `put` came 5-8 ms after
 * the one before instead of 0.1 ms, and a worker's first item reached the
 * queue after its siblings' later ones: the "fails" CPython shows in about
 * half the runs of that cell (oracle/cpython-verdicts.json), which the model,
 * with no such wait, gave in 4% of its seeds.
 *
 * Only that is modelled: whether, when a thread starts, more heavy stretches
 * (the costs listed in HEAVY) are running than there are cores, so that the
 * starting thread and the new one compete with them for a time slice. With
 * `cpuWait` at 8 ms that gives scenario 6 "fails" in 27% of seeds under spawn
 * (CPython 3.11.7-3.13.0: 23 of 60 runs) and 70% under forkserver (35 of 60);
 * the other cells' distributions did not move.
 */
import type { CostClass } from '../syscalls';

/** The work that holds a core for milliseconds on end. */
export const HEAVY: ReadonlySet<CostClass> = new Set<CostClass>([
  'interpreter-start',
  'import-main',
  'import-modules',
  'import-managers',
]);

export class CpuLoad {
  /** When each heavy stretch in progress ends (virtual microseconds). */
  private ends: number[] = [];

  constructor(private readonly cores: number) {}

  /** A heavy stretch runs from `now` until `end`. */
  busy(now: number, end: number): void {
    this.ends = this.ends.filter((e) => e > now);
    this.ends.push(end);
  }

  /** Whether more heavy stretches than cores are running at `now`. */
  saturated(now: number): boolean {
    let n = 0;
    for (const e of this.ends) if (e > now) n++;
    return n > this.cores;
  }
}
