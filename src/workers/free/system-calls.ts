/**
 * A free-running process's system calls, performed right here on shared
 * memory: a semaphore is a word in the SharedArrayBuffer, a pipe a ring of
 * bytes the pickled messages really travel through. A call that cannot
 * complete at once comes to a wait (waits.ts); what needs a new worker or a
 * shared name is asked of the main thread (main-thread.ts).
 *
 * One entry per op, as in the model kernel's syscall-table.ts: each comes to
 * its op's `SyscallResult` (or an error, or a wait). The errors and the
 * events are the model kernel's own (sim/kernel's kernelErrors, kernelEvents).
 */
import { kernelErrors as err, kernelEvents as ev, frame } from '../../sim/kernel';
import { SEM_VALUE_MAX, type Call, type CallOf, type SyscallOp } from '../../sim/syscalls';
import { SemaphoreOverflowError } from '../shared';
import type { ProcessContext } from './context';
import { connectTo } from './ends';
import { KIND_LISTENER, KIND_PIPE, KIND_SEMAPHORE, KIND_SOCKET } from './tables';
import type { Outcome, Thread } from './threads';

type Entry<Op extends SyscallOp> = (x: ProcessContext, t: Thread, call: CallOf<Op>) => Outcome<Op>;

const NOTHING = { value: undefined };

/** The reply to a lookup by name: an object id, or a negative number when there is none. */
function found(reply: unknown): number | null {
  return typeof reply === 'number' && reply >= 0 ? reply : null;
}

export const SYSCALLS: { readonly [Op in SyscallOp]: Entry<Op> } = {
  // time and work: a free run does the work for real, it does not simulate its cost
  cpu: () => NOTHING,
  sleep: (x, t, call) => {
    x.events.emitFor(t, ev.slept(call.seconds));
    return { wait: { kind: 'sleep', deadline: performance.now() + call.seconds * 1000 } };
  },
  random: () => {
    const words = new Uint32Array(1);
    crypto.getRandomValues(words);
    return { value: words[0]! };
  },
  // output and the trace
  print: (x, t, call) => {
    x.events.emitFor(t, ev.printed(call.stream, call.text));
    return NOTHING;
  },
  emit: (x, t, call) => {
    x.events.emitFor(t, call.event);
    return NOTHING;
  },

  // semaphores
  'sem.create': (x, t, call) => {
    const max = Math.min(call.max, SEM_VALUE_MAX);
    const sem = x.mem.createSemaphore(call.value, max);
    const obj = x.tables.newObject(KIND_SEMAPHORE, sem, -1, call.private);
    x.events.emitFor(
      t,
      ev.semaphoreCreated(obj, call.label, call.of, call.value, max, call.name, call.private),
    );
    const handle = (): Outcome<'sem.create'> => ({ value: x.handles.add(t, obj, 0, 'created') });
    if (call.name === null) return handle();
    if (call.unlink) {
      x.events.emitFor(t, ev.unlinked(obj));
      return handle();
    }
    // Registered before sem_open returns: another process may open it by name at once.
    return x.main.ask({ op: 'sem-name', slot: x.init.slot, name: call.name, obj }, handle);
  },
  'sem.open': (x, t, call) =>
    x.main.ask({ op: 'sem-name', slot: x.init.slot, name: call.name, obj: null }, (reply) => {
      const obj = found(reply);
      if (obj === null) throw err.noSuchSemaphore(call.name);
      return { value: x.handles.add(t, obj, 0, 'opened') };
    }),
  'sem.acquire': (x, t, call) => {
    const e = x.handles.entry(call.handle);
    const sem = x.tables.object(e.obj).a;
    const deadline = call.timeout === null ? null : performance.now() + call.timeout * 1000;
    if (!call.block || call.timeout === 0) {
      if (x.mem.tryAcquire(sem)) {
        x.events.emitFor(t, ev.semAcquired(e.obj, call.handle, x.mem.value(sem), false));
        return { value: true };
      }
      x.events.emitFor(t, ev.semTryFailed(e.obj, call.handle));
      return { value: false };
    }
    return {
      wait: { kind: 'sem', obj: e.obj, handle: call.handle, sem, deadline, blocked: false },
    };
  },
  'sem.release': (x, t, call) => {
    const e = x.handles.entry(call.handle);
    const sem = x.tables.object(e.obj).a;
    try {
      x.mem.release(sem);
    } catch (error) {
      if (error instanceof SemaphoreOverflowError) throw err.semaphoreOverflow();
      throw error;
    }
    x.events.emitFor(t, ev.semReleased(e.obj, call.handle, x.mem.value(sem), null));
    return NOTHING;
  },
  'sem.value': (x, _t, call) => {
    const e = x.handles.entry(call.handle);
    return { value: x.mem.value(x.tables.object(e.obj).a) };
  },

  // pipes, sockets and listeners
  'pipe.create': (x, t, call) => {
    let obj: number;
    if (call.duplex) {
      const [a, b] = x.mem.createSocketPair();
      obj = x.tables.newObject(KIND_SOCKET, a, b);
    } else {
      obj = x.tables.newObject(KIND_PIPE, x.mem.createPipe());
    }
    x.events.emitFor(t, ev.pipeCreated(obj, call.duplex ? 'socket' : 'pipe', call.label, call.of));
    // CPython's Pipe(duplex=False) returns (reader, writer).
    return { value: [x.handles.add(t, obj, 1, 'created'), x.handles.add(t, obj, 0, 'created')] };
  },
  'pipe.send': (x, _t, call) => {
    const e = x.handles.entry(call.handle);
    const { write } = x.handles.pipesOf(e);
    if (write < 0) throw err.notWritable();
    const framed = call.framed !== false;
    const bytes = framed ? frame(call.payload) : call.payload;
    return {
      wait: {
        kind: 'send',
        obj: e.obj,
        handle: call.handle,
        pipe: write,
        bytes,
        framed,
        blocked: false,
      },
    };
  },
  'pipe.recv': (x, _t, call) => {
    const e = x.handles.entry(call.handle);
    const { read } = x.handles.pipesOf(e);
    if (read < 0) throw err.notReadable();
    return {
      wait: {
        kind: 'recv',
        obj: e.obj,
        handle: call.handle,
        pipe: read,
        fds: false,
        blocked: false,
      },
    };
  },
  'pipe.poll': (x, _t, call) => {
    const e = x.handles.entry(call.handle);
    return { value: x.mem.poll(x.handles.pipesOf(e).read) };
  },
  listen: (x, t, call) => {
    const obj = x.tables.newObject(KIND_LISTENER, x.mem.createPipe());
    x.events.emitFor(t, ev.listenerCreated(obj, call.label, call.of, call.address));
    // Registered before listen returns: the listener's address goes to the client
    // through a pipe, which is faster than this message to the main thread.
    return x.main.ask({ op: 'listener', slot: x.init.slot, address: call.address, obj }, () => ({
      value: x.handles.add(t, obj, 0, 'created'),
    }));
  },
  accept: (x, _t, call) => {
    const e = x.handles.entry(call.handle);
    return { wait: { kind: 'accept', pipe: x.tables.object(e.obj).a } };
  },
  connect: (x, t, call) =>
    x.main.ask({ op: 'listener', slot: x.init.slot, address: call.address, obj: null }, (reply) => {
      const listener = found(reply);
      if (listener === null) throw err.connectionRefused();
      // The server end waits in the listener's backlog until accept() takes it;
      // a listener whose every handle is closed (its manager exited) refuses.
      const socket = connectTo(x.mem, x.tables, listener);
      if (socket === null) throw err.connectionRefused();
      x.events.emitFor(t, ev.connected(socket.obj, call.of, call.address));
      return { value: x.handles.add(t, socket.obj, 0, 'connected') };
    }),
  'sock.sendfds': (x, _t, call) => {
    const e = x.handles.entry(call.handle);
    const entries = call.fds.map((fd) => x.handles.entry(fd));
    for (const entry of entries) x.handles.retainEnds(entry);
    // SCM_RIGHTS: the message carries (object, end) pairs for the receiver's table.
    const payload = new Int32Array(entries.flatMap((entry) => [entry.obj, entry.end]));
    return {
      wait: {
        kind: 'send',
        obj: e.obj,
        handle: call.handle,
        pipe: x.handles.pipesOf(e).write,
        bytes: new Uint8Array(payload.buffer),
        framed: false,
        blocked: false,
      },
    };
  },
  'sock.recvfds': (x, _t, call) => {
    const e = x.handles.entry(call.handle);
    const pipe = x.handles.pipesOf(e).read;
    return {
      wait: { kind: 'recv', obj: e.obj, handle: call.handle, pipe, fds: true, blocked: false },
    };
  },

  // handles
  close: (x, t, call) => {
    const e = x.handles.remove(call.handle);
    if (e === null) throw err.badHandle();
    x.events.emitFor(t, ev.handleClosed(call.handle, e.obj));
    x.handles.releaseEnds(e);
    return NOTHING;
  },
  'handle.dup': (x, _t, call) =>
    x.main.ask(
      { op: 'dup', slot: x.init.slot, handle: call.handle, toPid: call.toPid },
      (reply) => {
        const handle = found(reply);
        if (handle === null) throw err.noSuchProcess();
        return { value: handle };
      },
    ),

  // processes and threads
  'proc.fork': (x, t, call) =>
    x.main.ask(
      {
        op: 'fork',
        slot: x.init.slot,
        name: call.name,
        birth: call.birth,
        main: call.main,
        memory: x.memory,
        tid: t.tid,
        at: t.at,
        thread: t.name,
      },
      (reply) => ({ value: x.main.child(reply as { pid: number; slot: number }).pid }),
    ),
  'proc.spawn': (x, t, call) =>
    x.main.ask(
      {
        op: 'spawn',
        slot: x.init.slot,
        name: call.name,
        main: call.main,
        pass: [...call.pass],
        origin: call.origin,
        tid: t.tid,
        at: t.at,
        thread: t.name,
      },
      (reply) => {
        const r = x.main.child(reply as { pid: number; slot: number; handles: number[] });
        return { value: { pid: r.pid, handles: r.handles } };
      },
    ),
  'proc.poll': (x, _t, call) =>
    x.main.withSlot(call.pid, (slot) => ({
      value: slot === null ? null : x.tables.exitCode(slot),
    })),
  'proc.wait': (x, _t, call) =>
    x.main.withSlot(call.pid, (slot) =>
      slot === null ? { value: null } : { wait: { kind: 'wait', slot } },
    ),
  'proc.kill': (x, _t, call) => {
    // A forkserver's children were forked by the server: this process may
    // not know their slot, but the main thread knows every pid.
    const slot = x.main.slotOf(call.pid);
    if (slot === undefined || x.tables.exitCode(slot) === null) {
      x.main.post({ op: 'kill', slot: x.init.slot, pid: call.pid });
    }
    return NOTHING;
  },
  'proc.rename': (x, t, call) => {
    // The event is the renamed process's (as the model writes it), made by this thread.
    x.events.emitFor(t, ev.processRenamed(call.name), call.pid);
    x.main.post({ op: 'rename', pid: call.pid, name: call.name });
    return NOTHING;
  },
  'thread.start': (x, t, call) => {
    const tid = x.tables.nextThreadId();
    x.events.emitFor(t, ev.threadStarted(tid, call.name));
    x.startThread(tid, call.name, call.main);
    return { value: tid };
  },
  'thread.join': (_x, _t, call) => ({ wait: { kind: 'join', tid: call.tid } }),
  'thread.rename': (x, t, call) => {
    t.name = call.name;
    x.events.emitFor(t, ev.threadRenamed(call.name));
    return NOTHING;
  },
  exit: (x, _t, call) => {
    x.exit(call.code);
    return { wait: { kind: 'gone' } };
  },
};

/** Performs `call` for thread `t`: its op's entry. */
export function execute(x: ProcessContext, t: Thread, call: Call): Outcome {
  return (SYSCALLS[call.op] as Entry<SyscallOp>)(x, t, call);
}
