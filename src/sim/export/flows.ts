/**
 * The export's flow arrows, planned before it walks the trace: which trace
 * events carry which flow points (`s` → `t`… → `f`).
 *
 * - Every pipe/socket message that is read: an arrow from its write to its
 *   read. Which write a read takes is fold.ts's to say (its per-object FIFO of
 *   messages in flight, `KernelObjectView.messages`): the export folds the
 *   trace alongside and reads the head of the object's queue before each read.
 * - Every proxy call: the caller's request → the manager thread's read of the
 *   request → its reply → the caller's response.
 * - Every semaphore release that hands the semaphore to a waiting thread → that
 *   thread's acquire.
 */
import { applyEvent, initialState, type SimState } from '../fold';
import type { TraceEvent } from '../trace';

export interface FlowPoint {
  readonly id: number;
  readonly ph: 's' | 't' | 'f';
  readonly cat: string;
  readonly name: string;
}

/** Flow points by the seq of the trace event that carries them. */
export type FlowPlan = ReadonlyMap<number, readonly FlowPoint[]>;

type PipeRead = Extract<TraceEvent, { kind: 'pipe.read' }>;

/** The seq of the pipe.write whose message `read` takes (the oldest in flight), if any. */
function writeTakenBy(state: SimState, read: PipeRead): number | undefined {
  return state.objects[read.obj]?.messages[0]?.seq;
}

/** A proxy call: request → the request's write → its read by the manager → the reply → response. */
interface ProxyCall {
  readonly request: number;
  readonly method: string;
  requestWrite: number | null;
  serverRead: number | null;
  replyWrite: number | null;
  response: number | null;
}

/** What the walk over the trace pairs up, before ids are given out. */
interface Pairs {
  /** write seq → the seq of the read that takes its message. */
  readonly readOf: Map<number, number>;
  readonly calls: ProxyCall[];
  /** [release seq, the acquire it hands the semaphore to]. */
  readonly wakePairs: [number, number][];
}

function pairUp(events: readonly TraceEvent[]): Pairs {
  const state = initialState();
  const readOf = new Map<number, number>();
  const calls: ProxyCall[] = [];
  const openCall = new Map<number, ProxyCall>(); // caller tid →
  const callByRequestWrite = new Map<number, ProxyCall>();
  const awaitingReply = new Map<string, ProxyCall>(); // `${server tid}:${obj}` →
  const wakes = new Map<string, number>(); // `${tid}:${obj}` → release seq
  const wakePairs: [number, number][] = [];

  for (const e of events) {
    const write = e.kind === 'pipe.read' ? writeTakenBy(state, e) : undefined;
    applyEvent(state, e);
    switch (e.kind) {
      case 'pipe.write': {
        const call = openCall.get(e.tid);
        if (call && call.requestWrite === null) {
          call.requestWrite = e.seq;
          callByRequestWrite.set(e.seq, call);
        }
        const key = `${e.tid}:${e.obj}`;
        const replying = awaitingReply.get(key);
        if (replying) {
          replying.replyWrite = e.seq;
          awaitingReply.delete(key);
        }
        break;
      }
      case 'pipe.read': {
        if (write === undefined) break;
        readOf.set(write, e.seq);
        const call = callByRequestWrite.get(write);
        if (call) {
          call.serverRead = e.seq;
          awaitingReply.set(`${e.tid}:${e.obj}`, call);
        }
        break;
      }
      case 'proxy.request': {
        const call: ProxyCall = {
          request: e.seq,
          method: e.method,
          requestWrite: null,
          serverRead: null,
          replyWrite: null,
          response: null,
        };
        calls.push(call);
        openCall.set(e.tid, call);
        break;
      }
      case 'proxy.response': {
        const call = openCall.get(e.tid);
        if (call && call.method === e.method) {
          call.response = e.seq;
          openCall.delete(e.tid);
        }
        break;
      }
      case 'sem.release':
        if (e.wakes !== null) wakes.set(`${e.wakes}:${e.obj}`, e.seq);
        break;
      case 'sem.acquire': {
        const key = `${e.tid}:${e.obj}`;
        const release = wakes.get(key);
        if (release !== undefined) {
          wakePairs.push([release, e.seq]);
          wakes.delete(key);
        }
        break;
      }
      // No flow passes through the rest.
      case 'call':
      case 'exception':
      case 'handle.add':
      case 'handle.close':
      case 'kobj.create':
      case 'kobj.free':
      case 'kobj.unlink':
      case 'memory.copy':
      case 'note':
      case 'pickle.done':
      case 'pickle.refused':
      case 'pickle.start':
      case 'pipe.block':
      case 'pipe.eof':
      case 'print':
      case 'process.exit':
      case 'process.rename':
      case 'process.start':
      case 'return':
      case 'sem.block':
      case 'sem.timeout':
      case 'sem.try-failed':
      case 'sleep':
      case 'thread.exit':
      case 'thread.rename':
      case 'thread.start':
      case 'unpickle':
      case 'var.set':
      case 'verdict':
        break;
    }
  }
  return { readOf, calls, wakePairs };
}

/** Which trace events carry which flow points; flow ids in the order the flows start. */
export function planFlows(events: readonly TraceEvent[]): FlowPlan {
  const { readOf, calls, wakePairs } = pairUp(events);
  const points = new Map<number, FlowPoint[]>();
  let nextId = 1;
  const add = (seq: number, p: FlowPoint): void => {
    const list = points.get(seq);
    if (list) list.push(p);
    else points.set(seq, [p]);
  };
  const chain = (seqs: readonly number[], cat: string, name: string): void => {
    if (seqs.length < 2) return;
    const id = nextId++;
    seqs.forEach((seq, i) => {
      const ph = i === 0 ? 's' : i === seqs.length - 1 ? 'f' : 't';
      add(seq, { id, ph, cat, name });
    });
  };

  const starts: { seq: number; make: () => void }[] = [];
  for (const [write, read] of readOf) {
    starts.push({ seq: write, make: () => chain([write, read], 'pipe', 'message') });
  }
  for (const c of calls) {
    const seqs = [c.request, c.serverRead, c.replyWrite, c.response].filter(
      (s): s is number => s !== null,
    );
    starts.push({ seq: c.request, make: () => chain(seqs, 'proxy', `proxy ${c.method}`) });
  }
  for (const [release, acquire] of wakePairs) {
    starts.push({ seq: release, make: () => chain([release, acquire], 'sem', 'wake') });
  }
  starts.sort((a, b) => a.seq - b.seq);
  for (const s of starts) s.make();
  return points;
}
