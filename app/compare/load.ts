/**
 * The comparison's code, loaded on demand: the view itself (for an address
 * with `compare=`) and the page's links to it (and the language switch and
 * the Compose button, also fetched by every page after its first picture), in one chunk (so that the
 * page's initial JavaScript lists one chunk for both). Their styles come
 * with the page's (CSS is not the initial JavaScript, and a chunk without
 * CSS costs the initial JavaScript less to list).
 */
import './compare.css';
import './links.css';
import '../walkthrough/story/journeys.css';

export const loadCompare = () => import('./start');
export const loadCompareLinks = () => import('./start').then((m) => ({ default: m.CompareLinks }));
/** The header's language switch (components/LanguageSwitch.tsx): small, and not in the first picture. */
export const loadLanguageSwitch = () =>
  import('./start').then((m) => ({ default: m.LanguageSwitch }));
/** The settings bar's Compose button (the builder's own chunk loads when it is pressed). */
export const loadComposeButton = () =>
  import('./start').then((m) => ({ default: m.ComposeButton }));
/**
 * The reader of scenario documents (builder/address.ts), and for an address
 * with `doc=`, at once: through this chunk, which every page fetches anyway,
 * so that the first bundle names no other.
 */
export const loadAddress = () => import('./start').then((m) => m.loadAddress());
export const loadDocumentReader = async (search: string = window.location.search) => {
  if (!new URLSearchParams(search).has('doc')) return;
  // Offline, or a deploy replaced the chunk: `doc=` is then ignored, and the seed shown.
  await loadAddress().catch(() => null);
};
export const loadJourneys = () => import('./start').then((m) => ({ default: m.JourneysPanel }));
