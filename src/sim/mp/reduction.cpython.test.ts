/**
 * The pickles the model writes during real runs, read by the local CPython:
 * `pickletools.dis` must parse every complete one into exactly the opcodes
 * our disassembler lists, and the ones made only of builtins must load.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../pickle';
import { runScenario, type RunOptions } from '../run';

const CONFIGS: RunOptions[] = [
  { scenario: 2, startMethod: 'fork', seed: 1 },
  { scenario: 2, startMethod: 'spawn', seed: 2 },
  { scenario: 3, startMethod: 'spawn', seed: 1 },
  { scenario: 3, startMethod: 'forkserver', seed: 1 },
  { scenario: 3, platform: 'windows', seed: 1 },
  { scenario: 4, startMethod: 'spawn', seed: 1 },
  { scenario: 6, startMethod: 'spawn', seed: 1 },
  { scenario: 6, python: '3.14', seed: 1 },
];

interface Sample {
  what: string;
  hex: string;
  loadable: boolean;
}

function samples(): Sample[] {
  const seen = new Set<string>();
  const out: Sample[] = [];
  for (const config of CONFIGS) {
    for (const p of runScenario(config).pickles) {
      if (p.error !== null) continue;
      // One of each kind per run: 'task 3' and 'task 4' are the same shape.
      const kind = `${config.scenario}/${config.startMethod ?? config.platform}/${p.what.replace(/\d+/g, 'N')}`;
      if (seen.has(kind)) continue;
      seen.add(kind);
      out.push({
        what: `${kind}`,
        hex: p.hex,
        loadable:
          /^(request|response|result|manager address|queue item|change notification|sentinel)/.test(
            p.what,
          ),
      });
    }
  }
  return out;
}

const PYTHON = `
import json, pickle, pickletools, sys
out = []
for s in json.load(sys.stdin):
    data = bytes.fromhex(s["hex"])
    ops = [op.name for op, arg, pos in pickletools.genops(data)]
    loaded = None
    if s["loadable"]:
        loaded = repr(pickle.loads(data))
    out.append({"ops": ops, "loaded": loaded})
print(json.dumps(out))
`;

describe('pickles from model runs, read by CPython', () => {
  const list = samples();

  it('collects a varied set: tasks with proxies, spawned Process objects, requests, results', () => {
    const kinds = list.map((s) => s.what).join('\n');
    expect(kinds).toMatch(/task N/);
    expect(kinds).toMatch(/Process object/);
    expect(kinds).toMatch(/request acquire/);
    expect(kinds).toMatch(/result of task N/);
    expect(list.length).toBeGreaterThan(25);
  });

  it('pickletools parses every one into the opcodes our disassembler lists', () => {
    const answer = JSON.parse(
      execFileSync('python3', ['-c', PYTHON], { input: JSON.stringify(list), encoding: 'utf8' }),
    ) as { ops: string[]; loaded: string | null }[];
    answer.forEach((a, i) => {
      const bytes = Uint8Array.from(Buffer.from(list[i]!.hex, 'hex'));
      expect(a.ops, list[i]!.what).toEqual(disassemble(bytes).map((op) => op.op));
      if (list[i]!.loadable) expect(a.loaded, list[i]!.what).not.toBeNull();
    });
  });
});
