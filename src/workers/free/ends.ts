/**
 * A handle holds ends of pipes: a pipe's read or write end, or both ends a
 * socket side uses, or a listener's backlog (its read end: the pipe that
 * pending connections wait in). Copying a handle to another process (fork,
 * spawn, DuplicateHandle, SCM_RIGHTS) adds a holder of each; closing it
 * removes one: the last writer gone means EOF for the readers (ECONNRESET once
 * for a socket's, when the side closed with messages unread), the last
 * listener handle gone means nobody accepts any more, so `connect` is refused
 * and connections still waiting in the backlog are reset.
 */
import { BrokenPipeError, type KernelMemory } from '../shared';
import {
  KIND_LISTENER,
  KIND_PIPE,
  KIND_SOCKET,
  type HandleEntry,
  type ProcessTables,
} from './tables';

export function retainEnds(mem: KernelMemory, tables: ProcessTables, e: HandleEntry): void {
  const o = tables.object(e.obj);
  if (o.kind === KIND_PIPE) mem.openEnd(o.a, e.end === 0 ? 'w' : 'r');
  if (o.kind === KIND_SOCKET) {
    mem.openEnd(e.end === 0 ? o.a : o.b, 'w');
    mem.openEnd(e.end === 0 ? o.b : o.a, 'r');
  }
  if (o.kind === KIND_LISTENER) mem.openEnd(o.a, 'r');
}

export function releaseEnds(mem: KernelMemory, tables: ProcessTables, e: HandleEntry): void {
  const o = tables.object(e.obj);
  if (o.kind === KIND_PIPE) mem.closeEnd(o.a, e.end === 0 ? 'w' : 'r');
  if (o.kind === KIND_SOCKET) {
    const [write, read] = e.end === 0 ? [o.a, o.b] : [o.b, o.a];
    mem.closeEnd(read, 'r');
    // The side's last holder closed with messages unread: the peer's read gets
    // ECONNRESET once drained (Linux's AF_UNIX sockets), marked before its EOF.
    if (mem.ends(read).readers === 0 && mem.messages(read) > 0) mem.markReset(write);
    mem.closeEnd(write, 'w');
  }
  if (o.kind === KIND_LISTENER) {
    mem.closeEnd(o.a, 'r');
    if (mem.ends(o.a).readers === 0) resetBacklog(mem, tables, o.a);
  }
}

/**
 * connect(): a new socket whose server end waits in the listener's backlog
 * until accept() takes it. Returns the socket's object id, or null when the
 * listener is closed (every handle on it is gone: ECONNREFUSED, as the model
 * kernel says for a listener with no open handle).
 */
export function connectTo(
  mem: KernelMemory,
  tables: ProcessTables,
  listener: number,
): { obj: number; a: number; b: number } | null {
  const backlog = tables.object(listener).a;
  if (mem.ends(backlog).readers === 0) return null;
  const [a, b] = mem.createSocketPair();
  const obj = tables.newObject(KIND_SOCKET, a, b);
  try {
    mem.write(backlog, new Uint8Array(new Int32Array([obj]).buffer), null);
  } catch (error) {
    if (!(error instanceof BrokenPipeError)) throw error;
    // The last listener handle closed in between.
    releaseEnds(mem, tables, { handle: -1, obj, end: 0 });
    releaseEnds(mem, tables, { handle: -1, obj, end: 1 });
    return null;
  }
  // The listener may have closed after the check and before this write was
  // published; its closer resets what it finds, and this resets what came later.
  if (mem.ends(backlog).readers === 0) resetBacklog(mem, tables, backlog);
  return { obj, a, b };
}

/**
 * The listener is closed: every connection still waiting in its backlog is
 * reset (its server end closes, so the client reads EOF and writes EPIPE).
 * Never waits: a closer and a late connector may both drain, each message
 * goes to one of them.
 */
function resetBacklog(mem: KernelMemory, tables: ProcessTables, backlog: number): void {
  for (;;) {
    const got = mem.read(backlog, 0);
    if (typeof got === 'string') return;
    const obj = new Int32Array(got.slice().buffer)[0]!;
    releaseEnds(mem, tables, { handle: -1, obj, end: 1 });
  }
}
