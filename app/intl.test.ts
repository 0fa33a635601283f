// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { intlFor, num, plural } from './intl';
import { setLocale } from './locale';
import { compareMessages } from './messages-compare';
import { messages } from './messages';

describe('intlFor', () => {
  it('writes numbers as the locale does, every decimal kept unless told how many', () => {
    const en = intlFor('en');
    expect(en.num(1664)).toBe('1,664');
    expect(en.num(0.1)).toBe('0.1');
    expect(en.num(0.35)).toBe('0.35');
    expect(en.num(2.345, 1)).toBe('2.3');
    expect(en.num(812.6, 0)).toBe('813');
    expect(intlFor('zh-CN').num(1234567)).toBe('1,234,567');
  });

  it('picks the plural form by the locale’s rules, with # as the number', () => {
    const forms = { one: '# handle', other: '# handles' };
    const en = intlFor('en');
    expect([0, 1, 2, 1664].map((n) => en.plural(n, forms))).toEqual([
      '0 handles',
      '1 handle',
      '2 handles',
      '1,664 handles',
    ]);
    // Chinese has one form: `other`, whatever `one` says.
    expect(intlFor('zh-CN').plural(1, { one: 'x', other: '# 个' })).toBe('1 个');
  });
});

describe('the page’s locale', () => {
  afterEach(() => setLocale('en', false));

  it('num and plural follow it', () => {
    expect(num(1664)).toBe('1,664');
    expect(plural(1, { one: '# item', other: '# items' })).toBe('1 item');
    setLocale('zh-CN', true);
    expect(plural(1, { one: '# item', other: '# items' })).toBe('1 items');
  });
});

describe('the English messages', () => {
  it('write their quantities through Intl and choose plurals by its rules', () => {
    expect(messages.stage.handles(1)).toBe('Handle table: 1 handle');
    expect(messages.stage.handles(1664)).toBe('Handle table: 1,664 handles');
    expect(messages.stage.inFlight(1, 1664)).toBe('1 message, 1,664 bytes');
    expect(messages.stage.inFlight(2, 40)).toBe('2 messages, 40 bytes');
    expect(messages.engine.confirmed(3162, 812)).toBe(
      'Real Web Workers in lockstep agree on all 3,162 events (812 ms).',
    );
    expect(messages.walkthrough.position(1200, 3162)).toBe('step 1,200 / 3,162');
    expect(messages.narrate.sleep('MainThread', 0.1)).toBe('MainThread sleeps for 0.1 s.');
    expect(messages.result.processes(1)).toBe('1 process started');
    expect(compareMessages.journey.calls(1, 'SyncManager-1')).toContain('(1 request)');
    expect(compareMessages.journey.calls(1664, 'SyncManager-1')).toContain('(1,664 requests)');
  });

  it('leave the numbers that are names as Python and the address write them', () => {
    expect(messages.result.pid(12345)).toBe('pid 12345');
    expect(messages.stage.fd(1023)).toBe('fd 1023');
    expect(messages.stage.line(1234)).toBe('line 1234');
    expect(messages.result.ranWith({ ...settings, seed: 20261126 })).toContain('seed 20261126');
  });

  it('spell no plural out by hand (count === 1 ? …): Intl.PluralRules chooses', () => {
    // A string, not a URL: jsdom's URL is not the one node:url takes.
    const here = dirname(fileURLToPath(import.meta.url));
    const files = [
      ...readdirSync(join(here, 'messages')).map((f) => join('messages', f)),
      'messages-compare.ts',
      'messages-story.ts',
    ];
    for (const file of files) {
      const text = readFileSync(join(here, file), 'utf8');
      expect(text, file).not.toMatch(/[!=]== 1 \?|\? '1 /);
    }
  });
});

const settings = {
  scenario: 1,
  startMethod: 'fork',
  platform: 'linux',
  python: '3.12',
  call: 'map',
  seed: 1,
} as const;
