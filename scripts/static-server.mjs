#!/usr/bin/env node
/**
 * A tiny static file server for the end-to-end tests' other origins: host
 * pages that send no special headers (like a docs site), and the built app
 * served without the isolation headers (to test the embed's fallback).
 *
 *   node scripts/static-server.mjs --root dist --port 4175 [--isolate] [--csp POLICY]
 *
 * `--isolate` adds the same headers as vite.config.ts. `--csp` sends POLICY
 * as the Content-Security-Policy of every HTML page (a docs host's policy). `/__health` answers
 * 200 at once, so a test runner can wait for the server before `--root` exists.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    port: { type: 'string' },
    isolate: { type: 'boolean', default: false },
    csp: { type: 'string' },
  },
});
if (!values.root || !values.port) {
  console.error('usage: static-server.mjs --root DIR --port N [--isolate] [--csp POLICY]');
  process.exit(2);
}
const root = resolve(values.root);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};

/** Sent with the isolation headers, as vite.config.ts does (keep the two in sync). */
const SECURITY = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
const CSP_BASE =
  "default-src 'self'; script-src 'self'; style-src 'self'; worker-src 'self'; " +
  "connect-src 'self'; img-src 'self'; font-src 'self'; object-src 'none'; " +
  "base-uri 'self'; form-action 'self'";
const CSP = {
  app: `${CSP_BASE}; frame-ancestors 'self'`,
  embed: CSP_BASE,
  asset: CSP_BASE,
};

function cspFor(fullPath) {
  // A release under /v/<version>/ (scripts/release.mjs) gets the same policies.
  const pathname = fullPath.replace(/^\/v\/[^/]+(?=\/)/, '');
  if (/^\/embed(\.html)?$/.test(pathname)) return CSP.embed;
  if (pathname === '/' || pathname === '/index.html') return CSP.app;
  return CSP.asset;
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/__health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  const path = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!path.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  let file = path;
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    statSync(file);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    // Scripts of one origin may be loaded by another's pages (the element's script).
    'Access-Control-Allow-Origin': '*',
    ...(values.isolate
      ? { ...ISOLATION, ...SECURITY, 'Content-Security-Policy': cspFor(url.pathname) }
      : {}),
    ...(values.csp && extname(file) === '.html' ? { 'Content-Security-Policy': values.csp } : {}),
    // A docs page served in a sandbox (e2e/hosts/sandboxed*.html): an opaque origin.
    ...(/^sandboxed[^/]*\.html$/.test(basename(file))
      ? { 'Content-Security-Policy': 'sandbox allow-scripts' }
      : {}),
  });
  createReadStream(file).pipe(res);
}).listen(Number(values.port), 'localhost', () => {
  console.log(`serving ${root} on http://localhost:${values.port}`);
});
