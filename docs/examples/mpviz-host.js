// mpviz-host.js: a docs page's script that drives an mpviz iframe and follows it
// (docs/embedding.md, "The postMessage API"). A file, not an inline script, so
// that a page whose Content-Security-Policy says `script-src 'self'` runs it.
// Load it with <script src="…/mpviz-host.js" defer></script>.
(() => {
  const frame = document.querySelector('iframe.mpviz-frame');
  if (!frame) return;
  const origin = new URL(frame.src).origin;
  const shown = document.querySelector('[data-mpviz-shows]');
  const goto = (step) => frame.contentWindow.postMessage({ type: 'mpviz:goto', step }, origin);

  window.addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow || e.origin !== origin) return;
    const message = e.data;
    // Valid at once: the embed holds a goto until its run is on screen.
    if (message.type === 'mpviz:ready') goto(Number(frame.dataset.gotoOnReady ?? 50));
    if (message.type === 'mpviz:stepchange' && shown) shown.textContent = `step ${message.step}`;
    if (message.type === 'mpviz:verdict') console.log('mpviz verdict:', message.verdict);
  });
  // Buttons of the page that jump to a step: <button data-mpviz-step="171">…</button>
  for (const button of document.querySelectorAll('button[data-mpviz-step]')) {
    button.addEventListener('click', () => goto(Number(button.dataset.mpvizStep)));
  }
})();
