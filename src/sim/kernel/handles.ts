/**
 * The model kernel's object table and the processes' handle tables: which
 * objects exist, how many handles (and messages in flight) refer to each,
 * and what number a new handle gets on this platform. The last reference
 * gone, an object is freed (`kobj.free`); the last writer of a stream gone,
 * its readers are told (`readers`: streams.ts wakes them with EOF).
 */
import type { RunConfig } from '../syscalls';
import type { EventBody, HandleOrigin } from '../trace';
import { badHandle, notAPipe, notASemaphore } from './errors';
import * as ev from './events';
import { lowestFreeFd, SEM_PAGE, WINDOWS_HANDLE_BASE, WINDOWS_HANDLE_STEP } from './numbering';
import type { HandleTarget, KernelObject, Process, Semaphore, Stream, Thread } from './objects';
import type { Scheduler } from './scheduler';
import type { TraceOut } from './trace-out';

export class Handles {
  /** Kernel objects by id (ids count up from 1: an array, looked up on most calls). */
  readonly objects: (KernelObject | undefined)[] = [];
  /** Listening addresses, while their listener exists. */
  readonly listeners = new Map<string, number>();
  private nextObj = 1;
  /** Handles (and in-flight references) per kernel object, by id. */
  private readonly refs: (number | undefined)[] = [];
  /** Objects whose last reference just went away: `kobj.free` follows the `handle.close`. */
  private freed: number[] = [];
  private nextWinHandle = WINDOWS_HANDLE_BASE;
  /**
   * Told when the last writer of a stream's direction went away and nothing is
   * left in it (streams.ts wakes its readers with EOF), and when a process dies
   * with messages its readers had not copied out yet (`putBack`). Set once, by Streams.
   * An object, not a closure over the run: a closure called here (or handed to
   * numbering.ts) stays in the call site's feedback after the run, and kept
   * young objects of later runs alive through scavenges (GC time doubled).
   */
  readers: {
    wakeReaders(stream: Stream, dir: 0 | 1): void;
    putBack(unread: readonly NonNullable<Thread['unread']>[]): void;
  } | null = null;

  constructor(
    private readonly config: RunConfig,
    private readonly sched: Scheduler,
    private readonly trace: TraceOut,
    private nextSemAddr: number,
  ) {}

  /** The id of a new object. */
  newId(): number {
    return this.nextObj++;
  }

  private allocHandle(proc: Process, target: HandleTarget): number {
    const obj = this.objects[target.obj]!;
    if (this.config.platform === 'windows') {
      // Windows HANDLE values: multiples of 4, shared counter, never the same twice.
      this.nextWinHandle += WINDOWS_HANDLE_STEP * (1 + this.sched.random.int(3));
      return this.nextWinHandle;
    }
    if (obj.kind === 'semaphore') {
      // A POSIX semaphore is not a file descriptor: it is a sem_t* mapping.
      this.nextSemAddr += SEM_PAGE;
      return this.nextSemAddr;
    }
    const fd = lowestFreeFd(proc.handles, proc.fdFloor);
    proc.fdFloor = fd;
    return fd;
  }

  /**
   * A handle in `proc` to `target`, under a number of its own (`keep`: the
   * number it already has, a spawned child's on POSIX). No event: the caller
   * says where it came from.
   */
  install(proc: Process, target: HandleTarget, keep?: number): number {
    const h = keep ?? this.allocHandle(proc, target);
    proc.handles.set(h, target);
    this.retain(target);
    return h;
  }

  drop(proc: Process, handle: number): void {
    proc.handles.delete(handle);
    if (handle < proc.fdFloor) proc.fdFloor = handle;
  }

  /** A new handle in `proc`, recorded by `thread` (in `proc`'s name if another process's). */
  add(
    proc: Process,
    thread: Thread,
    target: HandleTarget,
    origin: HandleOrigin,
    from?: ev.HandleSource,
  ): number {
    const h = this.allocHandle(proc, target);
    proc.handles.set(h, target);
    this.retain(target);
    const body = ev.handleAdded(h, target.obj, origin, from);
    if (proc.pid !== thread.pid) {
      this.trace.emitRaw(thread.tid, proc.pid, body, thread.at, thread.name);
    } else {
      this.trace.emitFor(thread, body);
    }
    return h;
  }

  retain(target: HandleTarget): void {
    const obj = this.objects[target.obj];
    if (!obj) return;
    this.refs[obj.id] = (this.refs[obj.id] ?? 0) + 1;
    if (obj.kind === 'pipe' || obj.kind === 'socket') obj.open[target.end] += 1;
    if (obj.kind === 'listener') obj.open += 1;
  }

  release(target: HandleTarget): void {
    const obj = this.objects[target.obj];
    if (!obj) return;
    const refs = (this.refs[obj.id] ?? 1) - 1;
    this.refs[obj.id] = refs;
    // Nothing refers to it any more (a named semaphore can still be opened by name).
    if (refs === 0 && !(obj.kind === 'semaphore' && obj.name !== null)) this.freed.push(obj.id);
    if (obj.kind === 'listener') {
      obj.open -= 1;
      return;
    }
    if (obj.kind !== 'pipe' && obj.kind !== 'socket') return;
    obj.open[target.end] -= 1;
    if (obj.open[target.end] === 0) {
      // A socket end closed with messages unread in its own receive queue resets its peer.
      if (obj.kind === 'socket' && obj.dirs[target.end === 0 ? 1 : 0].length > 0) {
        obj.reset[target.end] = true;
      }
      // The last writer of a direction went away: its readers see EOF once it is drained.
      const dirs: (0 | 1)[] = obj.kind === 'pipe' ? (target.end === 0 ? [0] : []) : [target.end];
      for (const dir of dirs) {
        if (obj.dirs[dir].length === 0) this.readers?.wakeReaders(obj, dir);
      }
    }
  }

  /** Forgets the objects nothing refers to any more, and says so in the trace. */
  flushFreed(emit: (body: EventBody) => void): void {
    for (const id of this.freed) {
      const obj = this.objects[id];
      if (!obj) continue;
      this.objects[id] = undefined;
      this.refs[id] = undefined;
      if (obj.kind === 'listener') this.listeners.delete(obj.address);
      emit(ev.freed(id));
    }
    this.freed = [];
  }

  close(proc: Process, thread: Thread, handle: number): void {
    const target = proc.handles.get(handle);
    if (!target) throw badHandle();
    this.drop(proc, handle);
    this.trace.emitFor(thread, ev.handleClosed(handle, target.obj));
    this.release(target);
    this.flushFreed((body) => this.trace.emitFor(thread, body));
  }

  handleOf(proc: Process, handle: number): HandleTarget {
    const target = proc.handles.get(handle);
    if (!target) throw badHandle(handle, proc.name);
    return target;
  }

  semOf(proc: Process, handle: number): Semaphore {
    const target = this.handleOf(proc, handle);
    const obj = this.objects[target.obj];
    if (obj?.kind !== 'semaphore') throw notASemaphore();
    return obj;
  }

  streamOf(proc: Process, handle: number): { stream: Stream; target: HandleTarget } {
    const target = this.handleOf(proc, handle);
    const obj = this.objects[target.obj];
    if (obj?.kind !== 'pipe' && obj?.kind !== 'socket') throw notAPipe();
    return { stream: obj, target };
  }
}
