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
