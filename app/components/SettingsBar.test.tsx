// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunStore } from '../store';
import { RunStoreProvider } from '../store-context';
import { SettingsBar } from './SettingsBar';

function renderAt(search: string) {
  const store = createRunStore({
    search,
    isolated: true,
    startRun: () => {
      throw new Error('not in this test');
    },
    writeSearch: () => {},
  });
  render(
    <RunStoreProvider store={store}>
      <SettingsBar />
    </RunStoreProvider>,
  );
  return screen.getByRole('button', { name: /^More settings/ });
}

/** The parts of the summary a phone folds away (settings.css: `[data-default]`). */
const folded = (button: HTMLElement): string[] =>
  [...button.querySelectorAll('[data-default]')].map((e) => e.textContent ?? '');

describe('the folded settings’ summary', () => {
  afterEach(cleanup);

  it('names every setting, and lets a phone fold the default Python and OS away', () => {
    const button = renderAt('');
    expect(button.textContent).toBe('More settings: fork · 3.12 · Linux');
    expect(folded(button)).toEqual([' · 3.12', ' · Linux']);
  });

  it('keeps a Python version or an OS that is not the default in sight', () => {
    const button = renderAt('?py=3.13&os=macos');
    expect(button.textContent).toBe('More settings: spawn · 3.13 · macOS');
    expect(folded(button)).toEqual([]);
  });
});
