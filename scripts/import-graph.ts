/**
 * The import graph of the project's TypeScript, and its cycles. An import
 * cycle is a layer that cannot be seen: neither module can be read, tested or
 * moved without the other. import-graph.test.ts fails on any cycle in src/ or
 * app/.
 *
 * Every kind of import counts: `import type` too (a type-only cycle is still
 * two modules that each need the other to be understood, and still a layer
 * violation, although the compiler erases it), `export … from`, side-effect
 * imports and dynamic `import()` (a lazily loaded chunk is still a
 * dependency). Only relative specifiers are followed: packages cannot import
 * the project back.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Each module (a path relative to the root, with `/`) and the modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const SOURCE = /\.tsx?$/;
const SKIPPED_DIRS = new Set(['node_modules', '__golden__']);

/** Every specifier a module's text imports: static, type-only, re-exports and `import()`. */
export function importSpecifiers(sourceText: string): string[] {
  const info = ts.preProcessFile(sourceText, true, true);
  return info.importedFiles.map((ref) => ref.fileName);
}

/**
 * The specifiers a module loads when it is loaded itself: its static imports
 * and re-exports that bring a value (or only a side effect), not `import
 * type`, not an import of types alone (the compiler erases both), and not
 * `import()` (a chunk loaded later). What a page's first scripts contain is
 * the closure of these from its entry.
 */
export function loadedImportSpecifiers(sourceText: string): string[] {
  const file = ts.createSourceFile('module.tsx', sourceText, ts.ScriptTarget.Latest, false);
  const loaded: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const typesOnly =
        clause !== undefined &&
        (clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((element) => element.isTypeOnly)));
      if (!typesOnly && ts.isStringLiteral(statement.moduleSpecifier))
        loaded.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      const typesOnly =
        statement.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((element) => element.isTypeOnly));
      if (!typesOnly && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier))
        loaded.push(statement.moduleSpecifier.text);
    }
  }
  return loaded;
}

/**
 * The module a relative specifier names, as the bundler resolves it
 * (`./x` is x.ts, x.tsx, x/index.ts or x/index.tsx); null for a package or a
 * file that is not a module of the graph (CSS, JSON).
 */
export function resolveSpecifier(
  fromModule: string,
  specifier: string,
  isModule: (candidate: string) => boolean,
): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromModule), specifier));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find(isModule) ?? null;
}

/**
 * Reads the graph of every .ts/.tsx module (tests included) under `folders` of
 * `root`: every import (`importSpecifiers`), or only what loads with a module
 * (`loadedImportSpecifiers`).
 */
export function readImportGraph(
  root: string,
  folders: readonly string[],
  edges: 'every import' | 'loaded with it' = 'every import',
): ImportGraph {
  const specifiersOf = edges === 'every import' ? importSpecifiers : loadedImportSpecifiers;
  const modules: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(path.join(root, dir))) {
      const relative = `${dir}/${name}`;
      if (statSync(path.join(root, relative)).isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(relative);
      } else if (SOURCE.test(name) && !name.endsWith('.d.ts')) modules.push(relative);
    }
  };
  for (const folder of folders) if (existsSync(path.join(root, folder))) walk(folder);

  const known = new Set(modules);
  const graph = new Map<string, string[]>();
  for (const module of modules) {
    const text = readFileSync(path.join(root, module), 'utf8');
    const targets = specifiersOf(text)
      .map((specifier) => resolveSpecifier(module, specifier, (c) => known.has(c)))
      .filter((target): target is string => target !== null);
    graph.set(module, [...new Set(targets)]);
  }
  return graph;
}

/** Every module reachable from `entries` (the entries included). */
export function reachable(graph: ImportGraph, entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length > 0) {
    const module = stack.pop()!;
    if (seen.has(module)) continue;
    seen.add(module);
    stack.push(...(graph.get(module) ?? []));
  }
  return seen;
}

/**
 * The cycles of a graph: each strongly connected component of more than one
 * module, or a module that imports itself (Tarjan's algorithm). Each cycle's
 * modules are sorted, and the cycles are sorted by their first module.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (module: string): void => {
    order.set(module, order.size);
    lowest.set(module, order.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const target of graph.get(module) ?? []) {
      if (!order.has(target)) {
        visit(target);
        lowest.set(module, Math.min(lowest.get(module)!, lowest.get(target)!));
      } else if (onStack.has(target)) {
        lowest.set(module, Math.min(lowest.get(module)!, order.get(target)!));
      }
    }
    if (lowest.get(module) !== order.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    const importsItself = (graph.get(module) ?? []).includes(module);
    if (component.length > 1 || importsItself) cycles.push(component.sort());
  };

  for (const module of graph.keys()) if (!order.has(module)) visit(module);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
