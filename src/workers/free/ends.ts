/**
 * A handle holds ends of pipes: a pipe's read or write end, or both ends a
 * socket side uses. Copying a handle to another process (fork, spawn,
 * DuplicateHandle, SCM_RIGHTS) adds a holder of each; closing it removes one,
 * and the last writer gone means EOF for the readers.
 */
import type { KernelMemory } from '../shared/kernel-memory';
import { KIND_PIPE, KIND_SOCKET, type HandleEntry, type ProcessTables } from './tables';

export function retainEnds(mem: KernelMemory, tables: ProcessTables, e: HandleEntry): void {
  const o = tables.object(e.obj);
  if (o.kind === KIND_PIPE) mem.openEnd(o.a, e.end === 0 ? 'w' : 'r');
  if (o.kind === KIND_SOCKET) {
    mem.openEnd(e.end === 0 ? o.a : o.b, 'w');
    mem.openEnd(e.end === 0 ? o.b : o.a, 'r');
  }
}

export function releaseEnds(mem: KernelMemory, tables: ProcessTables, e: HandleEntry): void {
  const o = tables.object(e.obj);
  if (o.kind === KIND_PIPE) mem.closeEnd(o.a, e.end === 0 ? 'w' : 'r');
  if (o.kind === KIND_SOCKET) {
    mem.closeEnd(e.end === 0 ? o.a : o.b, 'w');
    mem.closeEnd(e.end === 0 ? o.b : o.a, 'r');
  }
}
