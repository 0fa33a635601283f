import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORMS, PYTHON_VERSIONS, validStartMethods } from '../src/sim/platforms';
import {
  CALLS,
  MODES,
  SEED_MAX,
  defaultParams,
  parseParams,
  parseStep,
  toSearch,
  updateParams,
  withIsolation,
  type PageParams,
} from './params';

const texts = (search: string): string[] => parseParams(search).notices.map((n) => n.text);

describe('parseParams', () => {
  it('gives the defaults for an empty query, without notices', () => {
    for (const search of ['', '?']) {
      expect(parseParams(search)).toEqual({
        params: {
          scenario: 1,
          startMethod: 'fork',
          platform: 'linux',
          python: '3.12',
          call: 'map',
          seed: 1,
          mode: 'lockstep',
        },
        notices: [],
      });
    }
  });

  it('reads every parameter', () => {
    expect(
      parseParams('?scenario=3&start=spawn&os=macos&py=3.11&call=imap&seed=7&mode=free'),
    ).toEqual({
      params: {
        scenario: 3,
        startMethod: 'spawn',
        platform: 'macos',
        python: '3.11',
        call: 'imap',
        seed: 7,
        mode: 'free',
      },
      notices: [],
    });
  });

  it.each([
    ['linux', '3.11', 'fork'],
    ['linux', '3.12', 'fork'],
    ['linux', '3.13', 'fork'],
    ['linux', '3.14', 'forkserver'],
    ['macos', '3.11', 'spawn'],
    ['macos', '3.14', 'spawn'],
    ['windows', '3.12', 'spawn'],
    ['windows', '3.14', 'spawn'],
  ])('defaults the start method on %s with Python %s to %s', (os, py, start) => {
    const { params, notices } = parseParams(`?os=${os}&py=${py}`);
    expect(params.startMethod).toBe(start);
    expect(notices).toEqual([]);
  });

  it('accepts the edges of the seed range and tolerates case in names of things', () => {
    expect(parseParams('?seed=0').params.seed).toBe(0);
    expect(parseParams(`?seed=${SEED_MAX}`).params.seed).toBe(SEED_MAX);
    expect(parseParams('?os=Windows&call=IMAP').params).toMatchObject({
      platform: 'windows',
      call: 'imap',
    });
  });

  it('explains a bad scenario', () => {
    expect(texts('?scenario=9')).toEqual([
      '“scenario=9” is not a scenario (1–6); showing scenario 1.',
    ]);
    for (const bad of ['0', '7', 'one', '1.5', '', ' 2', '-1']) {
      const { params, notices } = parseParams(`?scenario=${encodeURIComponent(bad)}`);
      expect(params.scenario).toBe(1);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.text).toContain(`“scenario=${bad}”`);
    }
  });

  it('explains a start method the OS does not have, with CPython’s error', () => {
    const { params, notices } = parseParams('?os=windows&start=fork');
    expect(params).toMatchObject({ platform: 'windows', startMethod: 'spawn' });
    expect(notices.map((n) => n.text)).toEqual([
      'Windows has no “fork” start method (CPython: ValueError: cannot find context for ' +
        "'fork'); using spawn.",
    ]);
    expect(texts('?os=windows&start=forkserver')[0]).toContain('Windows has no “forkserver”');
  });

  it('falls back to the default for the OS and Python it did understand', () => {
    const { params, notices } = parseParams('?py=3.14&start=thread');
    expect(params.startMethod).toBe('forkserver');
    expect(notices.map((n) => n.text)).toEqual([
      '“start=thread” is not a start method (fork, spawn, forkserver); using forkserver.',
    ]);
  });

  it('explains every other bad value and every unknown parameter', () => {
    expect(texts('?os=beos')).toEqual([
      '“os=beos” is not an operating system mpviz models (linux, macos, windows); using Linux.',
    ]);
    expect(texts('?py=2.7')).toEqual([
      '“py=2.7” is not a Python version mpviz models (3.11, 3.12, 3.13, 3.14); using Python 3.12.',
    ]);
    expect(texts('?call=starmap')).toEqual([
      '“call=starmap” is not a Pool call mpviz models (map, imap); using map.',
    ]);
    expect(texts('?mode=fast')).toEqual([
      '“mode=fast” is not a scheduling mode (lockstep, free); using lockstep.',
    ]);
    for (const bad of ['-3', '1.5', 'abc', '4294967296', '1e3', '']) {
      expect(texts(`?seed=${bad}`)).toEqual([
        `“seed=${bad}” is not a seed (a whole number from 0 to 4294967295); using seed 1.`,
      ]);
    }
    expect(texts('?zzz=1')).toEqual([
      '“zzz” is not a setting mpviz reads from the address; it was ignored.',
    ]);
  });

  it('handles several problems at once, keeping what it understood', () => {
    const { params, notices } = parseParams('?scenario=9&os=windows&start=fork&seed=-3&zzz=1');
    expect(params).toEqual({ ...defaultParams(), platform: 'windows', startMethod: 'spawn' });
    expect(notices.map((n) => n.param)).toEqual(['scenario', 'start', 'seed', 'zzz']);
    expect(new Set(notices.map((n) => n.id)).size).toBe(notices.length);
  });

  it('uses the first of repeated parameters and says so', () => {
    const { params, notices } = parseParams('?scenario=2&scenario=3');
    expect(params.scenario).toBe(2);
    expect(notices.map((n) => n.text)).toEqual([
      '“scenario” appears more than once in the address; using the first, “scenario=2”.',
    ]);
  });
});

describe('toSearch', () => {
  it('writes nothing for the defaults', () => {
    expect(toSearch(defaultParams())).toBe('');
  });

  it('writes only what differs, in a stable order', () => {
    expect(
      toSearch({
        mode: 'free',
        seed: 7,
        call: 'imap',
        python: '3.11',
        platform: 'macos',
        startMethod: 'fork',
        scenario: 3,
      }),
    ).toBe('?scenario=3&start=fork&os=macos&py=3.11&call=imap&seed=7&mode=free');
    expect(toSearch({ ...defaultParams(), seed: 0 })).toBe('?seed=0');
  });

  it('compares the start method with the default of its OS and Python', () => {
    expect(toSearch({ ...defaultParams(), python: '3.14', startMethod: 'forkserver' })).toBe(
      '?py=3.14',
    );
    expect(toSearch({ ...defaultParams(), python: '3.14', startMethod: 'fork' })).toBe(
      '?start=fork&py=3.14',
    );
    expect(toSearch({ ...defaultParams(), platform: 'windows', startMethod: 'spawn' })).toBe(
      '?os=windows',
    );
  });

  const validParams: fc.Arbitrary<PageParams> = fc
    .record({
      scenario: fc.integer({ min: 1, max: 6 }),
      platform: fc.constantFrom(...PLATFORMS),
      python: fc.constantFrom(...PYTHON_VERSIONS),
      call: fc.constantFrom(...CALLS),
      seed: fc.integer({ min: 0, max: SEED_MAX }),
      mode: fc.constantFrom(...MODES),
      pick: fc.nat(),
    })
    .map(({ pick, ...rest }) => {
      const methods = validStartMethods(rest.platform);
      return { ...rest, startMethod: methods[pick % methods.length]! };
    });

  it('round-trips through parseParams without notices', () => {
    fc.assert(
      fc.property(validParams, (params) => {
        expect(parseParams(toSearch(params))).toEqual({ params, notices: [] });
      }),
    );
  });
});

describe('updateParams', () => {
  const base = defaultParams();

  it('changes what it is given', () => {
    expect(updateParams(base, { scenario: 4, seed: 9, mode: 'free' })).toEqual({
      params: { ...base, scenario: 4, seed: 9, mode: 'free' },
      notices: [],
    });
  });

  it('keeps a default start method the default when the OS or Python changes', () => {
    expect(updateParams(base, { python: '3.14' }).params.startMethod).toBe('forkserver');
    expect(updateParams(base, { platform: 'macos' }).params.startMethod).toBe('spawn');
  });

  it('keeps a chosen start method when the new OS has it', () => {
    const spawnOnLinux = { ...base, startMethod: 'spawn' as const };
    expect(updateParams(spawnOnLinux, { python: '3.14' }).params.startMethod).toBe('spawn');
    const forkOn314 = { ...base, python: '3.14' as const, startMethod: 'fork' as const };
    expect(updateParams(forkOn314, { platform: 'macos' }).params.startMethod).toBe('fork');
  });

  it('replaces a start method the new OS lacks, quietly unless it was asked for', () => {
    const forkserver = { ...base, startMethod: 'forkserver' as const };
    expect(updateParams(forkserver, { platform: 'windows' })).toEqual({
      params: { ...base, platform: 'windows', startMethod: 'spawn' },
      notices: [],
    });
    const { params, notices } = updateParams(base, { platform: 'windows', startMethod: 'fork' });
    expect(params.startMethod).toBe('spawn');
    expect(notices.map((n) => n.text)).toEqual([
      "Windows has no “fork” start method (CPython: ValueError: cannot find context for 'fork'); using spawn.",
    ]);
  });

  it('drops values that are not valid, with a notice, when called from plain JavaScript', () => {
    const partial = { scenario: 42, seed: -1, call: 'starmap' } as unknown as Partial<PageParams>;
    const { params, notices } = updateParams(base, partial);
    expect(params).toEqual(base);
    expect(notices.map((n) => n.param)).toEqual(['scenario', 'call', 'seed']);
  });
});

describe('the step', () => {
  it('reads step=N, and nothing else, as a step', () => {
    expect(parseStep('?step=40')).toBe(40);
    expect(parseStep('?scenario=2&step=0')).toBe(0);
    expect(parseStep('')).toBeNull();
    expect(parseStep('?step=-1')).toBeNull();
    expect(parseStep('?step=4.5')).toBeNull();
  });

  it('is a known parameter; a bad one leaves a notice', () => {
    expect(texts('?step=40')).toEqual([]);
    expect(texts('?step=x')).toEqual([
      '“step=x” is not a step (a whole number from 0 to 10000000, and at most the run’s last step); showing the last step.',
    ]);
    // Past the real limit, the notice names it.
    expect(texts('?step=99999999999')[0]).toContain('from 0 to 10000000');
  });

  it('is written last, when given', () => {
    expect(toSearch(defaultParams(), 40)).toBe('?step=40');
    expect(toSearch({ ...defaultParams(), scenario: 2 }, 0)).toBe('?scenario=2&step=0');
    expect(toSearch(defaultParams(), null)).toBe('');
  });
});

describe('the language', () => {
  it('is a known parameter, in any spelling of a locale mpviz has; another leaves a notice', () => {
    expect(texts('?lang=zh-CN')).toEqual([]);
    expect(texts('?scenario=3&lang=zh_cn')).toEqual([]);
    expect(texts('?lang=en')).toEqual([]);
    expect(texts('?lang=fr')).toEqual([
      '“lang=fr” is not a language mpviz speaks (en, zh-CN); using English.',
    ]);
    // It is not a setting of the run: the settings are the same with or without it.
    expect(parseParams('?scenario=3&lang=zh-CN').params).toEqual(parseParams('?scenario=3').params);
  });

  it('is written after the step, when given, and not when the page follows the browser', () => {
    expect(toSearch(defaultParams(), 40, { lang: 'zh-CN' })).toBe('?step=40&lang=zh-CN');
    expect(toSearch({ ...defaultParams(), scenario: 3 }, null, { lang: 'en' })).toBe(
      '?scenario=3&lang=en',
    );
    // No locale was named (none is, in a test): old addresses stay as they were.
    expect(toSearch({ ...defaultParams(), scenario: 3 }, 7)).toBe('?scenario=3&step=7');
    // Every setting (a shared link): the page's language too.
    expect(toSearch(defaultParams(), null, { every: true })).toMatch(/&mode=lockstep&lang=en$/);
  });
});

describe('raw text from the address, in a notice', () => {
  it('is quoted whole when short, and cut to a bounded excerpt with its length when long', () => {
    expect(texts('?seed=abc')[0]).toContain('“seed=abc”');
    const long = 'A'.repeat(300);
    const [text] = texts(`?seed=${long}`);
    expect(text).toContain(`“seed=${'A'.repeat(32)}… (300 characters)”`);
    expect(text!.length).toBeLessThan(160);
    const [unknown] = texts(`?${'x'.repeat(148_000)}=1`);
    expect(unknown).toContain('(148,000 characters)');
    expect(unknown!.length).toBeLessThan(160);
  });

  it('every notice stays short, whatever the address holds (seeded)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('scenario', 'seed', 'start', 'os', 'py', 'call', 'mode', 'step', 'zz'),
          fc.string({ minLength: 0, maxLength: 2000, unit: 'binary' }),
        ),
        (entries) => {
          const search = new URLSearchParams(entries).toString();
          for (const n of parseParams(search).notices) expect(n.text.length).toBeLessThan(260);
        },
      ),
      { seed: 20_261_201, numRuns: 200 },
    );
  });
});

describe('free mode without isolation', () => {
  it('becomes lockstep with a notice, since the model kernel runs with its schedule', () => {
    const parsed = parseParams('?mode=free&seed=3');
    const off = withIsolation(parsed, false);
    expect(off.params).toEqual({ ...parsed.params, mode: 'lockstep' });
    expect(off.notices.map((n) => n.param)).toEqual(['mode']);
    expect(off.notices[0]!.text).toMatch(/cross-origin isolated/);
    expect(withIsolation(parsed, true)).toBe(parsed);
    const lockstep = parseParams('?seed=3');
    expect(withIsolation(lockstep, false)).toBe(lockstep);
  });
});
