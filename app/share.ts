/**
 * What "Copy link" and "Copy embed code" copy: the app's address at these
 * settings and step, and an iframe of the embed at the same state. Pure.
 */
import { embedUrl } from './embed/options';
import { messages } from './messages';
import { toSearch, type PageParams } from './params';
import { specOf } from '../src/sim/scenarios';

/** The app's page (its address without query or hash) from any address of it. */
function appPage(href: string): URL {
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  return url;
}

/** A link to this state of the app: every setting, the step, and the page's language. */
export function shareLink(href: string, params: PageParams, step: number | null): string {
  const url = appPage(href);
  url.search = toSearch(params, step, { every: true });
  return url.toString();
}

/** Escapes text for a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * An iframe of the embed at this state, ready to paste into any HTML page
 * (docs/embedding.md has the variants for Sphinx, MkDocs and Docusaurus).
 * `allow="cross-origin-isolated"` lets Chromium isolate it on hosts that
 * send no headers. No `style` attribute (a host's CSP may refuse inline
 * styles): the class `mpviz-frame` is for the site's CSS (`border: 0`).
 */
export function embedCode(href: string, params: PageParams, step: number | null): string {
  const page = new URL('embed.html', appPage(href)).toString();
  const src = embedUrl(page, params, step);
  const spec = specOf(params);
  const title = messages.share.embedTitle(spec.id, spec.title);
  return (
    `<iframe src="${attribute(src)}" title="${attribute(title)}" ` +
    'allow="cross-origin-isolated" loading="lazy" width="100%" height="640" ' +
    'class="mpviz-frame"></iframe>'
  );
}
