/**
 * The model kernel's system calls: one entry per op, each typed by its call
 * (`CallOf<op>`), each completing with its op's `SyscallResult` through the
 * scheduler (`returns`, `wake`) or parking the thread. A new op in
 * syscalls.ts is a type error here until it has its entry.
 */
import type { Call, CallOf, SyscallOp } from '../syscalls';
import { HEAVY } from './cpu-load';
import * as ev from './events';
import type { Handles } from './handles';
import type { Thread } from './objects';
import type { Processes } from './processes';
import type { Scheduler } from './scheduler';
import type { Semaphores } from './semaphores';
import type { Streams } from './streams';
import type { TraceOut } from './trace-out';

/** The parts of the model kernel a system call works with. */
export interface KernelParts {
  readonly sched: Scheduler;
  readonly trace: TraceOut;
  readonly handles: Handles;
  readonly sems: Semaphores;
  readonly streams: Streams;
  readonly procs: Processes;
}

export type SyscallEntry<Op extends SyscallOp> = (
  k: KernelParts,
  thread: Thread,
  call: CallOf<Op>,
) => void;

export const SYSCALLS: { readonly [Op in SyscallOp]: SyscallEntry<Op> } = {
  // time and work
  cpu: (k, t, call) => {
    const c = k.sched.costs.cpu[call.cost];
    const d = k.sched.draw(c) * (call.units ?? 1);
    k.sched.returns(t, call.op, undefined, d);
    // Heavy work shares the cores with the other heavy work running: it may end later.
    if (HEAVY.has(call.cost)) k.sched.load.begin(k.sched.now, t, d);
  },
  sleep: (k, t, call) => {
    k.trace.emitFor(t, ev.slept(call.seconds));
    const overshoot = k.sched.draw(k.sched.costs.sleepOvershoot);
    k.sched.returns(t, call.op, undefined, call.seconds * 1e6 + overshoot);
  },
  random: (k, t, call) => k.sched.returns(t, call.op, k.sched.random.nextUint32(), 0),
  // output and the trace
  print: (k, t, call) => {
    k.trace.emitFor(t, ev.printed(call.stream, call.text));
    k.sched.returns(t, call.op, undefined, k.sched.draw(k.sched.costs.cpu.print));
  },
  emit: (k, t, call) => {
    k.trace.emitFor(t, call.event);
    k.sched.returns(t, call.op, undefined, 0);
  },
  // semaphores
  'sem.create': (k, t, call) => k.sems.create(t, call),
  'sem.open': (k, t, call) => k.sems.open(t, call),
  'sem.acquire': (k, t, call) => k.sems.acquire(t, call),
  'sem.release': (k, t, call) => k.sems.release(t, call),
  'sem.value': (k, t, call) => k.sems.value(t, call),
  // pipes, sockets and listeners
  'pipe.create': (k, t, call) => k.streams.create(t, call),
  'pipe.send': (k, t, call) => k.streams.send(t, call),
  'pipe.recv': (k, t, call) => k.streams.recv(t, call),
  'pipe.poll': (k, t, call) => k.streams.poll(t, call),
  listen: (k, t, call) => k.streams.listen(t, call),
  accept: (k, t, call) => k.streams.accept(t, call),
  connect: (k, t, call) => k.streams.connect(t, call),
  'sock.sendfds': (k, t, call) => k.streams.sendFds(t, call),
  'sock.recvfds': (k, t, call) => k.streams.recvFds(t, call),
  // handles
  close: (k, t, call) => {
    k.handles.close(t.proc, t, call.handle);
    k.sched.returns(t, call.op, undefined, k.sched.draw(k.sched.costs.other));
  },
  'handle.dup': (k, t, call) => k.procs.dup(t, call),
  // processes and threads
  'proc.fork': (k, t, call) => k.procs.fork(t, call),
  'proc.spawn': (k, t, call) => k.procs.spawn(t, call),
  'proc.poll': (k, t, call) => k.procs.poll(t, call),
  'proc.wait': (k, t, call) => k.procs.wait(t, call),
  'proc.kill': (k, t, call) => k.procs.kill(t, call),
  'proc.rename': (k, t, call) => k.procs.rename(t, call),
  'thread.start': (k, t, call) => k.procs.startThread(t, call),
  'thread.join': (k, t, call) => k.procs.join(t, call),
  'thread.rename': (k, t, call) => k.procs.renameThread(t, call),
  exit: (k, t, call) => k.procs.beginExit(t, call.code),
};

/** Performs `call` for `thread`: its op's entry. */
export function execute(k: KernelParts, thread: Thread, call: Call): void {
  (SYSCALLS[call.op] as SyscallEntry<SyscallOp>)(k, thread, call);
}
