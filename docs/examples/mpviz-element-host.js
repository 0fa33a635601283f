// mpviz-element-host.js: the same for <mpviz-embed> (docs/embedding.md): its
// methods post the commands, its events carry the embed's messages.
// Load it with <script src="…/mpviz-element-host.js" defer></script>.
(() => {
  const viz = document.querySelector('mpviz-embed');
  if (!viz) return;
  const shown = document.querySelector('[data-mpviz-shows]');
  // Valid at once: the element keeps commands until the embed is ready, and the
  // embed holds a goto until its run is on screen.
  viz.addEventListener('ready', () => viz.goto(Number(viz.dataset.gotoOnReady ?? 50)));
  viz.addEventListener('stepchange', (e) => {
    if (shown) shown.textContent = `step ${e.detail.step}`;
  });
  viz.addEventListener('verdict', (e) => console.log('mpviz verdict:', e.detail.verdict));
  for (const button of document.querySelectorAll('button[data-mpviz-step]')) {
    button.addEventListener('click', () => viz.goto(Number(button.dataset.mpvizStep)));
  }
})();
