/**
 * A free-running process's system calls, performed right here on shared
 * memory: a semaphore is a word in the SharedArrayBuffer, a pipe a ring of
 * bytes the pickled messages really travel through. A call that cannot
 * complete at once comes to a wait (waits.ts); what needs a new worker or a
 * shared name is asked of the main thread (main-thread.ts).
 */
import { KernelError, SEM_VALUE_MAX, type Call } from '../../sim/syscalls';
import { SemaphoreOverflowError } from '../shared';
import type { ProcessContext } from './context';
import { connectTo } from './ends';
import { KIND_LISTENER, KIND_PIPE, KIND_SEMAPHORE, KIND_SOCKET } from './tables';
import type { Outcome, Thread } from './threads';
import { frame } from './waits';

export function execute(x: ProcessContext, t: Thread, call: Call): Outcome {
  switch (call.op) {
    case 'cpu':
    case 'emit':
      if (call.op === 'emit') x.events.emitFor(t, call.event);
      return { value: undefined };
    case 'random': {
      const words = new Uint32Array(1);
      crypto.getRandomValues(words);
      return { value: words[0] };
    }
    case 'print':
      x.events.emitFor(t, { kind: 'print', stream: call.stream, text: call.text });
      return { value: undefined };
    case 'sleep':
      x.events.emitFor(t, { kind: 'sleep', seconds: call.seconds });
      return { wait: { kind: 'sleep', deadline: performance.now() + call.seconds * 1000 } };

    case 'sem.create': {
      const sem = x.mem.createSemaphore(call.value, Math.min(call.max, SEM_VALUE_MAX));
      const obj = x.tables.newObject(KIND_SEMAPHORE, sem, -1, call.private);
      x.events.emitFor(t, {
        kind: 'kobj.create',
        obj,
        objKind: 'semaphore',
        label: call.label,
        value: call.value,
        max: Math.min(call.max, SEM_VALUE_MAX),
        name: call.name,
        ...(call.private ? { private: true } : {}),
      });
      if (call.name !== null) {
        if (call.unlink) x.events.emitFor(t, { kind: 'kobj.unlink', obj });
        else x.main.post({ op: 'sem-name', slot: x.init.slot, name: call.name, obj });
      }
      return { value: x.handles.add(t, obj, 0, 'created') };
    }
    case 'sem.open':
      return x.main.ask(
        { op: 'sem-name', slot: x.init.slot, name: call.name, obj: null },
        (reply) => {
          if (typeof reply !== 'number' || reply < 0)
            throw new KernelError('ENOENT', `no semaphore named ${call.name}`);
          return { value: x.handles.add(t, reply, 0, 'opened') };
        },
      );
    case 'sem.acquire': {
      const e = x.handles.entry(call.handle);
      const sem = x.tables.object(e.obj).a;
      const deadline = call.timeout === null ? null : performance.now() + call.timeout * 1000;
      if (!call.block || call.timeout === 0) {
        if (x.mem.tryAcquire(sem)) {
          x.events.emitFor(t, {
            kind: 'sem.acquire',
            obj: e.obj,
            handle: call.handle,
            value: x.mem.value(sem),
            waited: false,
          });
          return { value: true };
        }
        x.events.emitFor(t, { kind: 'sem.try-failed', obj: e.obj, handle: call.handle });
        return { value: false };
      }
      return {
        wait: { kind: 'sem', obj: e.obj, handle: call.handle, sem, deadline, blocked: false },
      };
    }
    case 'sem.release': {
      const e = x.handles.entry(call.handle);
      const sem = x.tables.object(e.obj).a;
      try {
        x.mem.release(sem);
      } catch (error) {
        if (error instanceof SemaphoreOverflowError) {
          throw new KernelError('EOVERFLOW', 'semaphore or lock released too many times');
        }
        throw error;
      }
      x.events.emitFor(t, {
        kind: 'sem.release',
        obj: e.obj,
        handle: call.handle,
        value: x.mem.value(sem),
        wakes: null,
      });
      return { value: undefined };
    }
    case 'sem.value': {
      const e = x.handles.entry(call.handle);
      return { value: x.mem.value(x.tables.object(e.obj).a) };
    }

    case 'pipe.create': {
      if (call.duplex) {
        const [a, b] = x.mem.createSocketPair();
        const obj = x.tables.newObject(KIND_SOCKET, a, b);
        x.events.emitFor(t, { kind: 'kobj.create', obj, objKind: 'socket', label: call.label });
        return {
          value: [x.handles.add(t, obj, 1, 'created'), x.handles.add(t, obj, 0, 'created')],
        };
      }
      const pipe = x.mem.createPipe();
      const obj = x.tables.newObject(KIND_PIPE, pipe);
      x.events.emitFor(t, { kind: 'kobj.create', obj, objKind: 'pipe', label: call.label });
      // CPython's Pipe(duplex=False) returns (reader, writer).
      return {
        value: [x.handles.add(t, obj, 1, 'created'), x.handles.add(t, obj, 0, 'created')],
      };
    }
    case 'pipe.send': {
      const e = x.handles.entry(call.handle);
      const { write } = x.handles.pipesOf(e);
      if (write < 0) throw new KernelError('EBADF', 'pipe read end is not writable');
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
    }
    case 'pipe.recv': {
      const e = x.handles.entry(call.handle);
      const { read } = x.handles.pipesOf(e);
      if (read < 0) throw new KernelError('EBADF', 'pipe write end is not readable');
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
    }
    case 'pipe.poll': {
      const e = x.handles.entry(call.handle);
      return { value: x.mem.poll(x.handles.pipesOf(e).read) };
    }
    case 'close': {
      const e = x.handles.remove(call.handle);
      if (e === null) throw new KernelError('EBADF', 'Bad file descriptor');
      x.events.emitFor(t, { kind: 'handle.close', handle: call.handle, obj: e.obj });
      x.handles.releaseEnds(e);
      return { value: undefined };
    }
    case 'listen': {
      const pipe = x.mem.createPipe();
      const obj = x.tables.newObject(KIND_LISTENER, pipe);
      x.events.emitFor(t, { kind: 'kobj.create', obj, objKind: 'listener', label: call.label });
      x.main.post({ op: 'listener', slot: x.init.slot, address: call.address, obj });
      return { value: x.handles.add(t, obj, 0, 'created') };
    }
    case 'accept': {
      const e = x.handles.entry(call.handle);
      return { wait: { kind: 'accept', pipe: x.tables.object(e.obj).a } };
    }
    case 'connect':
      return x.main.ask(
        { op: 'listener', slot: x.init.slot, address: call.address, obj: null },
        (reply) => {
          if (typeof reply !== 'number' || reply < 0) throw refused();
          // The server end waits in the listener's backlog until accept() takes it;
          // a listener whose every handle is closed (its manager exited) refuses.
          const socket = connectTo(x.mem, x.tables, reply);
          if (socket === null) throw refused();
          x.events.emitFor(t, {
            kind: 'kobj.create',
            obj: socket.obj,
            objKind: 'socket',
            label: `connection to ${call.address}`,
          });
          return { value: x.handles.add(t, socket.obj, 0, 'connected') };
        },
      );
    case 'handle.dup':
      return x.main.ask(
        { op: 'dup', slot: x.init.slot, handle: call.handle, toPid: call.toPid },
        (reply) => {
          if (typeof reply !== 'number' || reply < 0)
            throw new KernelError('ESRCH', 'no such process');
          return { value: reply };
        },
      );
    case 'sock.sendfds': {
      const e = x.handles.entry(call.handle);
      const entries = call.fds.map((fd) => x.handles.entry(fd));
      for (const entry of entries) x.handles.retainEnds(entry);
      // SCM_RIGHTS: the message carries (object, end) pairs for the receiver's table.
      const payload = new Int32Array(entries.flatMap((entry) => [entry.obj, entry.end]));
      const bytes = new Uint8Array(payload.buffer);
      return {
        wait: {
          kind: 'send',
          obj: e.obj,
          handle: call.handle,
          pipe: x.handles.pipesOf(e).write,
          bytes,
          framed: false,
          blocked: false,
        },
      };
    }
    case 'sock.recvfds': {
      const e = x.handles.entry(call.handle);
      return {
        wait: {
          kind: 'recv',
          obj: e.obj,
          handle: call.handle,
          pipe: x.handles.pipesOf(e).read,
          fds: true,
          blocked: false,
        },
      };
    }

    case 'proc.fork':
      return x.main.ask(
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
      );
    case 'proc.spawn':
      return x.main.ask(
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
          const r = reply as { pid: number; slot: number; handles: number[] };
          x.main.child(r);
          return { value: { pid: r.pid, handles: r.handles } };
        },
      );
    case 'proc.poll':
      return x.main.withSlot(call.pid, (slot) => ({
        value: slot === null ? null : x.tables.exitCode(slot),
      }));
    case 'proc.wait':
      return x.main.withSlot(call.pid, (slot) =>
        slot === null ? { value: null } : { wait: { kind: 'wait', slot } },
      );
    case 'proc.kill': {
      // A forkserver's children were forked by the server: this process may
      // not know their slot, but the main thread knows every pid.
      const slot = x.main.slotOf(call.pid);
      if (slot === undefined || x.tables.exitCode(slot) === null) {
        x.main.post({ op: 'kill', slot: x.init.slot, pid: call.pid });
      }
      return { value: undefined };
    }
    case 'proc.rename':
      x.events.emitFor(t, { kind: 'process.rename', name: call.name });
      x.main.post({ op: 'rename', pid: call.pid, name: call.name });
      return { value: undefined };
    case 'thread.start': {
      const tid = x.tables.nextThreadId();
      x.events.emitFor(t, { kind: 'thread.start', newTid: tid, name: call.name });
      x.startThread(tid, call.name, call.main);
      return { value: tid };
    }
    case 'thread.join':
      return { wait: { kind: 'join', tid: call.tid } };
    case 'thread.rename':
      t.name = call.name;
      x.events.emitFor(t, { kind: 'thread.rename', name: call.name });
      return { value: undefined };
    case 'exit':
      x.exit(call.code);
      return { value: undefined };
  }
}

function refused(): KernelError {
  return new KernelError('ECONNREFUSED', 'ConnectionRefusedError: [Errno 111] Connection refused');
}
