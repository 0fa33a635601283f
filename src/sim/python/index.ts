/** Python values, their repr, and exceptions with their tracebacks: the bottom layer of the model. */
export * from './values';
export * from './repr';
export * from './exceptions';
export * from './carets';
