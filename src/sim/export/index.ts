/** Traces written for other tools: the Chrome trace format, and a check of what it promises. */
export * from './chrome-trace';
export * from './validate';
