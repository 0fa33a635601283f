/**
 * A listener's lifetime in the free kernel. Regression: scenario 2 under fork
 * hung in free mode because a closed listener still took connections. The
 * second manager, forked while the first manager's Lock proxy existed, holds
 * a copy of that proxy and sends its exit-time 'decref' to the first manager,
 * which has exited by then. CPython (and the model kernel) refuse that
 * connection and `_decref` swallows the error; the free kernel wrote the new
 * socket into the dead listener's backlog and the manager waited for a reply
 * for ever.
 */
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../shared';
import { connectTo, releaseEnds, retainEnds } from './ends';
import { KIND_LISTENER, ProcessTables, type HandleEntry } from './tables';

function kernel(): { mem: KernelMemory; tables: ProcessTables } {
  const mem = KernelMemory.create({
    maxSemaphores: 16,
    maxPipes: 64,
    pipeCapacity: 1024,
    pipeHeapBytes: 64 * 1024,
    logBytes: 64 * 1024,
  });
  const { tables } = ProcessTables.create({ maxObjects: 64, maxProcs: 4, maxHandles: 16 });
  return { mem, tables };
}

/** What `listen` does: a backlog pipe, a listener object, the creator's handle. */
function listen(mem: KernelMemory, tables: ProcessTables, slot: number): HandleEntry {
  const obj = tables.newObject(KIND_LISTENER, mem.createPipe());
  const e: HandleEntry = { handle: 3, obj, end: 0 };
  tables.addHandle(slot, e);
  return e;
}

function close(mem: KernelMemory, tables: ProcessTables, slot: number, e: HandleEntry): void {
  tables.removeHandle(slot, e.handle);
  releaseEnds(mem, tables, e);
}

/** The server end accept() would take, without waiting. */
function accept(mem: KernelMemory, tables: ProcessTables, listener: number): number | null {
  const got = mem.read(tables.object(listener).a, 0);
  return got instanceof Uint8Array ? new Int32Array(got.slice().buffer)[0]! : null;
}

describe('free kernel: listeners', () => {
  it('takes a connection while a handle on the listener is open', () => {
    const { mem, tables } = kernel();
    const server = tables.claimSlot(100);
    const l = listen(mem, tables, server);
    const socket = connectTo(mem, tables, l.obj);
    expect(socket).not.toBeNull();
    expect(accept(mem, tables, l.obj)).toBe(socket!.obj);
  });

  it('refuses a connection once every handle on the listener is closed (the manager exited)', () => {
    const { mem, tables } = kernel();
    const server = tables.claimSlot(100);
    const l = listen(mem, tables, server);
    close(mem, tables, server, l);
    expect(mem.ends(tables.object(l.obj).a).readers).toBe(0);
    expect(connectTo(mem, tables, l.obj)).toBeNull();
  });

  it('a forked copy of the listener handle keeps it open until it is closed too', () => {
    const { mem, tables } = kernel();
    const parent = tables.claimSlot(100);
    const child = tables.claimSlot(101);
    const l = listen(mem, tables, parent);
    tables.addHandle(child, l);
    retainEnds(mem, tables, l);
    close(mem, tables, parent, l);
    expect(connectTo(mem, tables, l.obj)).not.toBeNull();
    close(mem, tables, child, l);
    expect(connectTo(mem, tables, l.obj)).toBeNull();
  });

  it('resets a connection still waiting in the backlog when the listener closes', () => {
    const { mem, tables } = kernel();
    const server = tables.claimSlot(100);
    const l = listen(mem, tables, server);
    const socket = connectTo(mem, tables, l.obj)!;
    close(mem, tables, server, l);
    // The client (end 0) writes into `a` and reads from `b`: EOF, and no reader for what it sends.
    expect(mem.read(socket.b, 0)).toBe('eof');
    expect(mem.ends(socket.a).readers).toBe(0);
  });
});

describe('a socket side closed with messages unread (Linux ECONNRESET)', () => {
  /** A connected socket pair: end 0 (the client's), end 1 (the server's), and its pipes. */
  function socketPair(): { mem: KernelMemory; tables: ProcessTables; obj: number } {
    const { mem, tables } = kernel();
    const listener = listen(mem, tables, 0);
    const socket = connectTo(mem, tables, listener.obj)!;
    // accept(): the server end leaves the backlog for a handle of its own.
    mem.read(tables.object(listener.obj).a, 0);
    return { mem, tables, obj: socket.obj };
  }
  const end = (obj: number, side: 0 | 1): HandleEntry => ({ handle: -1, obj, end: side });

  it('the peer reads what was sent to it, then "reset" once, then EOF', () => {
    const { mem, tables, obj } = socketPair();
    const { a, b } = tables.object(obj); // end 0 writes a, reads b
    mem.write(b, new Uint8Array([1, 2]), 0); // the server's challenge, never read
    mem.write(a, new Uint8Array([3]), 0); // the client had written this
    releaseEnds(mem, tables, end(obj, 0)); // the client dies
    expect(mem.read(a, 0)).toEqual(new Uint8Array([3]));
    expect(mem.read(a, 0)).toBe('reset');
    expect(mem.read(a, 0)).toBe('eof');
  });

  it('a side closed with nothing unread gives its peer EOF', () => {
    const { mem, tables, obj } = socketPair();
    const { a } = tables.object(obj);
    releaseEnds(mem, tables, end(obj, 0));
    expect(mem.read(a, 0)).toBe('eof');
  });

  it('only the last holder of a side closing counts', () => {
    const { mem, tables, obj } = socketPair();
    const { a, b } = tables.object(obj);
    retainEnds(mem, tables, end(obj, 0)); // a second holder (a fork)
    mem.write(b, new Uint8Array([1]), 0);
    releaseEnds(mem, tables, end(obj, 0));
    expect(mem.read(a, 0)).toBe('timeout'); // one holder left: no EOF, no reset
    releaseEnds(mem, tables, end(obj, 0));
    expect(mem.read(a, 0)).toBe('reset');
  });
});
