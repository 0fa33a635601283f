/**
 * Where the walkthrough's scrolling boxes stand, as plain DOM functions: the
 * components call them after each render, and app/first-paint.ts calls them
 * on the page's built markup before its first paint, so that what the learner
 * sees first does not scroll or resize when the app takes the page over.
 */

/**
 * Scrolls the code panel (only) so that its focus line (`data-focus-line`,
 * which CodePanel renders on it) is in view, a third of the way down.
 */
export function keepLineInView(panel: HTMLElement): void {
  const line = panel.dataset.focusLine ?? null;
  const el = line === null ? null : panel.querySelector<HTMLElement>(`[data-line="${line}"]`);
  if (!el) return;
  const top = el.offsetTop;
  if (top < panel.scrollTop || top + el.offsetHeight > panel.scrollTop + panel.clientHeight) {
    panel.scrollTop = Math.max(0, top - panel.clientHeight / 3);
  }
}

/**
 * Scrolls the stage's box (only) so that the current process's card is in
 * view, when the box is smaller than the story (a phone's first screen).
 * `glide`: smoothly, unless motion is reduced.
 */
export function keepCardInView(canvas: HTMLElement, glide: boolean): void {
  const box = canvas.closest<HTMLElement>('.stage');
  const card = canvas.querySelector<HTMLElement>('.story-card[data-current]');
  if (!box || !card || box.scrollHeight <= box.clientHeight) return;
  const inBox = box.getBoundingClientRect();
  const at = card.getBoundingClientRect();
  const margin = 8;
  let by = 0;
  if (at.top < inBox.top + margin || at.height > inBox.height - 2 * margin) {
    by = at.top - inBox.top - margin;
  } else if (at.bottom > inBox.bottom - margin) {
    by = at.bottom - inBox.bottom + margin;
  }
  if (Math.abs(by) < 1) return;
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  box.scrollBy({ top: by, behavior: glide && !reduce ? 'smooth' : 'auto' });
}

/**
 * Sets `--walkthrough-top` on the page (`main.page`) at the walkthrough's
 * distance from the top of the document, so that CSS can size the
 * walkthrough to what the window has left (walkthrough/walkthrough.css).
 */
export function measureWalkthroughTop(page: HTMLElement): void {
  const walkthrough = page.querySelector<HTMLElement>('.walkthrough');
  if (!walkthrough) return;
  const top = walkthrough.getBoundingClientRect().top + window.scrollY;
  page.style.setProperty('--walkthrough-top', `${Math.round(top)}px`);
}
