/**
 * What the main thread (free-run.ts) and a free-running process worker
 * (free-process.ts) tell each other: the process's start, and the requests it
 * posts for what needs a new worker or a shared name. Answers come back
 * through the process's reply slot in shared memory, not by message.
 */
import type { Loc, ProcessMemory, ProgramRef, RunConfig } from '../../sim/syscalls';
import type { HandleOrigin } from '../../sim/trace';
import type { TableOptions } from './tables';

/** What the main thread hands a new process worker. */
export interface FreeProcessInit {
  readonly kernel: SharedArrayBuffer;
  readonly tables: SharedArrayBuffer;
  readonly tableOptions: Required<TableOptions>;
  readonly slot: number;
  readonly pid: number;
  readonly ppid: number | null;
  readonly name: string;
  readonly birth: 'main' | 'fork' | 'spawn' | 'forkserver';
  readonly main: ProgramRef;
  readonly mainTid: number;
  readonly memory: ProcessMemory | null;
  readonly config: RunConfig;
  /** Absolute ms (performance.timeOrigin + now) at which the run started. */
  readonly runStart: number;
}

/** Requests to the main thread. */
export type FreeRequest =
  | {
      op: 'fork';
      slot: number;
      name: string;
      birth: 'fork' | 'forkserver';
      main: ProgramRef;
      memory: ProcessMemory;
      tid: number;
      at: Loc;
      thread: string;
    }
  | {
      op: 'spawn';
      slot: number;
      name: string;
      main: ProgramRef;
      pass: number[];
      origin: HandleOrigin;
      tid: number;
      at: Loc;
      thread: string;
    }
  | { op: 'dup'; slot: number; handle: number; toPid: number }
  | { op: 'sem-name'; slot: number; name: string; obj: number | null }
  | { op: 'listener'; slot: number; address: string; obj: number | null }
  | { op: 'kill'; slot: number; pid: number }
  | { op: 'slot-of'; slot: number; pid: number }
  | { op: 'rename'; pid: number; name: string }
  | { op: 'exited'; slot: number; pid: number; code: number };
