/**
 * The exported Chrome trace, pinned: a SHA-256 of `chromeTraceJson` (the bytes
 * a download holds) for scenarios 1–6 under fork and spawn, a few seeds each,
 * and the other platforms the golden traces cover. A change to the export, or
 * to the model, shows up here; when it is intended (the golden traces changed
 * with it), refresh with `npx vitest run src/sim/export/chrome-trace.golden.test.ts -u`.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from '../run';
import { chromeTraceJson } from './chrome-trace';

const PINNED: [string, RunOptions][] = [];
for (const scenario of [1, 2, 3, 4, 5, 6]) {
  for (const startMethod of ['fork', 'spawn'] as const) {
    for (const seed of [1, 2, 3]) {
      PINNED.push([
        `scenario-${scenario}-${startMethod}-seed${seed}`,
        { scenario, startMethod, seed },
      ]);
    }
  }
}
PINNED.push(
  ['scenario-2-forkserver-seed1', { scenario: 2, startMethod: 'forkserver', seed: 1 }],
  ['scenario-6-py314-seed1', { scenario: 6, python: '3.14', seed: 1 }],
  ['scenario-3-windows-seed1', { scenario: 3, platform: 'windows', seed: 1 }],
  ['scenario-1-macos-imap-seed1', { scenario: 1, platform: 'macos', call: 'imap', seed: 1 }],
);

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('the exported Chrome trace is pinned', () => {
  it('for every scenario under fork and spawn', async () => {
    const lines: string[] = [];
    for (const [name, options] of PINNED) {
      const json = chromeTraceJson(runScenario(options).trace);
      lines.push(`${name} ${json.length} ${await sha256(json)}`);
    }
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot(
      '../__golden__/chrome-trace.sha256.txt',
    );
  });
});
