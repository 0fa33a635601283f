/**
 * The trace events a kernel writes, built in one place for both kernels (the
 * model here, the free kernel in src/workers/free): the same fields, in the
 * same order, so their traces read alike and compare as JSON.
 *
 * Each builder returns exactly its kind's body (`EventOf`-shaped, without the
 * `Where` a kernel stamps on it).
 */
import type { Birth, EventBody, HandleOrigin, ObjectOwnership } from '../trace';

type Body<K extends EventBody['kind']> = Extract<EventBody, { readonly kind: K }>;

/** Where a copied handle came from: its number in the process that had it. */
export interface HandleSource {
  readonly fromPid: number;
  readonly fromHandle: number;
}

export function processStarted(
  name: string,
  ppid: number | null,
  birth: Birth,
  runs: string,
): Body<'process.start'> {
  return { kind: 'process.start', name, ppid, birth, runs };
}

export function processExited(code: number): Body<'process.exit'> {
  return { kind: 'process.exit', code };
}

export function processRenamed(name: string): Body<'process.rename'> {
  return { kind: 'process.rename', name };
}

export function threadStarted(newTid: number, name: string): Body<'thread.start'> {
  return { kind: 'thread.start', newTid, name };
}

export function threadRenamed(name: string): Body<'thread.rename'> {
  return { kind: 'thread.rename', name };
}

export const THREAD_EXITED: Body<'thread.exit'> = { kind: 'thread.exit' };

export function printed(stream: 'stdout' | 'stderr', text: string): Body<'print'> {
  return { kind: 'print', stream, text };
}

export function slept(seconds: number): Body<'sleep'> {
  return { kind: 'sleep', seconds };
}

/**
 * The ownership fields of a kobj.create, in the trace's order; an absent
 * `process` or `address` is left out, not written as undefined.
 */
function owned(of: ObjectOwnership, address?: string) {
  return {
    owner: of.owner,
    role: of.role,
    ...(of.process !== undefined ? { process: of.process } : {}),
    ...(address !== undefined ? { address } : {}),
  };
}

export function semaphoreCreated(
  obj: number,
  label: string,
  of: ObjectOwnership,
  value: number,
  max: number,
  name: string | null,
  isPrivate: boolean,
): Body<'kobj.create'> {
  return {
    kind: 'kobj.create',
    obj,
    objKind: 'semaphore',
    label,
    ...owned(of),
    value,
    max,
    name,
    ...(isPrivate ? { private: true } : {}),
  };
}

export function pipeCreated(
  obj: number,
  objKind: 'pipe' | 'socket',
  label: string,
  of: ObjectOwnership,
): Body<'kobj.create'> {
  return { kind: 'kobj.create', obj, objKind, label, ...owned(of) };
}

export function listenerCreated(
  obj: number,
  label: string,
  of: ObjectOwnership,
  address: string,
): Body<'kobj.create'> {
  return { kind: 'kobj.create', obj, objKind: 'listener', label, ...owned(of, address) };
}

/** connect(): the new socket, labelled with where it goes (both kernels label it so). */
export function connected(obj: number, of: ObjectOwnership, address: string): Body<'kobj.create'> {
  const label = `connection to ${address}`;
  return { kind: 'kobj.create', obj, objKind: 'socket', label, ...owned(of, address) };
}

export function unlinked(obj: number): Body<'kobj.unlink'> {
  return { kind: 'kobj.unlink', obj };
}

export function freed(obj: number): Body<'kobj.free'> {
  return { kind: 'kobj.free', obj };
}

export function handleAdded(
  handle: number,
  obj: number,
  origin: HandleOrigin,
  from?: HandleSource,
): Body<'handle.add'> {
  return from === undefined
    ? { kind: 'handle.add', handle, obj, origin }
    : {
        kind: 'handle.add',
        handle,
        obj,
        origin,
        fromPid: from.fromPid,
        fromHandle: from.fromHandle,
      };
}

export function handleClosed(handle: number, obj: number): Body<'handle.close'> {
  return { kind: 'handle.close', handle, obj };
}

export function semAcquired(
  obj: number,
  handle: number,
  value: number,
  waited: boolean,
): Body<'sem.acquire'> {
  return { kind: 'sem.acquire', obj, handle, value, waited };
}

export function semBlocked(obj: number, handle: number): Body<'sem.block'> {
  return { kind: 'sem.block', obj, handle };
}

export function semTimedOut(obj: number, handle: number): Body<'sem.timeout'> {
  return { kind: 'sem.timeout', obj, handle };
}

export function semTryFailed(obj: number, handle: number): Body<'sem.try-failed'> {
  return { kind: 'sem.try-failed', obj, handle };
}

export function semReleased(
  obj: number,
  handle: number,
  value: number,
  wakes: number | null,
): Body<'sem.release'> {
  return { kind: 'sem.release', obj, handle, value, wakes };
}

export function pipeWritten(
  obj: number,
  handle: number,
  hex: string,
  size: number,
  buffered: number,
): Body<'pipe.write'> {
  return { kind: 'pipe.write', obj, handle, hex, size, buffered };
}

export function pipeRead(
  obj: number,
  handle: number,
  size: number,
  buffered: number,
): Body<'pipe.read'> {
  return { kind: 'pipe.read', obj, handle, size, buffered };
}

export function pipeBlocked(obj: number, handle: number, op: 'read' | 'write'): Body<'pipe.block'> {
  return { kind: 'pipe.block', obj, handle, op };
}

export function pipeEof(obj: number, handle: number, reset = false): Body<'pipe.eof'> {
  return reset ? { kind: 'pipe.eof', obj, handle, reset: true } : { kind: 'pipe.eof', obj, handle };
}
