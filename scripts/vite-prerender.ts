/**
 * Builds the app page's first picture into index.html (app/prerender.tsx):
 * the walkthrough of the default settings, already run by the model, so that
 * a learner sees it before the app's JavaScript has loaded; the tab then
 * hydrates it (app/hydration.ts). Also puts app/first-paint.ts in <head> and
 * the settings the markup shows in a <meta>, and hands the app's module script
 * and its preloads to first-paint.ts (`<meta name="mpviz-entry">`): a module
 * script ready when the document is parsed runs before the first paint, and
 * scripts being parsed take the cores the picture's layout needs.
 *
 * Only `vite build`, only index.html: the embed and the dev server render in
 * the tab as before.
 */
import react from '@vitejs/plugin-react';
import { createServer, type Plugin, type ResolvedConfig, type Rollup } from 'vite';

type OutputChunk = Rollup.OutputChunk;

const ROOT_DIV = '<div id="root"></div>';
/** The build's entry for app/first-paint.ts (vite.config.ts). */
export const FIRST_PAINT = 'first-paint';
/** The app's modulepreloads, as Vite writes them. */
const PRELOAD = /<link rel="modulepreload" crossorigin href="([^"]+)">/g;
const PRELOAD_LINE = /\n\s*<link rel="modulepreload" crossorigin href="[^"]+">/g;
/** The app's entry, which first-paint.ts starts once the first picture is painted. */
const ENTRY_SCRIPT = /<script type="module" crossorigin src="([^"]+)"><\/script>/;

interface PrerenderModule {
  prerender(): Promise<{ html: string; search: string }>;
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Renders app/prerender.tsx in Node through a Vite server of its own (SSR module loading). */
async function renderFirstPicture(
  config: ResolvedConfig,
): Promise<{ html: string; search: string }> {
  const server = await createServer({
    configFile: false,
    root: config.root,
    mode: config.mode,
    ...(config.define !== undefined ? { define: config.define } : {}),
    plugins: [react()],
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  try {
    const module = (await server.ssrLoadModule('/app/prerender.tsx')) as PrerenderModule;
    return await module.prerender();
  } finally {
    await server.close();
  }
}

export function prerenderFirstPicture(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'mpviz:prerender',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, context) {
        if (!context.filename.endsWith('/index.html')) return html;
        if (!html.includes(ROOT_DIV)) {
          throw new Error(`index.html has no ${ROOT_DIV} to put the first picture in`);
        }
        const entry = ENTRY_SCRIPT.exec(html);
        if (!entry) throw new Error('index.html has no module script for first-paint.ts to start');
        const firstPaint = Object.values(context.bundle ?? {}).find(
          (chunk): chunk is OutputChunk =>
            chunk.type === 'chunk' && chunk.isEntry && chunk.name === FIRST_PAINT,
        );
        if (!firstPaint)
          throw new Error(`the build has no "${FIRST_PAINT}" entry (vite.config.ts)`);
        const first = await renderFirstPicture(config);
        // The app's scripts are asked for only once the first picture is painted
        // (first-paint.ts): fetched and parsed before, they hold the picture's
        // style and layout back (parsing takes the cores the page needs).
        const appScripts = [entry[1]!, ...[...html.matchAll(PRELOAD)].map((m) => m[1]!)];
        const head =
          `</title>\n` +
          `    <meta name="mpviz-prerendered" content="${escapeAttribute(first.search)}" />\n` +
          `    <meta name="mpviz-entry" content="${escapeAttribute([...new Set(appScripts)].join(' '))}" />\n` +
          `    <script type="module" crossorigin src="./${firstPaint.fileName}"></script>` +
          firstPaint.imports
            .map((file) => `\n    <link rel="modulepreload" crossorigin href="./${file}">`)
            .join('');
        if (!html.includes('</title>')) throw new Error('index.html has no <title>');
        return html
          .replace(entry[0], '')
          .replace(PRELOAD_LINE, '')
          .replace('</title>', head)
          .replace(ROOT_DIV, `<div id="root" data-prerendered>${first.html}</div>`);
      },
    },
  };
}
