import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Guards the rule that keeps src/sim a pure model (eslint.config.js): if the
// boundary block is removed or stops matching src/sim, these tests fail.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const probePath = 'src/sim/__probe__.ts';

let eslint: ESLint;

beforeAll(() => {
  // The probes are not files on disk, so no tsconfig has them: lint them without
  // the type-aware rules (the rules under test need no types).
  eslint = new ESLint({ cwd: repoRoot, overrideConfig: tseslint.configs.disableTypeChecked });
});

async function boundaryErrors(code: string, filePath = probePath): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('eslint linted nothing');
  return result.messages
    .filter(
      (m) =>
        m.severity === 2 &&
        (m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals'),
    )
    .map((m) => m.message);
}

describe('src/sim lint boundary', () => {
  it('rejects importing React', async () => {
    const errors = await boundaryErrors("import React from 'react';\nexport const x = React;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src\/sim is the pure model/);
  });

  it.each([
    "import { createRoot } from 'react-dom/client';",
    "import * as Comlink from 'comlink';",
    "import { motion } from 'framer-motion';",
    "import { animate } from 'motion/react';",
    "import { create } from 'zustand';",
    "import { App } from '../../app/App';",
    "import { kernel } from '../workers/kernel';",
  ])('rejects %s', async (line) => {
    const errors = await boundaryErrors(`${line}\nexport {};\n`);
    expect(errors).toHaveLength(1);
  });

  it('rejects the DOM globals window and document', async () => {
    const errors = await boundaryErrors(
      'export const w = window.innerWidth;\nexport const d = document.title;\n',
    );
    expect(errors).toHaveLength(2);
  });

  it('allows imports inside the model', async () => {
    const errors = await boundaryErrors("import { step } from './kernel';\nexport { step };\n");
    expect(errors).toEqual([]);
  });

  it('does not restrict the UI', async () => {
    const errors = await boundaryErrors(
      "import { useState } from 'react';\nexport const s = useState;\n",
      'app/__probe__.ts',
    );
    expect(errors).toEqual([]);
  });
});

async function ruleErrors(ruleId: string, code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('eslint linted nothing');
  return result.messages
    .filter((m) => m.severity === 2 && m.ruleId === ruleId)
    .map((m) => m.message);
}

// The layers of src/sim (scripts/eslint-plugin-mpviz.js): if the rule is
// turned off, or stops seeing an import, these tests fail.
describe('src/sim layers', () => {
  const layers = (code: string, filePath: string) => ruleErrors('mpviz/sim-layers', code, filePath);

  it.each([
    ['src/sim/mp/__probe__.ts', "import { scriptSource } from '../scenarios';"],
    ['src/sim/mp/__probe__.ts', "import type { ScenarioSpec } from '../scenarios';"],
    ['src/sim/mp/__probe__.ts', "export { PROGRAMS } from '../programs';"],
    ['src/sim/kernel/__probe__.ts', "const mp = () => import('../mp');"],
    ['src/sim/python/__probe__.ts', "import { hex } from '../trace';"],
    ['src/sim/pickle/__probe__.ts', "import type { Syscall } from '../syscalls';"],
    ['src/sim/trace.ts', "import { ModelKernel } from './kernel';"],
  ])('rejects, in %s, %s', async (filePath, line) => {
    const errors = await layers(`${line}\nexport {};\n`, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/layer must not import the .* layer/);
  });

  it.each([
    ['src/sim/scenarios/__probe__.ts', "import { Pool } from '../mp';"],
    ['src/sim/mp/__probe__.ts', "import { hex } from '../trace';"],
    ['src/sim/mp/__probe__.ts', "import { Py } from './runtime';"],
    ['src/sim/run.ts', "import { PROGRAMS } from './programs';"],
    ['src/sim/mp/__probe__.test.ts', "import { runScenario } from '../run';"],
  ])('allows, in %s, %s', async (filePath, line) => {
    expect(await layers(`${line}\nexport {};\n`, filePath)).toEqual([]);
  });

  it('asks for a new module of src/sim to be put in a layer', async () => {
    const errors = await layers('export {};\n', 'src/sim/__unplaced__.ts');
    expect(errors).toEqual([expect.stringMatching(/is in no layer of src\/sim/)]);
  });
});

describe('imports into a folder with an index.ts', () => {
  const internal = (code: string, filePath: string) =>
    ruleErrors('mpviz/no-internal-imports', code, filePath);

  it.each([
    ['app/__probe__.ts', "import { SCRIPT_FILE } from '../src/sim/mp/runtime';"],
    ['app/__probe__.ts', "import type { Py } from '../src/sim/mp/runtime';"],
    ['app/__probe__.ts', "const lazy = () => import('../src/sim/export/chrome-trace');"],
    ['src/sim/scenarios/__probe__.ts', "export { Pool } from '../mp/pool';"],
    ['app/walkthrough/__probe__.ts', "import { pageMessages } from '../messages/page';"],
    ['app/__probe__.ts', "import { startRun } from '../src/workers/engine';"],
    ['app/__probe__.ts', "import type { EngineResult } from '../src/workers/engine';"],
    ['app/components/__probe__.ts', "const m = () => import('../../src/workers/measure/measure');"],
    ['app/components/__probe__.ts', "const b = () => import('../../src/workers/batch');"],
    ['app/__probe__.ts', "import { measureLockCost } from '../src/workers/measure';"],
    ['scripts/__probe__.ts', "import { KernelMemory } from '../src/workers/shared';"],
    ['src/workers/__probe__.ts', "import { FreeRun } from './free/free-run';"],
    ['src/workers/free/__probe__.ts', "import { KernelMemory } from '../shared/kernel-memory';"],
  ])('rejects, in %s, %s', async (filePath, line) => {
    const errors = await internal(`${line}\nexport {};\n`, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\(its index\.ts\), not/);
  });

  it.each([
    ['app/__probe__.ts', "import { SCRIPT_FILE } from '../src/sim/mp';"],
    ['app/__probe__.ts', "import { messages } from './messages';"],
    ['src/sim/mp/__probe__.ts', "import { Py } from './runtime';"],
    ['src/sim/mp/__probe__.test.ts', "import { Py } from './runtime';"],
    ['src/sim/__probe__.ts', "import { hex } from './trace';"],
    ['app/__probe__.ts', "import { startRun, type EngineResult } from '../src/workers';"],
    ['src/workers/__probe__.ts', "import { FreeRun } from './free';"],
    ['src/workers/__probe__.ts', "import { compareTraces } from './compare';"],
    ['src/workers/free/__probe__.ts', "import { KernelMemory } from '../shared';"],
    ['src/workers/free/__probe__.ts', "import { retainEnds } from './ends';"],
  ])('allows, in %s, %s', async (filePath, line) => {
    expect(await internal(`${line}\nexport {};\n`, filePath)).toEqual([]);
  });
});

// Type-aware lint (eslint.config.js): a switch over an event kind names every
// kind, a `default:` does not stand in for one. Linted as the text of a real
// file, so that the project service has its types.
describe('switches over an event kind', () => {
  it('flags a missing kind even with a default', async () => {
    const typed = new ESLint({ cwd: repoRoot });
    const code =
      "import type { TraceEvent } from '../../src/sim/trace';\n" +
      'export function f(e: TraceEvent): number {\n' +
      '  switch (e.kind) {\n' +
      "    case 'print':\n" +
      '      return 1;\n' +
      '    default:\n' +
      '      return 0;\n' +
      '  }\n' +
      '}\n';
    const [result] = await typed.lintText(code, { filePath: 'app/walkthrough/lanes.ts' });
    const rules = result!.messages.map((m) => m.ruleId);
    expect(rules).toContain('@typescript-eslint/switch-exhaustiveness-check');
  }, 60_000);
});
