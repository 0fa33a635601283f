/**
 * The comparison's code, loaded on demand: the view itself (for an address
 * with `compare=`) and the page's links to it (and the language switch,
 * also fetched by every page after its first picture), in one chunk (so that the
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
export const loadJourneys = () => import('./start').then((m) => ({ default: m.JourneysPanel }));
