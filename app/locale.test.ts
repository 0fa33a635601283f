// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  currentLocale,
  namedLocale,
  parseLang,
  pickLocale,
  registerMessages,
  setLocale,
} from './locale';

describe('parseLang', () => {
  it('reads the tags a browser or an address gives for Simplified Chinese and English', () => {
    for (const tag of [
      'zh',
      'zh-CN',
      'zh-cn',
      'zh_CN',
      'zh-Hans',
      'zh-Hans-CN',
      'zh-SG',
      ' ZH-CN ',
    ]) {
      expect(parseLang(tag), tag).toBe('zh-CN');
    }
    for (const tag of ['en', 'en-US', 'en-GB', 'EN']) expect(parseLang(tag), tag).toBe('en');
  });

  it('has no locale for the rest (Traditional Chinese included: it is not this translation)', () => {
    for (const tag of ['fr', 'zh-TW', 'zh-Hant', 'zh-HK', '', 'english']) {
      expect(parseLang(tag), tag).toBeNull();
    }
  });
});

describe('pickLocale', () => {
  it('takes the address first, then the browser’s languages in order, then English', () => {
    expect(pickLocale('?lang=zh-CN', ['en-US'])).toEqual({ locale: 'zh-CN', named: true });
    expect(pickLocale('?lang=en', ['zh-CN'])).toEqual({ locale: 'en', named: true });
    expect(pickLocale('?scenario=3', ['fr-FR', 'zh-CN', 'en'])).toEqual({
      locale: 'zh-CN',
      named: false,
    });
    expect(pickLocale('', ['de', 'fr'])).toEqual({ locale: 'en', named: false });
    // A language mpviz lacks is not a choice: the browser's decides (params.ts leaves a notice).
    expect(pickLocale('?lang=fr', ['zh'])).toEqual({ locale: 'zh-CN', named: false });
  });
});

describe('setLocale', () => {
  afterEach(() => setLocale('en', false));
  /** A locale's pour, as a chunk gives it (messages-zh-CN/index.ts's `translate`). */
  const pourer =
    (parts: Record<string, Record<string, unknown>>) =>
    (name: string, part: object): void => {
      const own = parts[name];
      if (own) Object.assign(part, own);
    };

  it('has the locale pour its strings into every registered object', () => {
    const live = registerMessages('test-a', { a: 'one' });
    setLocale('zh-CN', true, pourer({ 'test-a': { a: '一' } }));
    expect(live.a).toBe('一');
    expect(currentLocale()).toBe('zh-CN');
    expect(namedLocale()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('translates an object registered after the locale was set (a chunk loaded later)', () => {
    setLocale('zh-CN', false, pourer({ 'test-b': { title: '对比' } }));
    const later = registerMessages('test-b', { title: 'Compare' });
    expect(later.title).toBe('对比');
    expect(namedLocale()).toBeNull();
  });
});
