/**
 * Test-only: hand-written programs that both kernels run in the conformance
 * suite (conformance.test.ts), each printing what it saw so that the two
 * runs can be compared line for line. Every cross-process step is ordered by
 * a pipe or a wait, so the lines are the same however the processes race.
 * Plain TypeScript, no Node API: it is bundled into the free kernel's Node
 * workers (conformance-worker.entry.ts) as it is run by the model.
 *
 * Nothing in the app imports it.
 */
import { handWrittenTable, sys, type HandWrittenProgram } from '../sim/fixtures';
import { KernelError, type Gen, type Syscall } from '../sim/syscalls';

function say(text: string): Gen<void> {
  return sys({ op: 'print', stream: 'stdout', text });
}

/** Makes `call`; prints `label: <result>` or `label: <errno> <message>`. */
function* attempt(label: string, call: Syscall): Gen<void> {
  try {
    const result = yield* sys(call);
    yield* say(`${label}: ${JSON.stringify(result ?? null)}`);
  } catch (error) {
    if (!(error instanceof KernelError)) throw error;
    yield* say(`${label}: ${error.code} ${error.message}`);
  }
}

function* lock(label: string): Gen<number> {
  return yield* sys({
    op: 'sem.create',
    value: 1,
    max: 1,
    name: null,
    label,
    of: { owner: 'Lock', role: '_semlock' },
    unlink: true,
    private: false,
  });
}

function* pipe(): Gen<readonly [number, number]> {
  return yield* sys({
    op: 'pipe.create',
    duplex: false,
    label: 'pipe',
    of: { owner: 'Pipe', role: 'pipe' },
  });
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

const PROGRAMS: Record<string, HandWrittenProgram> = {
  /** Every failure a call can come to, in one process. */
  *errors() {
    yield* attempt('close of a handle never opened', { op: 'close', handle: 999 });
    const [r1, w1] = yield* pipe();
    yield* attempt('send on a read end', { op: 'pipe.send', handle: r1, payload: bytes('x') });
    yield* attempt('recv on a write end', { op: 'pipe.recv', handle: w1 });
    yield* attempt('poll, nothing written', { op: 'pipe.poll', handle: r1 });
    yield* sys({ op: 'close', handle: w1 });
    yield* attempt('poll, writer closed', { op: 'pipe.poll', handle: r1 });
    yield* attempt('recv, writer closed', { op: 'pipe.recv', handle: r1 });
    const [r2, w2] = yield* pipe();
    yield* sys({ op: 'close', handle: r2 });
    yield* attempt('send, reader closed', { op: 'pipe.send', handle: w2, payload: bytes('x') });
    yield* attempt('connect to nobody', {
      op: 'connect',
      address: '/tmp/mpviz-nobody',
      of: { owner: 'Pipe', role: 'connection' },
    });
    yield* attempt('open an unknown name', { op: 'sem.open', name: '/mp-nobody', label: 'sem' });
    const l = yield* lock('Lock');
    yield* attempt('release an unheld lock', { op: 'sem.release', handle: l });
    yield* attempt('acquire', { op: 'sem.acquire', handle: l, block: true, timeout: null });
    yield* attempt('try again', { op: 'sem.acquire', handle: l, block: false, timeout: null });
    yield* attempt('wait 10 ms', { op: 'sem.acquire', handle: l, block: true, timeout: 0.01 });
    yield* attempt('value', { op: 'sem.value', handle: l });
    yield* attempt('dup to no process', { op: 'handle.dup', handle: l, toPid: 1 });
  },

  /** A forked child: the parent's lock is held in it too; its exit code reaches the parent. */
  *family() {
    const l = yield* lock('Lock');
    yield* sys({ op: 'sem.acquire', handle: l, block: true, timeout: null });
    const [r, w] = yield* pipe();
    const child = yield* sys({
      op: 'proc.fork',
      name: 'Child-1',
      main: { program: 'child', args: [l, w] },
      birth: 'fork',
    });
    yield* say(`child says: ${text(yield* sys({ op: 'pipe.recv', handle: r }))}`);
    yield* sys({ op: 'sem.release', handle: l });
    yield* attempt('child exit code', { op: 'proc.wait', pid: child });
    yield* attempt('poll after exit', { op: 'proc.poll', pid: child });
    const thread = yield* sys({
      op: 'thread.start',
      name: 'Thread-1',
      main: { program: 'thread', args: [] },
    });
    yield* sys({ op: 'thread.join', tid: thread });
    yield* say('joined');
  },
  *child(_env, l: number, w: number) {
    const got = yield* sys({ op: 'sem.acquire', handle: l, block: false, timeout: null });
    yield* sys({ op: 'pipe.send', handle: w, payload: bytes(`lock free: ${got}`) });
    yield* sys({ op: 'sem.acquire', handle: l, block: true, timeout: null });
    yield* say('child got the lock');
    yield* sys({ op: 'exit', code: 3 });
  },
  *thread() {
    yield* say('in the thread');
  },

  /** SIGTERM: a child killed while it holds a lock leaves it held. */
  *killed() {
    const l = yield* lock('Lock');
    const [r, w] = yield* pipe();
    const [r2] = yield* pipe();
    const child = yield* sys({
      op: 'proc.fork',
      name: 'Holder',
      main: { program: 'holder', args: [l, w, r2] },
      birth: 'fork',
    });
    yield* say(`holder says: ${text(yield* sys({ op: 'pipe.recv', handle: r }))}`);
    yield* sys({ op: 'proc.kill', pid: child });
    yield* attempt('holder exit code', { op: 'proc.wait', pid: child });
    yield* attempt('try the lock', { op: 'sem.acquire', handle: l, block: false, timeout: null });
  },
  *holder(_env, l: number, w: number, r2: number) {
    yield* sys({ op: 'sem.acquire', handle: l, block: true, timeout: null });
    yield* sys({ op: 'pipe.send', handle: w, payload: bytes('holding the lock') });
    // Nobody writes to r2: the holder waits here until it is killed.
    yield* sys({ op: 'pipe.recv', handle: r2 });
    yield* say('never printed');
  },

  /** A spawned child gets only the handles passed to it, under the numbers it is told. */
  *spawned() {
    const [r, w] = yield* pipe();
    const { pid, handles } = yield* sys({
      op: 'proc.spawn',
      name: 'Spawned-1',
      main: { program: 'newborn', args: [] },
      pass: [w],
      origin: 'inherited',
    });
    yield* say(`passed ${handles.length} handle`);
    yield* say(`newborn says: ${text(yield* sys({ op: 'pipe.recv', handle: r }))}`);
    yield* attempt('newborn exit code', { op: 'proc.wait', pid });
  },
  *newborn(_env, handles: readonly number[]) {
    yield* sys({ op: 'pipe.send', handle: handles[0]!, payload: bytes('hello') });
  },
};

/** The programs, as both kernels' hosts run them. */
export const CONFORMANCE_PROGRAMS = handWrittenTable(PROGRAMS);

/** The programs a run starts with: each prints what both kernels promise. */
export const CONFORMANCE_MAINS = ['errors', 'family', 'killed', 'spawned'] as const;
