/**
 * Golden traces: one run per scenario (and a few other platforms), written
 * out as one line per event. Any change to the model shows up here as a
 * readable diff; when the change is intended, refresh them with
 * `npx vitest run src/sim/golden.test.ts -u` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from './run';
import type { TraceEvent } from './trace';

const GOLDEN: [string, RunOptions][] = [
  ['scenario-1', { scenario: 1, seed: 1 }],
  ['scenario-2', { scenario: 2, seed: 1 }],
  ['scenario-3', { scenario: 3, seed: 1 }],
  ['scenario-4', { scenario: 4, seed: 1 }],
  ['scenario-5', { scenario: 5, seed: 1 }],
  ['scenario-6', { scenario: 6, seed: 1 }],
  ['scenario-1-imap-macos', { scenario: 1, platform: 'macos', call: 'imap', seed: 1 }],
  ['scenario-3-windows', { scenario: 3, platform: 'windows', seed: 1 }],
  ['scenario-6-py314-forkserver', { scenario: 6, python: '3.14', seed: 1 }],
];

/** One event per line; long byte strings shortened to their length and a checksum. */
export function formatEvent(e: TraceEvent): string {
  const { seq, t, pid, tid, thread, line, fn, kind, ...rest } = e;
  const body = JSON.stringify(rest, (k, v: unknown) =>
    typeof v === 'string' && (k === 'hex' || k === 'partialHex') && v.length > 64
      ? `${v.slice(0, 32)}…(${v.length / 2} bytes, fnv ${fnv(v)})`
      : v,
  );
  return `${seq} ${t} ${pid}/${tid} ${JSON.stringify(thread)} ${line ?? '-'} ${fn ?? '-'} ${kind} ${body}`;
}

function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

describe('golden traces', () => {
  for (const [name, options] of GOLDEN) {
    it(name, async () => {
      const r = runScenario(options);
      const text =
        [JSON.stringify(r.trace.header), ...r.trace.events.map(formatEvent)].join('\n') + '\n';
      await expect(text).toMatchFileSnapshot(`./__golden__/${name}.trace.txt`);
    });
  }
});
