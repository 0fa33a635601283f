/**
 * "Files small enough to read in one sitting": no source file of src/, app/
 * or scripts/ is over 600 lines. Tests, golden traces and fixtures aside (a
 * table of cases may be long); the list of sources is read from disk, so a
 * new file is held to it too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const MAX_LINES = 600;
const SOURCE = /\.(ts|tsx|js|mjs|css|py)$/;
const ASIDE = /(\.test\.|\.cpython\.test\.|__golden__|fixtures)/;

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return SOURCE.test(entry.name) && !ASIDE.test(path) ? [path] : [];
  });
}

const lineCount = (path: string): number =>
  readFileSync(join(repoRoot, path), 'utf8').split('\n').length;

describe('source files', () => {
  const files = ['src', 'app', 'scripts'].flatMap(sources);

  it(`are at most ${MAX_LINES} lines each`, () => {
    const long = files
      .map((path) => ({ path: relative('.', path), lines: lineCount(path) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long, 'split these along their seams').toEqual([]);
  });

  it('are really read (the check above is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain(join('src', 'sim', 'kernel', 'model-kernel.ts'));
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });
});
