import { describe, expect, it } from 'vitest';
import { defaultParams } from './params';
import { embedCode, shareLink } from './share';

describe('sharing', () => {
  const params = { ...defaultParams(), scenario: 2, seed: 5 };

  it('links to the app at every setting and the step, whatever the current address', () => {
    // Every setting, defaults included: the link means the same run if a default changes.
    const every = 'scenario=2&start=fork&os=linux&py=3.12&call=map&seed=5&mode=lockstep';
    // And the language the page is in, so that the link opens in it.
    expect(shareLink('https://mpviz.example/?scenario=1#x', params, 40)).toBe(
      `https://mpviz.example/?${every}&step=40&lang=en`,
    );
    expect(shareLink('https://mpviz.example/sub/index.html?a=1', params, null)).toBe(
      `https://mpviz.example/sub/index.html?${every}&lang=en`,
    );
  });

  it('writes an iframe of the embed, isolated where the browser allows, with a title', () => {
    const code = embedCode('https://mpviz.example/?scenario=2', params, 40);
    expect(code).toBe(
      '<iframe src="https://mpviz.example/embed.html?scenario=2&amp;start=fork&amp;os=linux&amp;' +
        'py=3.12&amp;call=map&amp;seed=5&amp;mode=lockstep&amp;step=40&amp;lang=en" ' +
        'title="mpviz: scenario 2, Pool with a Manager" allow="cross-origin-isolated" ' +
        'loading="lazy" width="100%" height="640" class="mpviz-frame"></iframe>',
    );
    // What a browser parses out of it is the embed's address.
    const src = /src="([^"]+)"/.exec(code)![1]!.replace(/&amp;/g, '&');
    expect(new URL(src).searchParams.get('step')).toBe('40');
    expect(new URL(src).searchParams.get('lang')).toBe('en');
  });
});
