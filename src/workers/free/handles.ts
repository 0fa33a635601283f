/**
 * A free-running process's handles: numbers in its table (in the shared
 * process tables, so fork copies it and DuplicateHandle writes into it),
 * each naming one end of a kernel object.
 */
import {
  kernelErrors as err,
  kernelEvents as ev,
  lowestFreeFd,
  SEM_PAGE,
  SEM_REGIONS,
  semRegion,
} from '../../sim/kernel';
import type { RunConfig } from '../../sim/syscalls';
import type { HandleOrigin } from '../../sim/trace';
import type { KernelMemory } from '../shared';
import { releaseEnds, retainEnds } from './ends';
import type { ProcessEvents } from './events';
import {
  KIND_LISTENER,
  KIND_PIPE,
  KIND_SEMAPHORE,
  KIND_SOCKET,
  type HandleEntry,
  type ProcessTables,
} from './tables';
import type { Thread } from './threads';

export class ProcessHandles {
  private readonly mem: KernelMemory;
  private readonly tables: ProcessTables;
  private readonly events: ProcessEvents;
  private readonly slot: number;
  private readonly platform: RunConfig['platform'];
  private nextSemAddr: number;

  constructor(
    mem: KernelMemory,
    tables: ProcessTables,
    events: ProcessEvents,
    slot: number,
    pid: number,
    platform: RunConfig['platform'],
  ) {
    this.mem = mem;
    this.tables = tables;
    this.events = events;
    this.slot = slot;
    this.platform = platform;
    // Each process's semaphore mappings start in a region of their own (its pid's).
    this.nextSemAddr = semRegion(pid % SEM_REGIONS);
  }

  /** A new handle number for an object of `kind`, as the platform numbers them. */
  private alloc(kind: number): number {
    if (this.platform === 'windows') return this.tables.nextWindowsHandle();
    if (kind === KIND_SEMAPHORE) {
      // A POSIX semaphore is not a file descriptor: it is a sem_t* mapping.
      this.nextSemAddr += SEM_PAGE;
      return this.nextSemAddr;
    }
    return lowestFreeFd(new Set(this.tables.handles(this.slot).map((h) => h.handle)));
  }

  /** A handle to end `end` of `obj`, in thread `t`'s name (a handle.add event). */
  add(t: Thread, obj: number, end: 0 | 1, origin: HandleOrigin): number {
    const kind = this.tables.object(obj).kind;
    const handle = this.alloc(kind);
    this.tables.addHandle(this.slot, { handle, obj, end });
    this.events.emitFor(t, ev.handleAdded(handle, obj, origin));
    return handle;
  }

  entry(handle: number): HandleEntry {
    const e = this.tables.lookup(this.slot, handle);
    if (e === null) throw err.badHandle(handle);
    return e;
  }

  /** The pipe a handle writes into and the one it reads from. */
  pipesOf(e: HandleEntry): { write: number; read: number } {
    const o = this.tables.object(e.obj);
    if (o.kind === KIND_PIPE)
      return e.end === 0 ? { write: o.a, read: -1 } : { write: -1, read: o.a };
    if (o.kind === KIND_SOCKET)
      return e.end === 0 ? { write: o.a, read: o.b } : { write: o.b, read: o.a };
    if (o.kind === KIND_LISTENER) return { write: -1, read: o.a };
    throw err.notAPipe();
  }

  /** The handle leaves the table (null if it was not there). */
  remove(handle: number): HandleEntry | null {
    return this.tables.removeHandle(this.slot, handle);
  }

  /** Every handle the process holds. */
  all(): HandleEntry[] {
    return this.tables.handles(this.slot);
  }

  releaseEnds(e: HandleEntry): void {
    releaseEnds(this.mem, this.tables, e);
  }

  retainEnds(e: HandleEntry): void {
    retainEnds(this.mem, this.tables, e);
  }
}
