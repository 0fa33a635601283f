/**
 * The model kernel: processes, threads, handles, semaphores and pipes, on a
 * simulated clock; and what both kernels (this one and the free kernel in
 * src/workers/free) share: how programs are hosted (host.ts), the errors
 * calls fail with, the events they write, framing and numbering.
 */
export * from './model-kernel';
export * from './host';
export * from './costs';
export * from './clone';
export * as kernelErrors from './errors';
export * as kernelEvents from './events';
export { frame, HEADER_BYTES, wireSize } from './framing';
export * from './numbering';
