/**
 * The shared-memory kernel, from outside this folder: KernelMemory and what
 * its callers catch and size by. Its parts (the layout, semaphores, pipes,
 * doorbell and event log) are reached only through KernelMemory.
 */
export {
  BrokenPipeError,
  KernelMemory,
  KernelMemoryError,
  KernelMemoryFullError,
  LogFullError,
  MAX_MESSAGE_BYTES,
  SEM_VALUE_MAX,
  SemaphoreOverflowError,
  type KernelMemoryOptions,
  type Layout,
  type LogRecord,
  type PipeEnd,
} from './kernel-memory';
