import { describe, expect, it } from 'vitest';
import { defaultParams } from '../params';
import { appUrl, embedUrl, parseEmbedOptions } from './options';

describe('embed options', () => {
  it('takes its own parameters out of the query and leaves the app’s', () => {
    const { options, rest } = parseEmbedOptions('?scenario=2&autoplay=1&theme=dark&step=40');
    expect(options).toEqual({ autoplay: true, controls: true, theme: 'dark' });
    expect(rest).toBe('?scenario=2&step=40');
    expect(parseEmbedOptions('?controls=0&theme=purple&autoplay=maybe')).toEqual({
      options: { autoplay: false, controls: false, theme: 'auto' },
      rest: '',
    });
    expect(parseEmbedOptions('?embed=1').rest).toBe('');
  });

  it('links to the full app and to the embed at the same state', () => {
    const params = { ...defaultParams(), scenario: 3, startMethod: 'spawn' as const };
    const rest = 'os=linux&py=3.12&call=map&seed=1&mode=lockstep';
    // The language last: the page's (English here; e2e/zh.spec.ts has Chinese).
    expect(appUrl('https://mpviz.example/', params, 12)).toBe(
      `https://mpviz.example/?scenario=3&start=spawn&${rest}&step=12&lang=en`,
    );
    expect(appUrl('https://mpviz.example/docs/', defaultParams(), null)).toBe(
      `https://mpviz.example/docs/?scenario=1&start=fork&${rest}&lang=en`,
    );
    expect(
      embedUrl('https://mpviz.example/embed.html', params, null, {
        autoplay: true,
        theme: 'light',
      }),
    ).toBe(
      `https://mpviz.example/embed.html?scenario=3&start=spawn&${rest}&lang=en&autoplay=1&theme=light`,
    );
  });
});
