/**
 * public/_headers (static hosts) says what vite.config.ts sends (dev and
 * preview): the same isolation and security headers on every path, and one
 * Content-Security-Policy per path, the embed's allowing any framer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isolationHeaders,
  policyKind,
  responseHeaders,
  securityHeaders,
} from '../vite.config';

/** The `_headers` file as path → headers (Netlify / Cloudflare Pages syntax). */
function parseHeadersFile(text: string): Map<string, Record<string, string>> {
  const rules = new Map<string, Record<string, string>>();
  let current: Record<string, string> | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      current = {};
      rules.set(line.trim(), current);
      continue;
    }
    const at = line.indexOf(':');
    current![line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return rules;
}

const file = parseHeadersFile(readFileSync(new URL('../public/_headers', import.meta.url), 'utf8'));

describe('response headers', () => {
  it('public/_headers sends the isolation and security headers on every path', () => {
    expect(file.get('/*')).toEqual({ ...isolationHeaders, ...securityHeaders });
  });

  it('and one policy per path, the same as the preview server', () => {
    for (const [path, headers] of file) {
      if (path === '/*') continue;
      const cors = path === '/assets/*' || path === '/mpviz-embed.js';
      expect(headers['Access-Control-Allow-Origin'], path).toBe(cors ? '*' : undefined);
      if (path === '/mpviz-embed.js') continue;
      expect(
        Object.keys(headers).filter((h) => h !== 'Access-Control-Allow-Origin'),
        path,
      ).toEqual(['Content-Security-Policy']);
      const kind = path === '/assets/*' ? 'asset' : policyKind(path);
      expect(headers['Content-Security-Policy'], path).toBe(contentSecurityPolicy[kind]);
    }
    expect([...file.keys()].sort()).toEqual(
      ['/*', '/', '/index.html', '/embed', '/embed.html', '/assets/*', '/mpviz-embed.js'].sort(),
    );
  });

  it('the embed may be framed by anyone, the app only by itself, a script by no rule', () => {
    // No frame-ancestors at all: even `*` refuses a host in a sandbox.
    expect(responseHeaders('/embed.html', false)['Content-Security-Policy']).not.toMatch(
      /frame-ancestors/,
    );
    expect(responseHeaders('/', false)['Content-Security-Policy']).toMatch(
      /frame-ancestors 'self'$/,
    );
    expect(
      responseHeaders('/assets/free-worker-x.js', false)['Content-Security-Policy'],
    ).not.toMatch(/frame-ancestors/);
    // The built pages: no inline script or style anywhere in the policy.
    for (const csp of Object.values(contentSecurityPolicy)) expect(csp).not.toMatch(/unsafe/);
    // Dev keeps the framing rules.
    expect(responseHeaders('/embed.html', true)['Content-Security-Policy']).not.toMatch(
      /frame-ancestors/,
    );
    expect(responseHeaders('/', true)['Content-Security-Policy']).toMatch(
      /frame-ancestors 'self'$/,
    );
  });
});
