/**
 * What a free-running process's system calls (system-calls.ts) and waits
 * (waits.ts) work with: FreeProcess and the parts it is made of.
 */
import type { ProcessMemory, ProgramRef } from '../../sim/syscalls';
import type { KernelMemory } from '../shared';
import type { ProcessEvents } from './events';
import type { ProcessHandles } from './handles';
import type { MainThreadCalls } from './main-thread';
import type { FreeProcessInit } from './protocol';
import type { ProcessTables } from './tables';

export interface ProcessContext {
  readonly init: FreeProcessInit;
  /** The run's shared kernel: semaphores, pipes, the event log, the doorbell. */
  readonly mem: KernelMemory;
  readonly tables: ProcessTables;
  /** The process's Python memory (what a fork copies). */
  readonly memory: ProcessMemory;
  readonly events: ProcessEvents;
  readonly handles: ProcessHandles;
  readonly main: MainThreadCalls;
  /** A new thread of this process; it runs when the loop comes to it. */
  startThread(tid: number, name: string, main: ProgramRef): void;
  /** Whether thread `tid` of this process has ended (or never was). */
  threadEnded(tid: number): boolean;
  /** The process ends with `code`. */
  exit(code: number): void;
}
