/** The model kernel: processes, threads, handles, semaphores and pipes, on a simulated clock. */
export * from './model-kernel';
export * from './host';
export * from './costs';
export * from './clone';
