/**
 * The model kernel's semaphores (multiprocessing's locks, and the threading
 * locks inside one process): a count, a maximum, and the threads parked in
 * sem_wait. A release with waiters hands the semaphore straight to one of
 * them, drawn by the seed (POSIX does not say which).
 */
import { SEM_VALUE_MAX, type CallOf } from '../syscalls';
import { noSuchSemaphore, semaphoreExists, semaphoreOverflow } from './errors';
import * as ev from './events';
import type { Handles } from './handles';
import type { Blocked, Semaphore, Thread } from './objects';
import type { Scheduler } from './scheduler';
import type { TraceOut } from './trace-out';

export class Semaphores {
  /** Named semaphores that can still be opened (not unlinked). */
  private readonly names = new Map<string, number>();

  constructor(
    private readonly sched: Scheduler,
    private readonly trace: TraceOut,
    private readonly handles: Handles,
  ) {}

  create(thread: Thread, call: CallOf<'sem.create'>): void {
    if (call.name !== null && this.names.has(call.name)) throw semaphoreExists(call.name);
    const id = this.handles.newId();
    const sem: Semaphore = {
      kind: 'semaphore',
      id,
      value: call.value,
      max: call.max > SEM_VALUE_MAX ? SEM_VALUE_MAX : call.max,
      name: call.name,
      label: call.label,
      waiters: [],
    };
    this.handles.objects[id] = sem;
    this.trace.emitFor(
      thread,
      ev.semaphoreCreated(id, call.label, call.of, call.value, sem.max, call.name, call.private),
    );
    if (call.name !== null) {
      if (call.unlink) this.trace.emitFor(thread, ev.unlinked(id));
      else this.names.set(call.name, id);
    }
    sem.name = call.unlink ? null : call.name;
    const h = this.handles.add(thread.proc, thread, { obj: id, end: 0 }, 'created');
    this.sched.returns(thread, call.op, h, this.sched.draw(this.sched.costs.other));
  }

  open(thread: Thread, call: CallOf<'sem.open'>): void {
    const id = this.names.get(call.name);
    if (id === undefined) throw noSuchSemaphore(call.name);
    const h = this.handles.add(thread.proc, thread, { obj: id, end: 0 }, 'opened');
    this.sched.returns(thread, call.op, h, this.sched.draw(this.sched.costs.other));
  }

  acquire(thread: Thread, call: CallOf<'sem.acquire'>): void {
    const sem = this.handles.semOf(thread.proc, call.handle);
    const cost = this.sched.costs.semOp;
    if (sem.value > 0) {
      sem.value -= 1;
      this.trace.emitFor(thread, ev.semAcquired(sem.id, call.handle, sem.value, false));
      this.sched.returns(thread, call.op, true, this.sched.draw(cost));
      return;
    }
    if (!call.block || call.timeout === 0) {
      this.trace.emitFor(thread, ev.semTryFailed(sem.id, call.handle));
      this.sched.returns(thread, call.op, false, this.sched.draw(cost));
      return;
    }
    this.trace.emitFor(thread, ev.semBlocked(sem.id, call.handle));
    sem.waiters.push(thread.tid);
    this.sched.block(thread, {
      on: 'sem',
      obj: sem.id,
      handle: call.handle,
      deadline: call.timeout === null ? null : this.sched.now + call.timeout * 1e6,
    });
  }

  release(thread: Thread, call: CallOf<'sem.release'>): void {
    const sem = this.handles.semOf(thread.proc, call.handle);
    const cost = this.sched.costs.semOp;
    if (sem.waiters.length > 0) {
      // POSIX does not say which waiter sem_post wakes: draw one.
      const i = this.sched.random.int(sem.waiters.length);
      const tid = sem.waiters.splice(i, 1)[0]!;
      const waiter = this.sched.threads.get(tid)!;
      const b = waiter.blocked as Extract<Blocked, { on: 'sem' }>;
      this.trace.emitFor(thread, ev.semReleased(sem.id, call.handle, sem.value, tid));
      // The count stays 0: the semaphore passes straight to the woken thread.
      this.trace.emitFor(waiter, ev.semAcquired(sem.id, b.handle, sem.value, true));
      this.sched.wake(waiter, 'sem.acquire', true, this.sched.wakeDelay());
      this.sched.returns(thread, call.op, undefined, this.sched.draw(cost));
      return;
    }
    if (sem.value >= sem.max) throw semaphoreOverflow();
    sem.value += 1;
    this.trace.emitFor(thread, ev.semReleased(sem.id, call.handle, sem.value, null));
    this.sched.returns(thread, call.op, undefined, this.sched.draw(cost));
  }

  value(thread: Thread, call: CallOf<'sem.value'>): void {
    const sem = this.handles.semOf(thread.proc, call.handle);
    this.sched.returns(thread, call.op, sem.value, this.sched.draw(this.sched.costs.semOp));
  }

  /** A timed wait ran out (the scheduler chose the thread at its deadline): acquire returns false. */
  timeOut(thread: Thread): void {
    const b = thread.blocked as Extract<Blocked, { on: 'sem' }>;
    this.forgetWaiter(b.obj, thread.tid);
    this.sched.now = Math.max(this.sched.now, b.deadline!);
    this.trace.emitFor(thread, ev.semTimedOut(b.obj, b.handle));
    this.sched.makeReady(thread, { value: false }, 0);
  }

  /** The thread no longer waits on semaphore `obj` (it timed out, or its process ended). */
  forgetWaiter(obj: number, tid: number): void {
    const sem = this.handles.objects[obj] as Semaphore;
    sem.waiters = sem.waiters.filter((w) => w !== tid);
  }
}
