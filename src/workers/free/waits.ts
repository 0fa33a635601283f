/**
 * When a free-running thread's wait can complete: each is tried without
 * blocking, by the process's loop, until it does (the worker sleeps on the
 * kernel's doorbell while none can).
 */
import { HEADER_BYTES, kernelErrors as err, kernelEvents as ev } from '../../sim/kernel';
import { hex } from '../../sim/trace';
import { BrokenPipeError } from '../shared';
import type { ProcessContext } from './context';
import type { Outcome, Thread, Wait } from './threads';

/** Whether a waiting call can complete now (tried without blocking). */
export function check(x: ProcessContext, t: Thread, w: Wait): Outcome {
  const now = performance.now();
  switch (w.kind) {
    case 'sem': {
      if (x.mem.tryAcquire(w.sem)) {
        x.events.emitFor(t, ev.semAcquired(w.obj, w.handle, x.mem.value(w.sem), w.blocked));
        return { value: true };
      }
      if (w.deadline !== null && now >= w.deadline) {
        x.events.emitFor(t, ev.semTimedOut(w.obj, w.handle));
        return { value: false };
      }
      if (!w.blocked) {
        w.blocked = true;
        x.events.emitFor(t, ev.semBlocked(w.obj, w.handle));
      }
      return { wait: w };
    }
    case 'recv': {
      const got = x.mem.read(w.pipe, 0);
      if (got === 'timeout') {
        if (!w.blocked) {
          w.blocked = true;
          x.events.emitFor(t, ev.pipeBlocked(w.obj, w.handle, 'read'));
        }
        return { wait: w };
      }
      if (got === 'eof' || got === 'reset') {
        x.events.emitFor(t, ev.pipeEof(w.obj, w.handle, got === 'reset'));
        return { error: got === 'reset' ? err.connectionReset() : err.endOfFile() };
      }
      // The size on the wire, as the writer's pipe.write says it: not the flag byte in front.
      const size = got.length - 1;
      x.events.emitFor(t, ev.pipeRead(w.obj, w.handle, size, x.mem.buffered(w.pipe)));
      if (w.fds) {
        const pairs = new Int32Array(unframe(got).slice().buffer);
        const handles: number[] = [];
        for (let i = 0; i < pairs.length; i += 2) {
          handles.push(x.handles.add(t, pairs[i]!, pairs[i + 1] as 0 | 1, 'passed'));
        }
        return { value: handles };
      }
      return { value: unframe(got) };
    }
    case 'send': {
      try {
        // One leading byte tells the reader whether a Connection header follows.
        if (!x.mem.write(w.pipe, withFlag(w.framed, w.bytes), 0)) {
          if (!w.blocked) {
            w.blocked = true;
            x.events.emitFor(t, ev.pipeBlocked(w.obj, w.handle, 'write'));
          }
          return { wait: w };
        }
      } catch (error) {
        if (error instanceof BrokenPipeError) return { error: err.brokenPipe() };
        throw error;
      }
      x.events.emitFor(
        t,
        ev.pipeWritten(w.obj, w.handle, hex(w.bytes), w.bytes.length, x.mem.buffered(w.pipe)),
      );
      return { value: undefined };
    }
    case 'accept': {
      const got = x.mem.read(w.pipe, 0);
      if (typeof got === 'string') return { wait: w };
      const obj = new Int32Array(got.slice().buffer)[0]!;
      return { value: x.handles.add(t, obj, 1, 'accepted') };
    }
    case 'sleep':
      return now >= w.deadline ? { value: undefined } : { wait: w };
    case 'join':
      return x.threadEnded(w.tid) ? { value: undefined } : { wait: w };
    case 'wait': {
      const code = x.tables.exitCode(w.slot);
      return code === null ? { wait: w } : { value: code };
    }
    case 'ask':
      return x.main.trySend(w);
    case 'reply':
      return x.main.tryReceive(w);
    case 'gone':
      return { wait: w };
  }
}

function withFlag(framed: boolean, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = framed ? 1 : 0;
  out.set(bytes, 1);
  return out;
}

/** What the reader gets: the payload, without the Connection header a framed message carries. */
function unframe(message: Uint8Array): Uint8Array {
  return message[0] === 1 ? message.slice(1 + HEADER_BYTES) : message.slice(1);
}
