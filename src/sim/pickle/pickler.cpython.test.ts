/**
 * Byte-for-byte comparison with CPython: one python3 call pickles every
 * sample with the real `ForkingPickler` (and `pickle.dumps(v, 5)`), builds the
 * real multiprocessing objects, reports the exceptions for unpicklable
 * functions, and runs `pickletools.dis` on our own output.
 *
 * Skipped (with a warning) when python3 is not CPython 3.11, the version the
 * project models.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { global, tuple, type PyObject, type PyValue } from '../python';
import { hex } from './codec';
import { disassemble, formatDis } from './disassemble';
import { dumps, PicklingFailure, type PicklerOptions, type Reduction } from './pickler';
import {
  frameBoundarySample,
  largeSamples,
  lockProxy,
  mpReduce,
  plainSamples,
  token,
  type Sample,
} from './samples.fixture';

const ORACLE = fileURLToPath(new URL('./cpython-oracle.py', import.meta.url));

function pythonVersion(): string | null {
  try {
    return execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const version = pythonVersion();
const haveCPython311 = version !== null && /^Python 3\.11\./.test(version);
if (!haveCPython311) {
  console.warn(`pickle CPython comparison skipped: need python3 = CPython 3.11, found ${version}`);
}

// --- the request ---------------------------------------------------------------

/** The tagged JSON form cpython-oracle.py decodes (see its docstring). */
function toOracle(root: PyValue, reduce: (obj: PyObject) => Reduction): unknown {
  const ids = new Map<object, number>();
  const encode = (v: PyValue): unknown => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return { int: BigInt(v).toString() };
    const seen = ids.get(v);
    if (seen !== undefined) return { ref: seen };
    if (v instanceof Uint8Array) {
      const id = ids.size;
      ids.set(v, id);
      // Fillers of the framing tests: no need to ship 64 KiB of zeros as hex.
      if (v.length >= 1024 && v.every((b) => b === 0)) return { zeros: v.length, id };
      return { bytes: hex(v), id };
    }
    switch (v.t) {
      case 'float': {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, v.v);
        return { float: hex(b) };
      }
      case 'global':
        return { global: [v.module, v.qualname] };
      case 'tuple':
      case 'list': {
        const id = ids.size;
        ids.set(v, id);
        return { [v.t]: v.items.map(encode), id };
      }
      case 'dict': {
        const id = ids.size;
        ids.set(v, id);
        return { dict: v.entries.map(([k, x]) => [encode(k), encode(x)]), id };
      }
      case 'obj': {
        const id = ids.size;
        ids.set(v, id);
        const r = reduce(v);
        return {
          obj: {
            id,
            kind: r.kind,
            callable: encode(r.kind === 'newobj' ? r.cls : r.callable),
            args: r.args.map(encode),
            state: r.state === undefined ? null : encode(r.state),
          },
        };
      }
    }
  };
  return encode(root);
}

/** A CPython pickle: hex, or over 8 KiB its length, SHA-256 and both ends. */
type OraclePickle = string | { length: number; sha256: string; head: string; tail: string };

interface OracleAnswer {
  cases: Record<string, OraclePickle>;
  special: Record<string, OraclePickle>;
  errors: Record<
    string,
    { type: string; message: string; address: number; module: string; qualname: string } | null
  >;
  dis: Record<string, { text: string; ops: string[] } | { error: string; text: string }>;
}

const options: PicklerOptions = { reduce: mpReduce };

const boundarySamples = Array.from({ length: 100 }, (_, k) => frameBoundarySample(65440 + k));
const protocol4Samples: Sample[] = [...plainSamples(), ...largeSamples(), ...boundarySamples];
const protocol5Samples: Sample[] = plainSamples().filter((s) =>
  [
    'ints',
    'str unicode',
    'bytes 256',
    'floats',
    'pool task',
    'dict 1001',
    'plain instance',
  ].includes(s.name),
);
protocol5Samples.push(...largeSamples().slice(0, 2));

const specials: Record<string, () => PyValue> = {
  token: () => token('Lock', '/tmp/x', '7f56cdc42d40'),
  plain: () => plainSamples().find((s) => s.name === 'plain instance')!.value,
  plain_empty: () => plainSamples().find((s) => s.name === 'plain instance empty')!.value,
  plain_twice: () => {
    const p = plainSamples().find((s) => s.name === 'plain instance twice')!.value;
    // The python side pickles (p, p); take the first two items of our (p, p, [p]).
    const items = (p as { items: PyValue[] }).items;
    return tuple(items[0]!, items[1]!);
  },
  lock_proxy: lockProxy,
};

/** Our pickles that pickletools should read back exactly as formatDis shows them. */
const disSamples: Sample[] = [
  ...plainSamples().filter((s) => !s.name.startsWith('int ')),
  ...largeSamples().slice(0, 3),
  ...Object.entries(specials).map(([name, make]) => ({ name: `special ${name}`, value: make() })),
];

let answer: OracleAnswer;

/**
 * null when `ours` is exactly CPython's pickle; otherwise where they first
 * differ (large pickles would flood the report if compared as whole strings).
 */
function difference(ours: Uint8Array, theirs: OraclePickle | undefined): string | null {
  if (theirs === undefined) return 'CPython gave no answer';
  const oursHex = hex(ours);
  if (typeof theirs !== 'string') {
    const sha = createHash('sha256').update(ours).digest('hex');
    if (ours.length === theirs.length && sha === theirs.sha256) return null;
    const head = oursHex.slice(0, theirs.head.length);
    const tail = oursHex.slice(-theirs.tail.length);
    return (
      `lengths ${ours.length} vs ${theirs.length}; ` +
      (head !== theirs.head ? `heads differ: ours ${head} CPython ${theirs.head}` : 'heads agree') +
      '; ' +
      (tail !== theirs.tail ? `tails differ: ours ${tail} CPython ${theirs.tail}` : 'tails agree')
    );
  }
  if (oursHex === theirs) return null;
  let i = 0;
  while (i < oursHex.length && oursHex[i] === theirs[i]) i++;
  const at = i - (i % 2);
  const window = (h: string): string => h.slice(Math.max(0, at - 40), at + 40);
  return (
    `lengths ${ours.length} vs ${theirs.length / 2}, first difference at byte ${at / 2}: ` +
    `ours ...${window(oursHex)}... CPython ...${window(theirs)}...`
  );
}

describe.skipIf(!haveCPython311)('pickler matches CPython 3.11 byte for byte', () => {
  beforeAll(() => {
    const request = {
      cases: [
        ...protocol4Samples.map((s) => ({ name: s.name, value: toOracle(s.value, mpReduce) })),
        ...protocol5Samples.map((s) => ({
          name: `p5 ${s.name}`,
          value: toOracle(s.value, mpReduce),
          protocol: 5,
        })),
      ],
      special: Object.keys(specials),
      errors: ['lambda', 'local', 'local_lambda', 'missing'],
      dis: Object.fromEntries(disSamples.map((s) => [s.name, hex(dumps(s.value, options))])),
    };
    const out = execFileSync('python3', [ORACLE], {
      input: JSON.stringify(request),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    answer = JSON.parse(out) as OracleAnswer;
  });

  it.each(plainSamples().map((s) => [s.name, s] as const))('protocol 4: %s', (_name, sample) => {
    expect(difference(dumps(sample.value, options), answer.cases[sample.name])).toBeNull();
  });

  it.each(largeSamples().map((s) => [s.name, s] as const))(
    'protocol 4, over 64 KiB: %s',
    (_name, sample) => {
      expect(difference(dumps(sample.value, options), answer.cases[sample.name])).toBeNull();
    },
  );

  it('frame boundaries fall exactly where CPython puts them', () => {
    const mismatches = boundarySamples
      .map((s) => [s.name, difference(dumps(s.value, options), answer.cases[s.name])])
      .filter(([, diff]) => diff !== null);
    expect(mismatches).toEqual([]);
  });

  it.each(protocol5Samples.map((s) => [s.name, s] as const))('protocol 5: %s', (_name, sample) => {
    const ours = dumps(sample.value, { ...options, protocol: 5 });
    expect(difference(ours, answer.cases[`p5 ${sample.name}`])).toBeNull();
  });

  it.each(Object.entries(specials))('real multiprocessing object: %s', (name, make) => {
    expect(difference(dumps(make(), options), answer.special[name])).toBeNull();
  });

  it('the manager Lock proxy is the 175 bytes of the brief', () => {
    expect((answer.special.lock_proxy as string).length / 2).toBe(175);
  });

  it.each([
    ['lambda', global('__main__', '<lambda>')],
    ['local', global('__main__', 'outer.<locals>.inner')],
    ['local_lambda', global('__main__', 'outer.<locals>.<lambda>')],
    ['missing', global('__main__', 'does_not_exist')],
  ] as const)('unpicklable function (%s) raises what CPython raises', (name, fn) => {
    const expected = answer.errors[name]!;
    expect(expected).not.toBeNull();
    expect([fn.module, fn.qualname]).toEqual([expected.module, expected.qualname]);
    const resolveGlobal = (g: typeof fn): boolean =>
      g.qualname !== 'does_not_exist' && !g.qualname.includes('<');
    let failure: unknown;
    try {
      dumps(tuple(0, 1, fn), { addressOf: () => expected.address, resolveGlobal });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(PicklingFailure);
    const { exception } = failure as PicklingFailure;
    expect(exception.pyType).toBe(expected.type);
    expect(exception.pyMessage).toBe(expected.message);
    expect(exception.frames).toEqual([]);
  });

  it.each(disSamples.map((s) => [s.name, s] as const))(
    'pickletools.dis reads our %s pickle as formatDis shows it',
    (name, sample) => {
      const dis = answer.dis[name]!;
      expect('error' in dis ? dis.error : null).toBeNull();
      if ('error' in dis) return;
      const ours = dumps(sample.value, options);
      expect(disassemble(ours).map((op) => op.op)).toEqual(dis.ops);
      expect(formatDis(ours)).toBe(dis.text);
    },
  );
});
