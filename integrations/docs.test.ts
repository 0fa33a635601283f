/**
 * docs/embedding.md shows the integrations as the end-to-end tests use them
 * (e2e/docs-sites.spec.ts builds real sites from these files), and every
 * piece pins the same release: package.json's version.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const docs = read('docs/embedding.md');
const { version } = JSON.parse(read('package.json')) as { version: string };

/** The body of a script, without its leading comment lines. */
const body = (text: string) =>
  text
    .split('\n')
    .filter((_line, i, all) => !all.slice(0, i + 1).every((l) => l.startsWith('//')))
    .join('\n')
    .trim();

describe('docs/embedding.md and the integrations', () => {
  it('pin one release: the Sphinx extension’s, the docs’ and package.json’s', () => {
    const extension = read('integrations/sphinx/mpviz_sphinx/__init__.py');
    expect(/^__version__ = "([^"]+)"$/m.exec(extension)?.[1]).toBe(version);
    expect(docs).toContain(`https://YOUR-MPVIZ-HOST/v/${version}/mpviz-embed.js`);
    expect(docs).toContain(`# mpviz_version = "${version}"`);
  });

  it('show the MkDocs recipe’s theme override as the tests build it', () => {
    expect(docs).toContain(read('e2e/sites/mkdocs/overrides/main.html').trim());
  });

  it('show the host script as the tests load it', () => {
    const example = body(read('docs/examples/mpviz-host.js'));
    expect(docs).toContain(`// mpviz-host.js\n${example}`);
  });

  it('ship no snippet with an inline style (a host CSP refuses it)', () => {
    const snippets = docs.match(/```(html|rst|markdown|mdx)\n[\s\S]*?```/g) ?? [];
    expect(snippets.length).toBeGreaterThan(4);
    for (const snippet of snippets) expect(snippet).not.toMatch(/style=/);
  });
});
