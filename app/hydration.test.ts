// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canHydrate, discardPrerendered, replayEarlyInput } from './hydration';
import { defaultParams, toSearch } from './params';
import { createRunStore } from './store';

const BUILT = toSearch(defaultParams(), null, { every: true }).slice(1);

/** A page as index.html is built: the settings' <meta>, and #root with markup. */
function builtPage({ shown = true }: { shown?: boolean } = {}): HTMLElement {
  document.head.innerHTML = `<meta name="mpviz-prerendered" content="${BUILT}">`;
  document.body.innerHTML =
    `<div id="root" data-prerendered${shown ? ' data-shown' : ''}>` +
    '<main><button id="next">Next</button><select id="scenario"><option value="1">1</option>' +
    '<option value="3">3</option></select></main></div>';
  return document.getElementById('root')!;
}

const store = (search: string, isolated = true) =>
  createRunStore({ search, isolated, writeSearch: () => {} });

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  delete window.__mpvizEarlyInput;
});

describe('canHydrate', () => {
  it('takes over the markup built for the settings the address asks for', () => {
    expect(canHydrate(builtPage(), store(''))).toBe(true);
    expect(canHydrate(builtPage(), store('?scenario=1&start=fork'))).toBe(true);
  });

  it('does not for other settings, a step, a notice, or a page that is not isolated', () => {
    expect(canHydrate(builtPage(), store('?scenario=3'))).toBe(false);
    expect(canHydrate(builtPage(), store('?step=12'))).toBe(false);
    expect(canHydrate(builtPage(), store('?scenario=99'))).toBe(false);
    expect(canHydrate(builtPage(), store('', false))).toBe(false);
  });

  it('does not when first-paint.ts has not shown it, or there is nothing built', () => {
    expect(canHydrate(builtPage({ shown: false }), store(''))).toBe(false);
    const root = builtPage();
    root.replaceChildren();
    expect(canHydrate(root, store(''))).toBe(false);
    const noMeta = builtPage();
    document.head.innerHTML = '';
    expect(canHydrate(noMeta, store(''))).toBe(false);
  });
});

describe('early input', () => {
  it('is played back on the same elements, in order, once', () => {
    const root = builtPage();
    const clicked = vi.fn();
    const changed = vi.fn();
    root.querySelector('#next')!.addEventListener('click', clicked);
    root
      .querySelector('#scenario')!
      .addEventListener('change', (e) => changed((e.target as HTMLSelectElement).value));
    window.__mpvizEarlyInput = {
      done: false,
      events: [
        { type: 'click', path: [0, 0] },
        { type: 'change', path: [0, 1], value: '3' },
        { type: 'click', path: [0, 0] },
      ],
    };
    replayEarlyInput(root);
    expect(clicked).toHaveBeenCalledTimes(2);
    expect(changed).toHaveBeenCalledWith('3');
    expect(window.__mpvizEarlyInput.done).toBe(true);
    replayEarlyInput(root);
    expect(clicked).toHaveBeenCalledTimes(2);
  });

  it('is dropped with built markup the page does not use', () => {
    const root = builtPage();
    window.__mpvizEarlyInput = { done: false, events: [{ type: 'click', path: [0, 0] }] };
    discardPrerendered(root);
    expect(root.childElementCount).toBe(0);
    expect(root.dataset.prerendered).toBeUndefined();
    expect(window.__mpvizEarlyInput.done).toBe(true);
    expect(window.__mpvizEarlyInput.events).toEqual([]);
  });
});
