/**
 * The first screen of `/`, rendered at build time (vite.config.ts
 * `prerenderArrival`) into dist/index.html, which the page hydrates when it
 * arrives with the same settings (main.tsx). The browser lays out that HTML
 * while the scripts are still loading, and hydrating it creates no elements:
 * the walkthrough is usable sooner (`npm run bench:load`).
 *
 * The build runs the model exactly as the page will, with the page's default
 * settings, and shows what the page shows on an isolated page at that moment:
 * the model's run on screen, the workers' confirmation still to come. Run
 * under Vite's SSR loader in Node: no window, no workers.
 */
import { prerender } from 'react-dom/static';
import { startRun, type EngineRun } from '../../src/workers/engine';
import { Page } from '../page';
import { createRunStore, run } from '../store';
import { prerenderKey, type Prerendered } from './key';

/** On an isolated page, lockstep: the model's run now, real workers' confirmation later. */
function asOnAnIsolatedPage(options: Parameters<typeof startRun>[0]): EngineRun {
  const model = startRun(options); // Node has no workers: the model alone.
  return { ...model, confirmingEngine: 'workers-lockstep', confirmation: new Promise(() => {}) };
}

export async function prerenderArrival(): Promise<Prerendered> {
  const store = createRunStore({
    search: '',
    isolated: true,
    rerunOnChange: true,
    startRun: asOnAnIsolatedPage,
    writeSearch: () => {},
  });
  const key = prerenderKey(store.getState());
  await run(store);
  const state = store.getState();
  if (key === null || state.params.mode !== 'lockstep') {
    throw new Error('the default settings changed: the prerender shows lockstep without notices');
  }
  // `prerender` waits for the lazy parts of the first screen (the journeys,
  // the comparison links): hydrated, they would otherwise be rendered again.
  const { prelude } = await prerender(<Page store={store} />);
  const html = await new Response(prelude).text();
  return { html, key, step: state.step };
}
