/**
 * The multiprocessing library, as the scenarios' scripts call it and as the
 * run starts its programs (the start methods' own modules, spawn.ts and
 * forkserver.ts, are reached through those programs). Modules inside mp/
 * import each other directly, never this file.
 */
export * from './classes';
export * from './connection';
export * from './functions';
export * from './iterables';
export * from './managers';
export * from './manager-server';
export * from './pool';
export * from './pool-terminate';
export * from './popen';
export * from './process';
export * from './programs';
export * from './queues';
export * from './reduction';
export * from './runtime';
export * from './synchronize';
export * from './threading';
export * from './util';
export * from './views';
