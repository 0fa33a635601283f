/**
 * The stage's animations, with framer-motion loaded on demand: nothing moves
 * in the first picture (a run lands on a step by a jump), so the library
 * (about a fifth of the page's JavaScript) is fetched after it, when the
 * browser is idle, or when something first has to move.
 */
import { useSyncExternalStore } from 'react';

type Animate = typeof import('framer-motion').animate;
type Keyframes = Parameters<Animate>[1];
type Options = Parameters<Animate>[2];

let animateFn: Animate | null = null;
let loading: Promise<Animate> | null = null;

/** Loads framer-motion's `animate` (once). */
export function loadMotion(): Promise<Animate> {
  loading ??= import('framer-motion').then((m) => (animateFn = m.animate));
  return loading;
}

/** Loads framer-motion when the browser is next idle, so that the first Next does not wait for it. */
export function preloadMotionWhenIdle(): () => void {
  if (animateFn) return () => {};
  const load = () => void loadMotion().catch(() => {});
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(load, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(load, 200);
  return () => clearTimeout(id);
}

export interface Flight {
  /** Settles when the animation ends (never, if it is stopped first). */
  readonly finished: Promise<void>;
  stop(): void;
}

/**
 * `animate(el, keyframes, options)` from framer-motion: at once if it is
 * loaded (so a layout effect can start it before the paint), else as soon as
 * it is. A flight stopped before the library arrives never starts.
 */
export function animateElement(el: Element, keyframes: Keyframes, options?: Options): Flight {
  let stopped = false;
  let controls: ReturnType<Animate> | null = null;
  const start = (animate: Animate): Promise<void> => {
    if (stopped) return new Promise(() => {});
    controls = animate(el, keyframes, options);
    return controls.finished.then(() => {});
  };
  const finished = animateFn ? start(animateFn) : loadMotion().then(start);
  return {
    finished,
    stop() {
      stopped = true;
      controls?.stop();
    },
  };
}

const REDUCE = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(REDUCE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const reduced = (): boolean => typeof matchMedia === 'function' && matchMedia(REDUCE).matches;

/** Whether the reader asked for reduced motion (as framer-motion's hook of the same name). */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, reduced, () => false);
}
