// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createRunStore } from '../store';
import { discardPrerender, matchingPrerender, revealPrerender } from './hydrate';
import { prerenderKey } from './key';

const stateOf = (search: string, isolated = true) =>
  createRunStore({ search, isolated, writeSearch: () => {} }).getState();

function rootWith(key: string | null, step = 59): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = '<p aria-label="Narration">prerendered</p>';
  if (key !== null) {
    root.dataset.prerendered = key;
    root.dataset.prerenderedStep = String(step);
  }
  return root;
}

describe('matchingPrerender', () => {
  const key = prerenderKey(stateOf(''))!;

  it('is the prerendered step for the same settings on the same kind of page', () => {
    expect(matchingPrerender(rootWith(key), stateOf(''))).toBe(59);
    expect(matchingPrerender(rootWith(key), stateOf('?scenario=1'))).toBe(59);
    expect(matchingPrerender(rootWith(key), stateOf('?scenario=1&step=59'))).toBe(59);
  });

  it('is null for other settings, another step, no isolation, a notice or no prerender', () => {
    expect(matchingPrerender(rootWith(key), stateOf('?scenario=2'))).toBeNull();
    expect(matchingPrerender(rootWith(key), stateOf('?seed=2'))).toBeNull();
    expect(matchingPrerender(rootWith(key), stateOf('?step=60'))).toBeNull();
    expect(matchingPrerender(rootWith(key), stateOf('', false))).toBeNull();
    expect(matchingPrerender(rootWith(key), stateOf('?scenario=99'))).toBeNull();
    expect(matchingPrerender(rootWith(null), stateOf(''))).toBeNull();
    expect(matchingPrerender(rootWith(key, Number.NaN), stateOf(''))).toBeNull();
  });
});

describe('revealPrerender and discardPrerender', () => {
  it('reveal keeps the HTML (React hydrated it) and drops the marks that hide it', () => {
    const root = rootWith('?k');
    revealPrerender(root);
    expect(root.textContent).toBe('prerendered');
    expect(root.hasAttribute('data-prerendered')).toBe(false);
    expect(root.hasAttribute('data-prerendered-step')).toBe(false);
  });

  it('discard removes the HTML and the marks; a root without a prerender is left alone', () => {
    const root = rootWith('?k');
    discardPrerender(root);
    expect(root.childNodes).toHaveLength(0);
    expect(root.hasAttribute('data-prerendered')).toBe(false);
    const plain = rootWith(null);
    discardPrerender(plain);
    expect(plain.textContent).toBe('prerendered');
  });
});
