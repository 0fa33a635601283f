import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation headers. They make `self.crossOriginIsolated` true, which the
 * worker kernel needs for SharedArrayBuffer and Atomics.wait. Keep in sync with
 * public/_headers (used by static hosts such as Netlify and Cloudflare Pages).
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};

/** Sets the isolation headers on every response of `vite` (dev) and `vite preview`. */
function crossOriginIsolation(): Plugin {
  const setHeaders = (
    _req: unknown,
    res: { setHeader(name: string, value: string): unknown },
    next: () => void,
  ): void => {
    for (const [name, value] of Object.entries(isolationHeaders)) res.setHeader(name, value);
    next();
  };
  return {
    name: 'mpviz:cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use(setHeaders);
    },
    configurePreviewServer(server) {
      server.middlewares.use(setHeaders);
    },
  };
}

export default defineConfig({
  root: '.',
  plugins: [react(), crossOriginIsolation()],
  server: { port: 5173, headers: isolationHeaders },
  preview: { port: 4173, strictPort: true, headers: isolationHeaders },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // The app, the embed for docs sites, and the <mpviz-embed> element's script,
      // which docs pages load by a stable name (no hash).
      input: {
        main: 'index.html',
        embed: 'embed.html',
        'mpviz-embed': 'app/embed/element.ts',
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'mpviz-embed' ? 'mpviz-embed.js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
