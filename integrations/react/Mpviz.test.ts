// @vitest-environment jsdom
/**
 * <Mpviz> (Mpviz.js), the component for Docusaurus/MDX pages: the iframe it
 * writes, on the server and in the browser, and its step and messages.
 */
import { act, cleanup, render } from '@testing-library/react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Mpviz, mpvizEmbedUrl, type MpvizProps } from './Mpviz.js';

const BASE = 'https://mpviz.example.org/v/0.1.0/';

afterEach(cleanup);

function mount(props: Partial<MpvizProps> = {}) {
  const view = render(createElement(Mpviz, { base: BASE, ...props }));
  const iframe = view.container.querySelector('iframe')!;
  const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
  /** A message from the embed, as the browser would deliver it. */
  const fromEmbed = (
    data: unknown,
    source: unknown = iframe.contentWindow,
    origin = new URL(BASE).origin,
  ) =>
    act(() => {
      window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
    });
  const rerender = (more: Partial<MpvizProps>) =>
    view.rerender(createElement(Mpviz, { base: BASE, ...props, ...more }));
  return { iframe, post, fromEmbed, rerender };
}

describe('<Mpviz>', () => {
  it('writes the embed’s iframe: pinned address, title, isolation, no inline style', () => {
    const html = renderToStaticMarkup(
      createElement(Mpviz, { base: BASE, scenario: 1, step: 171, start: 'fork', theme: 'dark' }),
    );
    expect(html).toBe(
      '<iframe src="https://mpviz.example.org/v/0.1.0/embed.html?scenario=1&amp;start=fork&amp;theme=dark&amp;step=171"' +
        ' title="mpviz: Python multiprocessing, scenario 1" allow="cross-origin-isolated" loading="lazy"' +
        ' width="100%" height="640" class="mpviz-frame"></iframe>',
    );
    expect(html).not.toContain('style=');
  });

  it('takes the app’s parameters and the embed’s own', () => {
    expect(
      mpvizEmbedUrl(BASE, {
        scenario: 6,
        start: 'spawn',
        os: 'macos',
        py: '3.11',
        call: 'imap',
        seed: 7,
        mode: 'free',
        lang: 'zh-CN',
        step: 0,
        autoplay: true,
        controls: false,
      }),
    ).toBe(
      `${BASE}embed.html?scenario=6&start=spawn&os=macos&py=3.11&call=imap&seed=7&mode=free&lang=zh-CN&autoplay=1&controls=0&step=0`,
    );
    expect(mpvizEmbedUrl(BASE, { scenario: 1, lang: 'en' })).toBe(
      `${BASE}embed.html?scenario=1&lang=en`,
    );
    expect(mpvizEmbedUrl('https://mpviz.example.org/v/0.1.0')).toBe(`${BASE}embed.html`);
  });

  it('takes only the languages the embed speaks, and says which (quoting at most 40 characters)', () => {
    const bad = (lang: unknown) => () =>
      renderToStaticMarkup(createElement(Mpviz, { base: BASE, lang } as unknown as MpvizProps));
    expect(bad('fr')).toThrow('<Mpviz>: `lang` must be "en" or "zh-CN" (简体中文), not "fr"');
    // The embed reads zh, zh-Hans… from an address; a prop is the documented value, exactly.
    expect(bad('zh')).toThrow(/not "zh"$/);
    expect(bad('x'.repeat(5000))).toThrow(new RegExp(`not "${'x'.repeat(32)}…"$`));
    expect(renderToStaticMarkup(createElement(Mpviz, { base: BASE, lang: 'zh-CN' }))).toContain(
      'embed.html?lang=zh-CN"',
    );
  });

  it('needs a pinned base address', () => {
    expect(() => renderToStaticMarkup(createElement(Mpviz, { base: '' }))).toThrow(
      /pinned mpviz release/,
    );
  });

  it('a new step after ready is a goto; before ready it waits for ready', () => {
    const { iframe, post, fromEmbed, rerender } = mount({ scenario: 1, step: 171 });
    const src = iframe.src;
    rerender({ step: 50 });
    expect(post).not.toHaveBeenCalled();
    fromEmbed({ type: 'mpviz:ready', version: 1 });
    expect(post).toHaveBeenLastCalledWith(
      { type: 'mpviz:goto', step: 50 },
      'https://mpviz.example.org',
    );
    rerender({ step: 60 });
    expect(post).toHaveBeenLastCalledWith(
      { type: 'mpviz:goto', step: 60 },
      'https://mpviz.example.org',
    );
    // The frame was not reloaded for a step.
    expect(iframe.src).toBe(src);
    // Another setting loads the embed again, at the step given then.
    rerender({ step: 60, scenario: 3 });
    expect(iframe.src).toBe(`${BASE}embed.html?scenario=3&step=60`);
  });

  it('passes the embed’s messages on, and no one else’s', () => {
    const onMessage = vi.fn();
    const { fromEmbed } = mount({ onMessage });
    fromEmbed({ type: 'mpviz:stepchange', step: 3 });
    fromEmbed({ type: 'mpviz:stepchange', step: 4 }, window);
    fromEmbed({ type: 'mpviz:stepchange', step: 5 }, undefined, 'https://evil.example');
    fromEmbed('mpviz:ready');
    fromEmbed({ type: 'other:thing' });
    expect(onMessage.mock.calls).toEqual([[{ type: 'mpviz:stepchange', step: 3 }]]);
  });
});
