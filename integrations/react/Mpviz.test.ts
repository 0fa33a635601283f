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
        step: 0,
        autoplay: true,
        controls: false,
      }),
    ).toBe(
      `${BASE}embed.html?scenario=6&start=spawn&os=macos&py=3.11&call=imap&seed=7&mode=free&autoplay=1&controls=0&step=0`,
    );
    expect(mpvizEmbedUrl('https://mpviz.example.org/v/0.1.0')).toBe(`${BASE}embed.html`);
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
