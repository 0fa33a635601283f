/**
 * The first script of the built app page (vite-prerender.ts puts it in
 * index.html; the dev server's page has no built markup and no such script).
 * It runs once the document is parsed, before the app's own scripts, and:
 *
 * - shows the built markup (app/prerender.tsx) only if the address asks for
 *   the settings it was built with; otherwise it stays hidden (page.css) and
 *   the app draws what was asked for;
 * - scrolls the walkthrough's boxes as the app would (walkthrough/follow.ts),
 *   so nothing moves when the app takes the markup over;
 * - queues what the learner clicks, chooses or types before then
 *   (hydration.ts plays it back);
 * - starts the app's scripts after that picture is painted: a module script
 *   ready when the document is parsed would run first, and hold the paint back
 *   for the few hundred milliseconds the app takes to start; and scripts
 *   being fetched and parsed meanwhile take the cores its layout needs.
 */
import type { EarlyEvent, EarlyInput } from './hydration';
import { LANG_PARAM, pickLocale } from './locale';
import { keepCardInView, keepLineInView, measureWalkthroughTop } from './walkthrough/follow';

const root = document.getElementById('root');
const built = document.querySelector<HTMLMetaElement>('meta[name="mpviz-prerendered"]');
const entry = document.querySelector<HTMLMetaElement>('meta[name="mpviz-entry"]');

/** The app's module script (the first address in `scripts`) and its static imports (the rest). */
function startApp(scripts: string): void {
  const [entryScript, ...imports] = scripts.split(' ').filter((src) => src !== '');
  for (const href of imports) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
  if (entryScript === undefined) return;
  const script = document.createElement('script');
  script.type = 'module';
  script.crossOrigin = '';
  script.src = entryScript;
  document.head.append(script);
}

/**
 * Whether every setting in the address has the value the markup was built
 * with, and the page will be in its language (English: the address's
 * `lang=`, else the browser's, as locale.ts picks it).
 */
function asksForBuilt(search: string, builtSearch: string): boolean {
  if (pickLocale(search, navigator.languages).locale !== 'en') return false;
  const builtParams = new URLSearchParams(builtSearch);
  return [...new URLSearchParams(search)].every(
    ([key, value]) => key === LANG_PARAM || builtParams.get(key) === value,
  );
}

/** Child indices from #root down to `node` (which is inside it). */
function pathOf(root: HTMLElement, node: Element): number[] {
  const path: number[] = [];
  for (let at: Element = node; at !== root;) {
    const parent: HTMLElement | null = at.parentElement;
    if (!parent) break;
    path.unshift(Array.prototype.indexOf.call(parent.children, at));
    at = parent;
  }
  return path;
}

/** An event as queued, before its place (path) is written in. */
type EarlyEventWithoutPath = EarlyEvent extends infer E
  ? E extends EarlyEvent
    ? Omit<E, 'path'>
    : never
  : never;

function queueEarlyInput(root: HTMLElement): void {
  const early: EarlyInput = { events: [], done: false };
  window.__mpvizEarlyInput = early;
  const inRoot = (node: EventTarget | null): node is Element =>
    node instanceof Element && root.contains(node);
  const queue = (event: Event, target: Element, record: EarlyEventWithoutPath) => {
    if (early.done) return;
    early.events.push({ ...record, path: pathOf(root, target) } as EarlyEvent);
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  const capture = { capture: true };
  document.addEventListener(
    'click',
    (event) => {
      const control = inRoot(event.target) && event.target.closest('button, [role="tab"], a');
      if (control) queue(event, control, { type: 'click' });
    },
    capture,
  );
  document.addEventListener(
    'change',
    (event) => {
      const select = event.target;
      if (select instanceof HTMLSelectElement && inRoot(select)) {
        queue(event, select, { type: 'change', value: select.value });
      }
    },
    capture,
  );
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Tab' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (inRoot(event.target)) {
        queue(event, event.target, { type: 'keydown', key: event.key });
      }
    },
    capture,
  );
}

if (root && built && entry) {
  if (!asksForBuilt(window.location.search, built.content)) {
    startApp(entry.content);
  } else {
    const page = root.querySelector<HTMLElement>(':scope > main.page');
    if (page) measureWalkthroughTop(page);
    for (const panel of root.querySelectorAll<HTMLElement>('.code-scroll[data-focus-line]')) {
      keepLineInView(panel);
    }
    const canvas = root.querySelector<HTMLElement>('.story-canvas');
    if (canvas) keepCardInView(canvas, false);
    root.dataset.shown = '';
    queueEarlyInput(root);
    requestAnimationFrame(() => setTimeout(() => startApp(entry.content), 0));
  }
}
