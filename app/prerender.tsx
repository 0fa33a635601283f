/**
 * The page's first picture as HTML, rendered when the page is built
 * (vite-prerender.ts runs this in Node): the default settings, already run by
 * the model, at the step where the story starts. The tab then runs the same
 * settings itself and hydrates this markup (main.tsx, hydration.ts), so what
 * the learner sees first is exactly what the app shows once loaded.
 */
import { prerender as prerenderTree } from 'react-dom/static';
import { startRun, type EngineOptions, type EngineRun } from '../src/workers';
import { page } from './page-tree';
import { defaultParams, toSearch } from './params';
import { createRunStore, run } from './store';

export interface Prerendered {
  /** The markup of #root. */
  readonly html: string;
  /** Every setting it was rendered with, as a query string without "?" (for first-paint.ts). */
  readonly search: string;
}

/**
 * The model's run, as the page starts it in an isolated tab: shown at once,
 * with real workers still confirming it (their confirmation never arrives
 * here, as it has not arrived in the tab when the page hydrates).
 */
function modelAwaitingWorkers(options: EngineOptions): EngineRun {
  const model = startRun(options);
  return {
    ...model,
    confirmingEngine: 'workers-lockstep',
    confirmation: new Promise(() => {}),
  };
}

export async function prerender(): Promise<Prerendered> {
  const store = createRunStore({
    search: '',
    isolated: true,
    startRun: modelAwaitingWorkers,
    writeSearch: () => {},
  });
  await run(store);
  const search = toSearch(defaultParams(), null, { every: true }).replace(/^\?/, '');
  // Unlike renderToString, waits for the lazy parts of the first screen (the
  // links beside the verdict), so the tab hydrates them instead of redrawing.
  const { prelude } = await prerenderTree(page(store));
  return { html: await new Response(prelude).text(), search };
}
