// @ts-check
/**
 * The project's own lint rules (eslint.config.js turns them on):
 *
 * - `mpviz/sim-layers`: src/sim is built in layers, lowest first (SIM_LAYERS):
 *   a module imports its own layer and the ones below, never one above, so
 *   each layer can be read and tested without those built on it.
 * - `mpviz/no-internal-imports`: a folder with an entry file (index.ts) is
 *   entered through it from outside: what the folder keeps to itself can
 *   change without its importers noticing. Modules inside the folder, their
 *   tests included, import each other directly (tldraw's no-internal-imports
 *   is the model). Every folder of src/sim has one; so has src/workers, whose
 *   own entry hides its sub-folders (free/, shared/, measure/) from outside,
 *   while inside it they are entered through theirs.
 *
 * Both look at every kind of import: `import`, `import type`, `export … from`
 * and `import()`. scripts/import-graph.test.ts checks the other half of the
 * design: no import cycle.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers of src/sim, lowest first. A path is a folder or a module
 * (without its extension). Every module of src/sim must be in one. Tests
 * are not held to them: a test of a low layer may run the whole model
 * (runScenario), and nothing imports a test, so no layer depends upwards.
 */
export const SIM_LAYERS = [
  { name: 'Python values', paths: ['src/sim/python', 'src/sim/bytes'] },
  { name: 'pickle', paths: ['src/sim/pickle'] },
  {
    name: 'system calls and trace',
    paths: [
      'src/sim/trace',
      'src/sim/handshake-bytes',
      'src/sim/syscalls',
      'src/sim/platforms',
      'src/sim/settings',
      'src/sim/random',
      'src/sim/trampoline',
      'src/sim/scenario-format',
      'src/sim/scenario-format-id',
      'src/sim/scenario-objects',
      'src/sim/scenario-reasons',
      'src/sim/cpython',
    ],
  },
  { name: 'kernel', paths: ['src/sim/kernel'] },
  { name: 'mp library', paths: ['src/sim/mp'] },
  {
    name: 'scenarios',
    paths: [
      'src/sim/scenarios',
      'src/sim/scenario-program',
      'src/sim/scenario-calls',
      'src/sim/space',
    ],
  },
  {
    name: 'run',
    paths: [
      'src/sim/run',
      'src/sim/programs',
      'src/sim/fixtures',
      'src/sim/fold',
      'src/sim/export',
    ],
  },
];

const ENTRY_FILES = ['index.ts', 'index.tsx'];

/** `src/sim/mp/runtime.ts` → `src/sim/mp/runtime`; `src/sim/mp/index.ts` → `src/sim/mp`. */
function moduleId(relativePath) {
  return relativePath.replace(/\.(tsx?|jsx?|mjs)$/, '').replace(/\/index$/, '');
}

/** The index in SIM_LAYERS of the module at `relativePath`, or -1 outside every layer. */
export function layerOf(relativePath) {
  const id = moduleId(relativePath);
  const index = SIM_LAYERS.findIndex((layer) =>
    layer.paths.some((p) => id === p || id.startsWith(`${p}/`)),
  );
  return index;
}

const isTest = (relativePath) => /\.test\.tsx?$/.test(relativePath);

/** The folders with an entry file that `target` is inside of, innermost first. */
function foldersWithEntry(target, root) {
  const folders = [];
  for (let dir = path.dirname(target); dir.startsWith(root) && dir !== root;) {
    if (ENTRY_FILES.some((f) => existsSync(path.join(dir, f)))) folders.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return folders;
}

/** Calls `check(node, specifier)` for every import of a module, whatever its kind. */
function onEveryImport(check) {
  const fromSource = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node.source, node.source.value);
  };
  return {
    ImportDeclaration: fromSource,
    ExportNamedDeclaration: fromSource,
    ExportAllDeclaration: fromSource,
    ImportExpression: fromSource,
  };
}

const posix = (p) => p.split(path.sep).join('/');

/** @type {import('eslint').Rule.RuleModule} */
const simLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'src/sim imports only its own layer and the layers below' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = posix(path.relative(root, context.filename));
    if (!file.startsWith('src/sim/') || isTest(file)) return {};
    const own = layerOf(file);
    if (own < 0) {
      return {
        Program(node) {
          context.report({
            node,
            message: `${file} is in no layer of src/sim: add it to SIM_LAYERS (scripts/eslint-plugin-mpviz.js).`,
          });
        },
      };
    }
    return onEveryImport((node, specifier) => {
      if (!specifier.startsWith('.')) return;
      const target = posix(
        path.relative(root, path.resolve(path.dirname(context.filename), specifier)),
      );
      const layer = layerOf(target);
      if (layer <= own) return;
      context.report({
        node,
        message:
          `The ${SIM_LAYERS[own].name} layer must not import the ${SIM_LAYERS[layer].name} layer ` +
          `(${target}), which is built on it. Layers, lowest first: ` +
          `${SIM_LAYERS.map((l) => l.name).join(' < ')}. A low layer that needs something ` +
          'from a high one offers a registry or a parameter, as util.defineFinalizer does.',
      });
    });
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const noInternalImports = {
  meta: {
    type: 'problem',
    docs: { description: 'a folder with an index.ts is imported through it from outside' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    return onEveryImport((node, specifier) => {
      if (!specifier.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), specifier);
      for (const folder of foldersWithEntry(target, root)) {
        const importerInside = context.filename.startsWith(folder + path.sep);
        const isEntry = moduleId(posix(target)) === posix(folder);
        if (importerInside || isEntry) continue;
        const entry = posix(path.relative(path.dirname(context.filename), folder));
        context.report({
          node,
          message:
            `Import '${entry.startsWith('.') ? entry : `./${entry}`}' (its index.ts), not ` +
            `'${specifier}': outside ${posix(path.relative(root, folder))}/ its internals are its own.`,
        });
        return;
      }
    });
  },
};

export default {
  meta: { name: 'eslint-plugin-mpviz' },
  rules: { 'sim-layers': simLayers, 'no-internal-imports': noInternalImports },
};
