// Every key in both locales, and the Chinese really Chinese: a key missing
// on either side, an English sentence left in the zh-CN module, or a
// function that returns English for some input fails here (and the first
// two also fail the typecheck, zh-CN/index.ts).
import { describe, expect, it } from 'vitest';
import { builderMessages } from '../messages-builder';
import { compareMessages } from '../messages-compare';
import { storyMessages } from '../messages-story';
import { intlFor } from '../intl';
import { EXCERPT_MAX, messages } from '../messages';
import { builder, compare, main, provide, story, translate } from './index';

provide({ excerptMax: EXCERPT_MAX, intlFor });

type Tree = Record<string, unknown>;

/** Every leaf's path and value. */
function leaves(tree: unknown, path = ''): [string, unknown][] {
  if (typeof tree !== 'object' || tree === null) return [[path, tree]];
  return Object.entries(tree as Tree).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

const HAN = /\p{Script=Han}/u;
/** Short labels that are the same in both languages: names, code, units. */
const shortOrHan = (text: string): boolean => HAN.test(text) || text.length <= 14;

/** Functions that only put their arguments together (no words of their own). */
const PASS_THROUGH = new Set([
  'narrate.note',
  'switches.scenarioOption',
  'switches.moreSummary',
  'switches.morePython',
]);

/** Arguments of every type a message function takes, tried in turn. */
const SAMPLES: unknown[][] = [
  ['ForkPoolWorker-1', 'MainProcess', 'Lock', 'RuntimeError: x', 'MainThread'],
  [3, 7, 2, 1, 5],
  [1, 'Pool, no Manager', 'fork'],
  ['fork', 'ForkPoolWorker-1', true],
  ['spawn', false],
  ['linux', 'fork', 'ValueError: x', 'spawn'],
  ['x', 'x', 'x', 'x', { call: 'map', thread: 'MainThread' }],
  [{ scenario: 1, startMethod: 'fork', platform: 'linux', python: '3.11', call: 'map', seed: 1 }],
  [
    ['fork', 'spawn'],
    [1, 2],
    [3, 4],
  ],
  [{ kind: 'pipe.write', pid: 1, thread: 'MainThread' }],
];

/** What a function returns for each sample it takes, less the arguments it quotes. */
function results(fn: (...args: unknown[]) => unknown): string[] {
  const out: string[] = [];
  for (const args of SAMPLES) {
    try {
      const r = fn(...args);
      // Not of its types: a string of nonsense.
      if (typeof r !== 'string' || /\[object |undefined|NaN/.test(r)) continue;
      const quoted = args.filter((a) => typeof a !== 'object' || Array.isArray(a));
      out.push(quoted.reduce<string>((text, a) => text.split(String(a)).join(''), r));
    } catch {
      // This sample is not of the function's types.
    }
  }
  return out;
}

describe.each([
  ['the page, walkthrough, stage and narration', messages, main],
  ['the story', storyMessages, story],
  ['the comparison and journeys', compareMessages, compare],
  ['the builder', builderMessages, builder],
])('zh-CN: %s', (_name, english, chinese) => {
  const en = new Map(leaves(english));
  const zh = new Map(leaves(chinese));

  it('has every English key, and no other', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('has a string where English has a string, a function where it has a function', () => {
    for (const [key, value] of en) expect(typeof zh.get(key), key).toBe(typeof value);
  });

  it('is written in Chinese: every sentence has Han characters', () => {
    for (const [key, value] of zh) {
      if (typeof value === 'string') expect(shortOrHan(value), `${key}: ${value}`).toBe(true);
    }
  });

  it('has functions that answer in Chinese for the inputs they take', () => {
    for (const [key, value] of zh) {
      if (typeof value !== 'function' || PASS_THROUGH.has(key)) continue;
      const texts = results(value as (...args: unknown[]) => unknown);
      // Some input gives a sentence: it must be Chinese, or the whole function is a short label.
      expect(
        texts.some((t) => HAN.test(t)) || texts.every((t) => t.length <= 14),
        `${key} → ${texts[0]}`,
      ).toBe(true);
    }
  });
});

describe('pouring zh-CN into the live English objects', () => {
  it('replaces strings in place, so that a module holding a nested part reads Chinese', () => {
    const live = {
      share: { copyLink: 'Copy link', embedTitle: (id: number) => `scenario ${id}` },
      other: 'kept',
    };
    const alias = live.share; // as Share.tsx's `const t = messages.share` holds it
    translate('main', live);
    expect(alias.copyLink).toBe('复制链接');
    expect(alias.embedTitle(2)).toContain('场景 2');
    translate('nothing-of-ours', live);
    expect(live.other).toBe('kept');
  });
});

describe('zh-CN keeps Python as CPython prints it', () => {
  it('quotes the error it is given, unchanged', () => {
    const error =
      'RuntimeError: Lock objects should only be shared between processes through inheritance';
    expect(main.walkthrough.checkpointRefused('task 0', error)).toContain(error);
    expect(main.narrate.pickleRefused('MainThread', 'task 0', error)).toContain(error);
  });

  it('uses the usual terms, with the English one in parentheses where it is introduced', () => {
    expect(main.stops.lock).toContain('信号量（semaphore）');
    expect(main.narrate.mainStart('MainProcess')).toMatch(/进程（process）.*线程（thread）/);
    expect(main.stops.lockAlone).toContain('序列化（pickle）');
    expect(main.walkthrough.checkpointForkHas('ForkPoolWorker-1')).toContain('继承（inheritance）');
    expect(main.narrate.proxyRequest('MainThread', 'acquire', 1)).toContain('管理器（Manager）');
    expect(main.runMany.whyOrder).toContain('队列（Queue）');
  });

  it('names what the model pickles in Chinese, and its names as they are', () => {
    expect(main.walkthrough.checkpointRefused('Task 0', 'RuntimeError: x')).toBe(
      '任务 0 无法序列化：RuntimeError: x',
    );
    expect(main.narrate.pickleDone('MainThread', 'Process object ForkPoolWorker-1', 300)).toContain(
      'ForkPoolWorker-1 的 Process 对象',
    );
    expect(main.story.refusedArrow('the_job')).toContain('the_job');
    // A kernel object in the narration (walkthrough/view.ts): its kind in Chinese, its label as it is.
    expect(main.narrate.object('semaphore', 'Lock')).toBe('信号量“Lock”');
    expect(
      main.narrate.kobjCreate('MainProcess', main.narrate.object('pipe', 'Pool._inqueue')),
    ).toBe('MainProcess 创建 管道“Pool._inqueue”：一个在所有进程之外的内核对象，通过句柄访问。');
  });

  it('writes numbers through Intl', () => {
    expect(main.engine.confirmed(1234, 5)).toContain('1,234');
    expect(main.stage.handles(1)).toBe('句柄表：1 个句柄');
  });
});
