/**
 * The model kernel's streams: pipes (one direction), socket pairs (two) and
 * listeners. Messages are whole, with the Connection framing counted in their
 * size; a write to a full pipe (65,536 bytes, Linux's default) parks the
 * writer; a read from an empty one parks the reader until a write or the last
 * writer's close (EOF). SCM_RIGHTS (the forkserver's fd passing) carries
 * kernel objects alongside a one-byte message.
 */
import type { CallOf, KernelError } from '../syscalls';
import { hex } from '../trace';
import {
  brokenPipe,
  connectionRefused,
  connectionReset,
  endOfFile,
  notReadable,
  notWritable,
} from './errors';
import * as ev from './events';
import { frame, wireSize } from './framing';
import type { Handles } from './handles';
import type { Blocked, HandleTarget, Listener, Message, Process, Stream, Thread } from './objects';
import type { Scheduler } from './scheduler';
import type { TraceOut } from './trace-out';

/** Linux's default pipe buffer: a write that does not fit waits for a read. */
const PIPE_CAPACITY = 65_536;

function newStream(kind: Stream['kind'], id: number, label: string): Stream {
  return {
    kind,
    id,
    label,
    dirs: [[], []],
    buffered: [0, 0],
    open: [0, 0],
    fds: [[], []],
    reset: [false, false],
  };
}

export class Streams {
  constructor(
    private readonly sched: Scheduler,
    private readonly trace: TraceOut,
    private readonly handles: Handles,
  ) {
    handles.readers = this;
  }

  private otherCost(): number {
    return this.sched.draw(this.sched.costs.other);
  }

  create(thread: Thread, call: CallOf<'pipe.create'>): void {
    const id = this.handles.newId();
    const stream = newStream(call.duplex ? 'socket' : 'pipe', id, call.label);
    this.handles.objects[id] = stream;
    this.trace.emitFor(thread, ev.pipeCreated(id, stream.kind, call.label, call.of));
    // CPython's Pipe(duplex=False) returns (reader, writer).
    const first = this.handles.add(thread.proc, thread, { obj: id, end: 1 }, 'created');
    const second = this.handles.add(thread.proc, thread, { obj: id, end: 0 }, 'created');
    this.sched.returns(thread, call.op, [first, second], this.otherCost());
  }

  send(thread: Thread, call: CallOf<'pipe.send'>): void {
    const { stream, target } = this.handles.streamOf(thread.proc, call.handle);
    const dir = writeDir(stream, target);
    if (stream.open[readerEnd(stream, dir)] === 0) throw brokenPipe();
    const framed = call.framed !== false;
    this.write(thread, stream, call.handle, dir, {
      payload: call.payload,
      framed,
      size: wireSize(call.payload, framed),
    });
  }

  recv(thread: Thread, call: CallOf<'pipe.recv'>): void {
    const { stream, target } = this.handles.streamOf(thread.proc, call.handle);
    const dir = readDir(stream, target);
    if (stream.dirs[dir].length > 0) {
      const bytes = this.takeMessage(thread, stream, call.handle, dir);
      this.sched.returns(thread, call.op, bytes, this.sched.draw(this.sched.costs.pipeRecv));
      return;
    }
    if (stream.open[writerEnd(stream, dir)] === 0)
      throw this.ended(thread, stream, call.handle, dir);
    this.trace.emitFor(thread, ev.pipeBlocked(stream.id, call.handle, 'read'));
    this.sched.block(thread, { on: 'recv', obj: stream.id, handle: call.handle, dir, fds: false });
  }

  poll(thread: Thread, call: CallOf<'pipe.poll'>): void {
    const { stream, target } = this.handles.streamOf(thread.proc, call.handle);
    const dir = readDir(stream, target);
    const readable = stream.dirs[dir].length > 0 || stream.open[writerEnd(stream, dir)] === 0;
    this.sched.returns(thread, call.op, readable, this.sched.draw(this.sched.costs.poll));
  }

  listen(thread: Thread, call: CallOf<'listen'>): void {
    const id = this.handles.newId();
    const listener: Listener = {
      kind: 'listener',
      id,
      address: call.address,
      label: call.label,
      backlog: [],
      open: 0,
    };
    this.handles.objects[id] = listener;
    this.handles.listeners.set(call.address, id);
    this.trace.emitFor(thread, ev.listenerCreated(id, call.label, call.of, call.address));
    const h = this.handles.add(thread.proc, thread, { obj: id, end: 0 }, 'created');
    this.sched.returns(thread, call.op, h, this.otherCost());
  }

  accept(thread: Thread, call: CallOf<'accept'>): void {
    const target = this.handles.handleOf(thread.proc, call.handle);
    const listener = this.handles.objects[target.obj] as Listener;
    const pending = listener.backlog.shift();
    if (pending) {
      const h = this.handles.add(thread.proc, thread, pending, 'accepted');
      // The backlog's reference moves to the new handle.
      (this.handles.objects[pending.obj] as Stream).open[pending.end] -= 1;
      this.sched.returns(thread, call.op, h, this.otherCost());
      return;
    }
    this.sched.block(thread, { on: 'accept', obj: listener.id });
  }

  connect(thread: Thread, call: CallOf<'connect'>): void {
    const id = this.handles.listeners.get(call.address);
    const listener = id === undefined ? undefined : (this.handles.objects[id] as Listener);
    if (listener === undefined || listener.open === 0) throw connectionRefused();
    const sid = this.handles.newId();
    const created = ev.connected(sid, call.of, call.address);
    const stream = newStream('socket', sid, created.label);
    this.handles.objects[sid] = stream;
    this.trace.emitFor(thread, created);
    const h = this.handles.add(thread.proc, thread, { obj: sid, end: 0 }, 'connected');
    const serverEnd: HandleTarget = { obj: sid, end: 1 };
    const acceptor = this.sched.findThread(
      (t) => t.blocked?.on === 'accept' && t.blocked.obj === listener.id,
    );
    if (acceptor) {
      const ah = this.handles.add(acceptor.proc, acceptor, serverEnd, 'accepted');
      this.sched.wake(acceptor, 'accept', ah, this.sched.wakeDelay());
    } else {
      // Not accepted yet: the server end is open in the listener's backlog.
      listener.backlog.push(serverEnd);
      this.handles.retain(serverEnd);
    }
    this.sched.returns(thread, call.op, h, this.otherCost());
  }

  sendFds(thread: Thread, call: CallOf<'sock.sendfds'>): void {
    const proc = thread.proc;
    const { stream, target } = this.handles.streamOf(proc, call.handle);
    const dir = writeDir(stream, target);
    stream.fds[dir].push(call.fds.map((fd) => this.handles.handleOf(proc, fd)));
    for (const fd of call.fds) this.handles.retain(this.handles.handleOf(proc, fd));
    // The message that carries SCM_RIGHTS: sendfds writes one byte per descriptor count.
    this.write(thread, stream, call.handle, dir, {
      payload: new Uint8Array([call.fds.length]),
      framed: false,
      size: 1,
    });
  }

  recvFds(thread: Thread, call: CallOf<'sock.recvfds'>): void {
    const { stream, target } = this.handles.streamOf(thread.proc, call.handle);
    const dir = readDir(stream, target);
    const batch = stream.fds[dir][0];
    if (batch === undefined || stream.dirs[dir].length === 0) {
      this.trace.emitFor(thread, ev.pipeBlocked(stream.id, call.handle, 'read'));
      this.sched.block(thread, { on: 'recv', obj: stream.id, handle: call.handle, dir, fds: true });
      return;
    }
    this.sched.returns(
      thread,
      call.op,
      this.completeRecvFds(thread, thread.proc, stream, call.handle, dir),
      this.sched.draw(this.sched.costs.pipeRecv),
    );
  }

  /** Writes one message, or parks the writer while the pipe is full. */
  private write(thread: Thread, stream: Stream, handle: number, dir: 0 | 1, msg: Message): void {
    if (stream.buffered[dir] > 0 && stream.buffered[dir] + msg.size > PIPE_CAPACITY) {
      this.trace.emitFor(thread, ev.pipeBlocked(stream.id, handle, 'write'));
      this.sched.block(thread, { on: 'send', obj: stream.id, handle, dir, msg });
      return;
    }
    this.deliver(thread, stream, handle, dir, msg);
    const costs = this.sched.costs;
    this.sched.makeReady(
      thread,
      { value: undefined },
      this.sched.draw(costs.pipeSend) + msg.size * costs.pipeSendPerByte,
    );
  }

  private deliver(thread: Thread, stream: Stream, handle: number, dir: 0 | 1, msg: Message): void {
    stream.dirs[dir].push(msg);
    stream.buffered[dir] += msg.size;
    if (!this.trace.keepAll) {
      // Skip building the event (and its hex) altogether.
      this.trace.skip();
      this.wakeReaders(stream, dir);
      return;
    }
    this.trace.emitFor(
      thread,
      ev.pipeWritten(
        stream.id,
        handle,
        hex(msg.framed ? frame(msg.payload) : msg.payload),
        msg.size,
        stream.buffered[dir],
      ),
    );
    this.wakeReaders(stream, dir);
  }

  /** A write, or the last writer's close: one parked reader gets the message (or EOF). */
  wakeReaders(stream: Stream, dir: 0 | 1): void {
    // Wake one reader per message available (several may be parked on one end):
    // count them, draw one, then find it (no list: this runs on every write).
    const live = this.sched.live;
    let count = 0;
    for (let i = 0; i < live.length; i++) if (isReaderOf(live[i]!, stream, dir)) count++;
    if (count === 0) return;
    let k = this.sched.random.int(count);
    let reader!: Thread;
    for (let i = 0; i < live.length; i++) {
      if (isReaderOf(live[i]!, stream, dir) && k-- === 0) {
        reader = live[i]!;
        break;
      }
    }
    const b = reader.blocked as Extract<Blocked, { on: 'recv' }>;
    if (stream.dirs[dir].length === 0) {
      this.sched.fail(reader, this.ended(reader, stream, b.handle, dir), this.sched.wakeDelay());
      return;
    }
    if (b.fds) {
      const handles = this.completeRecvFds(reader, reader.proc, stream, b.handle, dir);
      this.sched.wake(reader, 'sock.recvfds', handles, this.sched.wakeDelay());
    } else {
      const msg = stream.dirs[dir][0]!;
      const bytes = this.takeMessage(reader, stream, b.handle, dir);
      this.sched.wake(reader, 'pipe.recv', bytes, this.sched.wakeDelay());
      reader.unread = { stream, dir, msg };
    }
  }

  /**
   * A read of a drained direction whose every writer is gone: EOF, or once
   * ECONNRESET when the writing end closed with messages unread (Stream.reset).
   */
  private ended(thread: Thread, stream: Stream, handle: number, dir: 0 | 1): KernelError {
    const reset = stream.reset[dir];
    stream.reset[dir] = false;
    this.trace.emitFor(thread, ev.pipeEof(stream.id, handle, reset));
    return reset ? connectionReset() : endOfFile();
  }

  /**
   * Readers whose process is gone before they ran to copy their message out
   * (`Thread.unread`, taken by the caller once the threads are forgotten): each
   * message goes back to the front of its queue, where another reader of the
   * pipe may take it, and a socket end closing with it unread resets its peer.
   */
  putBack(unread: readonly NonNullable<Thread['unread']>[]): void {
    for (const { stream, dir, msg } of unread) {
      stream.dirs[dir].unshift(msg);
      stream.buffered[dir] += msg.size;
    }
    for (const { stream, dir } of unread) this.wakeReaders(stream, dir);
  }

  private completeRecvFds(
    thread: Thread,
    proc: Process,
    stream: Stream,
    handle: number,
    dir: 0 | 1,
  ): number[] {
    this.takeMessage(thread, stream, handle, dir);
    const batch = stream.fds[dir].shift() ?? [];
    return batch.map((target) => {
      const h = this.handles.add(proc, thread, target, 'passed');
      this.handles.release(target);
      return h;
    });
  }

  private takeMessage(thread: Thread, stream: Stream, handle: number, dir: 0 | 1): Uint8Array {
    const msg = stream.dirs[dir].shift()!;
    stream.buffered[dir] -= msg.size;
    this.trace.emitFor(thread, ev.pipeRead(stream.id, handle, msg.size, stream.buffered[dir]));
    // A writer parked on a full pipe may go on now.
    const writer =
      this.sched.parkedWriters === 0
        ? undefined
        : this.sched.findThread(
            (t) => t.blocked?.on === 'send' && t.blocked.obj === stream.id && t.blocked.dir === dir,
          );
    if (writer) {
      const b = writer.blocked as Extract<Blocked, { on: 'send' }>;
      if (stream.buffered[dir] + b.msg.size <= PIPE_CAPACITY || stream.buffered[dir] === 0) {
        this.deliver(writer, stream, b.handle, dir, b.msg);
        this.sched.wake(writer, 'pipe.send', undefined, this.sched.wakeDelay());
      }
    }
    return msg.payload;
  }
}

function isReaderOf(t: Thread, stream: Stream, dir: 0 | 1): boolean {
  const b = t.blocked;
  return b?.on === 'recv' && b.obj === stream.id && b.dir === dir && t.state === 'blocked';
}

/** The direction a handle writes into. Pipe: only the write end (0) writes, into dir 0. */
function writeDir(stream: Stream, target: HandleTarget): 0 | 1 {
  if (stream.kind === 'pipe' && target.end !== 0) throw notWritable();
  return target.end;
}

function readDir(stream: Stream, target: HandleTarget): 0 | 1 {
  if (stream.kind === 'pipe') {
    if (target.end !== 1) throw notReadable();
    return 0;
  }
  return target.end === 0 ? 1 : 0;
}

function writerEnd(stream: Stream, dir: 0 | 1): 0 | 1 {
  return stream.kind === 'pipe' ? 0 : dir;
}

function readerEnd(stream: Stream, dir: 0 | 1): 0 | 1 {
  return stream.kind === 'pipe' ? 1 : dir === 0 ? 1 : 0;
}
