import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  importSpecifiers,
  loadedImportSpecifiers,
  reachable,
  readImportGraph,
  resolveSpecifier,
  type ImportGraph,
} from './import-graph';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe('the import graph of src/ and app/', () => {
  const graph = readImportGraph(repoRoot, ['src', 'app']);

  it('has no import cycle', () => {
    const cycles = findCycles(graph).map((cycle) => cycle.join(' ↔ '));
    expect(cycles, 'modules that import each other, directly or around a loop').toEqual([]);
  });

  it('is the real graph: it sees the modules and their imports', () => {
    // Guards the test above against passing on an empty or unresolved graph.
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('src/sim/run.ts')).toContain('src/sim/programs.ts');
    expect(graph.get('src/sim/programs.ts')).toEqual(
      expect.arrayContaining(['src/sim/mp/index.ts', 'src/sim/scenario-program.ts']),
    );
  });
});

describe("the page's first scripts", () => {
  // The first picture is built into index.html and embed.html draws from a
  // run it awaits: the model (the library, the kernel, pickle, the run) is
  // loaded on demand (src/workers/engine.ts's loadModel), never with a page's
  // entry. This keeps it so: a static import of any of it fails here.
  const graph = readImportGraph(repoRoot, ['src', 'app'], 'loaded with it');
  const entries = ['app/main.tsx', 'app/first-paint.ts', 'app/embed/main.tsx'];
  const model =
    /^src\/sim\/(mp|kernel|pickle|export)\/|^src\/sim\/(run|programs|scenario-program)\.ts$/;

  it('load none of the model', () => {
    const first = [...reachable(graph, entries)];
    expect(first.filter((module) => model.test(module))).toEqual([]);
  });

  it('are the real closure: the page, the store, the engine and the scenarios code are in it', () => {
    // Guards the test above against an empty or unresolved graph.
    expect([...reachable(graph, entries)]).toEqual(
      expect.arrayContaining([
        'app/App.tsx',
        'app/store.ts',
        'src/workers/engine.ts',
        'src/sim/scenarios/source.ts',
        'src/sim/fold.ts',
      ]),
    );
    // ...and the model is reached from the engine's on-demand import.
    expect(importSpecifiers(readFileSync(`${repoRoot}/src/workers/engine.ts`, 'utf8'))).toContain(
      '../sim/run',
    );
  });
});

describe('loadedImportSpecifiers', () => {
  it('keeps value imports, side effects and re-exports; drops types and import()', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import { type C } from './c';",
      "import { type D, e } from './de';",
      "export { f } from './f';",
      "export type { G } from './g';",
      "export * from './h';",
      "import './i.css';",
      "const j = () => import('./j');",
      "import k from 'k';",
    ].join('\n');
    expect(loadedImportSpecifiers(source)).toEqual(['./a', './de', './f', './h', './i.css', 'k']);
  });
});

describe('findCycles', () => {
  it('finds a loop through three modules, and only the modules on it', () => {
    const graph = graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'], e: [] });
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('finds two modules that import each other, and one that imports itself', () => {
    const graph = graphOf({ x: ['y'], y: ['x'], self: ['self'] });
    expect(findCycles(graph)).toEqual([['self'], ['x', 'y']]);
  });

  it('finds none in a layered graph, however many paths reach a module', () => {
    const graph = graphOf({ run: ['mp', 'kernel', 'trace'], mp: ['trace'], kernel: ['trace'] });
    expect(findCycles(graph)).toEqual([]);
  });
});

describe('importSpecifiers', () => {
  it('counts type-only imports, re-exports, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "export { c } from './c';",
      "export type { D } from './d';",
      "export * from './e';",
      "import './f.css';",
      "const g = () => import('./g');",
      "import react from 'react';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      './a',
      './b',
      './c',
      './d',
      './e',
      './f.css',
      './g',
      'react',
    ]);
  });
});

describe('resolveSpecifier', () => {
  const modules = new Set(['src/sim/run.ts', 'src/sim/mp/index.ts', 'app/App.tsx']);
  const isModule = (c: string): boolean => modules.has(c);

  it('resolves a file, a .tsx file and a folder with an index', () => {
    expect(resolveSpecifier('src/sim/fold.ts', './run', isModule)).toBe('src/sim/run.ts');
    expect(resolveSpecifier('app/main.tsx', './App', isModule)).toBe('app/App.tsx');
    expect(resolveSpecifier('src/sim/run.ts', './mp', isModule)).toBe('src/sim/mp/index.ts');
  });

  it('ignores packages and files that are not modules', () => {
    expect(resolveSpecifier('app/main.tsx', 'react', isModule)).toBeNull();
    expect(resolveSpecifier('app/main.tsx', './styles.css', isModule)).toBeNull();
  });
});
