// Every user-visible string of the UI, in English. Other locales get a module
// of the same shape.

export const messages = {
  productName: 'mpviz',
  tagline: 'How Python multiprocessing shares locks and queues',
  description:
    'mpviz shows, step by step, what Python’s multiprocessing really does when a Lock or a ' +
    'Queue is handed to another process: which objects a child inherits through fork, which ' +
    'are pickled while it is being spawned, why a Pool refuses to pickle a Lock with ' +
    '“RuntimeError: Lock objects should only be shared between processes through ' +
    'inheritance”, and why a Manager’s proxies get through.',
  isolation: {
    label: 'Cross-origin isolation',
    on: 'on — SharedArrayBuffer is available, so processes can run as real Web Workers.',
    off: 'off — SharedArrayBuffer is unavailable; only the in-memory model can run.',
  },
  comingSoon: 'The visualiser itself is under construction.',
} as const;

export type Messages = typeof messages;
