import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Guards the rule that keeps src/sim a pure model (eslint.config.js): if the
// boundary block is removed or stops matching src/sim, these tests fail.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const probePath = 'src/sim/__probe__.ts';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function boundaryErrors(code: string, filePath = probePath): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
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
