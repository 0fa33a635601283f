// What the zh-CN messages share: scenario titles, platform names, how a
// notice quotes the address. Python's own words (identifiers, errors,
// start methods) stay as CPython spells them.

import type { Platform } from '../../src/sim/trace';
import type { LocaleIntl } from '../intl';

/**
 * What this chunk takes from the first bundle, handed over by locale-load.ts
 * (or a test) before any message is read. A value import of a first-bundle
 * module from here would make the bundler split that module's chunk, and the
 * first page would pay about a kilobyte for it.
 */
export interface Provided {
  /** messages/page.ts's EXCERPT_MAX: the same cut as the English notices. */
  readonly excerptMax: number;
  /** intl.ts's intlFor: this chunk's numbers through the page's cached formatters. */
  readonly intlFor: (locale: string) => LocaleIntl;
}

let provided: Provided | null = null;
export function provide(given: Provided): void {
  provided = given;
}
function get(): Provided {
  if (!provided)
    throw new Error('zh-CN messages read before locale-load.ts provided their helpers');
  return provided;
}

/** Numbers through Intl, as zh-CN writes them (Chinese has no plural forms). */
export const zh: LocaleIntl = {
  num: (n, digits) => get().intlFor('zh-CN').num(n, digits),
  plural: (n, forms) => get().intlFor('zh-CN').plural(n, forms),
};

/** The scenarios' titles (src/sim/scenarios/spec.ts) in Chinese, by id. */
const TITLES: Readonly<Record<number, string>> = {
  1: 'Pool，不用管理器',
  2: 'Pool，用管理器',
  3: '多个 Process，不用管理器',
  4: '多个 Process，用管理器',
  5: '回答里的修改，照原样',
  6: '锁和队列经由 initializer 传入',
};

/** A scenario's title in Chinese (the English one if a new scenario has none yet). */
export const title = (id: number, english: string): string => TITLES[id] ?? english;

export const platformNames: Readonly<Record<Platform, string>> = {
  linux: 'Linux',
  macos: 'macOS',
  windows: 'Windows',
};

/** A measured range, `0.35–0.6`. */
export const range = (values: readonly number[]): string => values.map((v) => zh.num(v)).join('–');

export const msText = (ms: number): string => `${zh.num(Math.max(1, Math.round(ms)))} 毫秒`;

/** The notice's excerpt of text from the address, as page.ts's but in Chinese. */
export const excerpt = (text: string): string =>
  text.length <= get().excerptMax
    ? text
    : `${[...text].slice(0, get().excerptMax - 8).join('')}…（共 ${zh.num(text.length)} 个字符）`;

export const quoted = (name: string, value: string): string =>
  `“${excerpt(name)}=${excerpt(value)}”`;

/** “a、b 和 c”. */
export const list = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('、')} 和 ${items.at(-1)}`;

/**
 * What the model says it pickles or sends (src/sim/mp: `task 3`, `Process
 * object ForkPoolWorker-1`, `response to acquire`…), in Chinese; anything
 * else as it is (a name).
 */
const THINGS: readonly (readonly [RegExp, (...parts: string[]) => string])[] = [
  [/^task (\d+)$/i, (n) => `任务 ${n}`],
  [/^task$/i, () => '任务'],
  [/^result of task (\d+)$/i, (n) => `任务 ${n} 的结果`],
  [/^result$/i, () => '结果'],
  [/^process object (.+)$/i, (name) => `${name} 的 Process 对象`],
  [/^queue item (.+)$/i, (item) => `队列元素 ${item}`],
  [/^queue item$/i, () => '队列元素'],
  [/^request (.+)$/i, (method) => `请求 ${method}`],
  [/^request$/i, () => '请求'],
  [/^response to (.+)$/i, (method) => `对 ${method} 的回复`],
  [/^error response$/i, () => '错误回复'],
  [/^manager address$/i, () => '管理器地址'],
  [/^preparation data$/i, () => '准备数据（preparation data）'],
  [/^sentinel to a worker$/i, () => '发给工作进程的结束标记'],
  [/^sentinel to result handler$/i, () => '发给结果处理线程的结束标记'],
  [/^change notification$/i, () => '变更通知'],
];

export function thing(what: string): string {
  for (const [pattern, say] of THINGS) {
    const m = pattern.exec(what);
    if (m) return say(...m.slice(1));
  }
  return what;
}
