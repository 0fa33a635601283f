/**
 * The model kernel on hand-written programs: what a semaphore held by a
 * killed process does, and how fork shares kernel objects.
 */
import { describe, expect, it } from 'vitest';
import { KernelError, type Gen } from '../syscalls';
import { forkChild, lockHolderKilled, newLock, runHandWritten, sys } from '../fixtures';
import { runScenario } from '../run';

describe('ModelKernel', () => {
  it('a process killed while holding a lock leaves it held, as in CPython', () => {
    // The child takes the lock and is killed; its parent then tries the lock for 50 ms.
    const result = lockHolderKilled();
    const parent = result.events[0]!.pid;
    const parentAcquired = result.events.some((e) => e.kind === 'sem.acquire' && e.pid === parent);
    expect(parentAcquired).toBe(false);
    const exits = result.events
      .filter((e) => e.kind === 'process.exit')
      .map((e) => (e.kind === 'process.exit' ? e.code : 0));
    expect(exits).toContain(-15);
    expect(result.events.some((e) => e.kind === 'sem.timeout')).toBe(true);
  });

  it('a forked child blocks on the very semaphore its parent holds (no copy-on-write for kernel objects)', () => {
    const order: string[] = [];
    runHandWritten({
      *parent() {
        const lock = yield* newLock();
        yield* sys({ op: 'sem.acquire', handle: lock, block: true, timeout: null });
        const child = yield* forkChild(lock);
        yield* sys({ op: 'sleep', seconds: 0.05 });
        order.push('parent releases');
        yield* sys({ op: 'sem.release', handle: lock });
        yield* sys({ op: 'proc.wait', pid: child });
      },
      *child(_env, lock: number) {
        yield* sys({ op: 'sem.acquire', handle: lock, block: true, timeout: null });
        order.push('child acquired');
        yield* sys({ op: 'sem.release', handle: lock });
      },
    });
    expect(order).toEqual(['parent releases', 'child acquired']);
  });

  it('reading a pipe whose writers are all gone raises EOF in the reader', () => {
    let error: unknown = null;
    runHandWritten({
      *parent() {
        const [r, w] = yield* sys({
          op: 'pipe.create',
          duplex: false,
          label: 'pipe',
          of: { owner: 'Pipe', role: 'pipe' },
        });
        yield* sys({ op: 'close', handle: w });
        try {
          yield* sys({ op: 'pipe.recv', handle: r });
        } catch (e) {
          error = e;
        }
      },
    });
    expect(error).toBeInstanceOf(KernelError);
    expect((error as KernelError).code).toBe('EOF');
  });

  // A spawned child is a new interpreter: until it runs code of its own it is
  // at no line. (Its passed descriptors once carried the parent's position,
  // and the story showed a SpawnPoolWorker "at line 59", the parent's
  // mp.Pool() line.) A forked child, by contrast, is where its parent forked.
  it('a spawned child is at no line until it runs; a forked one is where its parent forked', () => {
    for (const [startMethod, platform] of [
      ['spawn', 'linux'],
      ['spawn', 'windows'],
      ['forkserver', 'linux'],
    ] as const) {
      const { trace } = runScenario({ scenario: 1, startMethod, platform, seed: 1 });
      // The child's own main thread (events the parent performs on the child's
      // table, such as DuplicateHandle on Windows, are the parent thread's).
      const spawned = new Map(
        trace.events
          .filter((e) => e.kind === 'process.start' && e.birth === 'spawn')
          .map((e) => [e.pid, e.tid]),
      );
      expect(spawned.size).toBeGreaterThan(0);
      // The descriptors passed at its creation: its first events, before any code it runs.
      const ran = new Set<number>();
      const passed = trace.events.filter((e) => {
        if (spawned.get(e.pid) !== e.tid || ran.has(e.pid)) return false;
        if (e.kind === 'handle.add') return true;
        if (e.kind !== 'process.start') ran.add(e.pid);
        return false;
      });
      expect(passed.length).toBeGreaterThan(0);
      for (const e of passed)
        expect([startMethod, platform, e.line, e.fn]).toEqual([startMethod, platform, null, null]);
    }
    const fork = runScenario({
      scenario: 3,
      startMethod: 'fork',
      platform: 'linux',
      seed: 1,
    }).trace;
    const child = fork.events.find((e) => e.kind === 'process.start' && e.birth === 'fork')!;
    const inherited = fork.events.find((e) => e.pid === child.pid && e.kind === 'handle.add')!;
    expect(inherited.line).not.toBeNull();
  });

  describe('a socket whose peer dies (Linux AF_UNIX, checked with a socketpair under CPython 3.11.7)', () => {
    /**
     * The parent keeps one end of a socket pair, a forked child the other; the
     * child does `child`, the parent may write first, then kills the child and
     * reads its end until it fails: what each read gave.
     */
    function afterKill(
      parentWrites: boolean,
      child: (end: number) => Gen<void>,
      pause = 0.01,
    ): string[] {
      const reads: string[] = [];
      runHandWritten({
        *parent() {
          const [mine, theirs] = yield* sys({
            op: 'pipe.create',
            duplex: true,
            label: 'socketpair',
            of: { owner: 'Pipe', role: 'pipe' },
          });
          const pid = yield* forkChild(theirs);
          yield* sys({ op: 'close', handle: theirs });
          yield* sys({ op: 'sleep', seconds: pause });
          if (parentWrites)
            yield* sys({ op: 'pipe.send', handle: mine, payload: new Uint8Array(9) });
          yield* sys({ op: 'proc.kill', pid });
          yield* sys({ op: 'proc.wait', pid });
          for (let i = 0; i < 4; i++) {
            try {
              const got = yield* sys({ op: 'pipe.recv', handle: mine });
              reads.push(`${got.length} bytes`);
            } catch (e) {
              reads.push((e as KernelError).code);
              if ((e as KernelError).code === 'EOF') break;
            }
          }
        },
        *child(_env, end: number) {
          yield* child(end);
        },
      });
      return reads;
    }

    function* sleepLong(): Gen<void> {
      yield* sys({ op: 'sleep', seconds: 10 });
    }

    it("closed with a message unread: the survivor's next read fails with ECONNRESET, once", () => {
      expect(afterKill(true, sleepLong)).toEqual(['ECONNRESET', 'EOF']);
    });

    it('closed with nothing unread: EOF', () => {
      expect(afterKill(false, sleepLong)).toEqual(['EOF']);
    });

    it('what the dead side wrote is read first, then the reset', () => {
      function* writeThenSleep(end: number): Gen<void> {
        yield* sys({ op: 'pipe.send', handle: end, payload: new Uint8Array(3) });
        yield* sleepLong();
      }
      expect(afterKill(true, writeThenSleep)).toEqual(['3 bytes', 'ECONNRESET', 'EOF']);
    });

    it('a reader woken with a message but killed before it ran leaves it unread', () => {
      // The child waits in recv; the parent writes and kills it at once: the wake-up
      // (tens of microseconds) has not let the child run, so the message is still queued.
      function* readForever(end: number): Gen<void> {
        for (;;) yield* sys({ op: 'pipe.recv', handle: end });
      }
      expect(afterKill(true, readForever)).toEqual(['ECONNRESET', 'EOF']);
    });
  });
});
