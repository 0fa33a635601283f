import { describe, expect, it } from 'vitest';
import { defaultParams } from './params';
import { embedCode, shareLink } from './share';

describe('sharing', () => {
  const params = { ...defaultParams(), scenario: 2, seed: 5 };

  it('links to the app at the settings and step, whatever the current address', () => {
    expect(shareLink('https://mpviz.example/?scenario=1#x', params, 40)).toBe(
      'https://mpviz.example/?scenario=2&seed=5&step=40',
    );
    expect(shareLink('https://mpviz.example/sub/index.html?a=1', params, null)).toBe(
      'https://mpviz.example/sub/index.html?scenario=2&seed=5',
    );
  });

  it('writes an iframe of the embed, isolated where the browser allows, with a title', () => {
    const code = embedCode('https://mpviz.example/?scenario=2', params, 40);
    expect(code).toBe(
      '<iframe src="https://mpviz.example/embed.html?scenario=2&amp;seed=5&amp;step=40" ' +
        'title="mpviz: scenario 2, Pool with a Manager" allow="cross-origin-isolated" ' +
        'loading="lazy" width="100%" height="640" style="border: 0"></iframe>',
    );
    // What a browser parses out of it is the embed's address.
    const src = /src="([^"]+)"/.exec(code)![1]!.replace(/&amp;/g, '&');
    expect(new URL(src).searchParams.get('step')).toBe('40');
  });
});
