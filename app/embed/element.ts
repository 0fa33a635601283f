/**
 * `<mpviz-embed>`: one tag for docs authors. Load this script once
 * (`<script type="module" src="https://…/mpviz-embed.js">`), then write
 *
 *   <mpviz-embed scenario="1" start="fork" step="171"></mpviz-embed>
 *
 * and the element writes the iframe (with `allow="cross-origin-isolated"`, so
 * Chromium can isolate it even on a page that sends no headers, and a title)
 * and forwards the embed's postMessage API:
 *
 * - methods `goto(step)`, `play()`, `pause()`, `setScenario(n)`,
 *   `setParams({...})`, `setDocument(doc)`, and the property `state` (the last state reported);
 * - events `ready`, `stepchange`, `verdict`, `confirmation`, `state` and `refused`, whose
 *   `detail` is the embed's message (docs/embedding.md).
 *
 * Attributes: the app's address parameters (scenario, doc, start, os, py,
 * call, seed, mode, step, compare, lang), the embed's (autoplay, controls, theme), `height`
 * (CSS length, default 640px), `src` (another embed page) and `title`.
 *
 * Commands sent before the embed says `ready` are kept and posted, in order,
 * when it does (the embed itself holds step commands until its run is on
 * screen), so `el.goto(50)` right after the tag is written lands.
 *
 * Styles: no inline `style` attribute and no `<style>` element, which a
 * host's Content-Security-Policy (`style-src` without 'unsafe-inline') would
 * block. The iframe lives in the element's shadow root, styled by a
 * constructed stylesheet (`:host` is a block with a margin above and below,
 * so two tags in a row have a gap; the host's own CSS for `mpviz-embed`
 * overrides it), and sized through the CSSOM. Children of the tag (a
 * fallback link) show only where the script does not run.
 *
 * Plain DOM, no framework: it is the only file a docs page loads from mpviz
 * besides the iframe.
 */
import type { MpvizState } from '../api';
import type { Command, EmbedEvent } from './protocol';

/** Attributes that become the embed's address parameters, under the same names. */
const URL_ATTRIBUTES = [
  'scenario',
  'doc',
  'start',
  'os',
  'py',
  'call',
  'seed',
  'mode',
  'step',
  'autoplay',
  'controls',
  'theme',
  'compare',
  'lang',
] as const;

/** The embed page next to this script (in a build), or the dev server's. */
function defaultEmbedPage(): string {
  // Resolved at run time, against wherever the script was loaded from.
  return import.meta.env.DEV
    ? new URL(/* @vite-ignore */ '/embed.html', import.meta.url).toString()
    : new URL(/* @vite-ignore */ './embed.html', import.meta.url).toString();
}

/** The element's shadow styles (constructed: a host's CSP does not govern them). */
const SHADOW_CSS = `
:host { display: block; margin-block: 1.5em; }
:host([hidden]) { display: none; }
iframe { display: block; width: 100%; border: 0; }
`;

let sheet: CSSStyleSheet | null | undefined;
function shadowSheet(): CSSStyleSheet | null {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(SHADOW_CSS);
    } catch {
      sheet = null; // No constructable stylesheets: the CSSOM styles below still apply.
    }
  }
  return sheet;
}

export class MpvizEmbedElement extends HTMLElement {
  static readonly observedAttributes = [...URL_ATTRIBUTES, 'src', 'height', 'title'];
  /** The mpviz release this script belongs to (package.json's version at build time). */
  static readonly version: string =
    typeof __MPVIZ_VERSION__ === 'string' ? __MPVIZ_VERSION__ : 'dev';

  #iframe: HTMLIFrameElement | null = null;
  #origin = '';
  #state: MpvizState | null = null;
  #ready = false;
  /** Commands given before the embed said ready, posted when it does. */
  #pending: Command[] = [];

  readonly #onMessage = (e: MessageEvent): void => {
    if (!this.#iframe || e.source !== this.#iframe.contentWindow || e.origin !== this.#origin) {
      return;
    }
    const data = e.data as Partial<EmbedEvent> | null;
    if (typeof data !== 'object' || data === null || typeof data.type !== 'string') return;
    if (!data.type.startsWith('mpviz:')) return;
    if (data.state) this.#state = data.state;
    if (data.type === 'mpviz:ready') {
      this.#ready = true;
      const pending = this.#pending;
      this.#pending = [];
      for (const command of pending) this.#post(command);
    }
    this.dispatchEvent(new CustomEvent(data.type.slice('mpviz:'.length), { detail: data }));
  };

  /** The last state the embed reported (null before it is ready). */
  get state(): MpvizState | null {
    return this.#state;
  }

  /** Whether the embed has said `ready` since its page was (re)loaded. */
  get ready(): boolean {
    return this.#ready;
  }

  goto(step: number): void {
    this.#post({ type: 'mpviz:goto', step });
  }

  play(): void {
    this.#post({ type: 'mpviz:play' });
  }

  pause(): void {
    this.#post({ type: 'mpviz:pause' });
  }

  setScenario(scenario: number): void {
    this.#post({ type: 'mpviz:setScenario', scenario });
  }

  setParams(params: Extract<Command, { type: 'mpviz:setParams' }>['params']): void {
    this.#post({ type: 'mpviz:setParams', params });
  }

  /** A composed scenario: a scenario document, or `doc=`'s text (a `refused` event says why not). */
  setDocument(document: unknown): void {
    this.#post({ type: 'mpviz:setDocument', document });
  }

  connectedCallback(): void {
    window.addEventListener('message', this.#onMessage);
    if (!this.#iframe) {
      this.#iframe = document.createElement('iframe');
      // Lets Chromium isolate the embed (Document-Isolation-Policy) on any host page.
      this.#iframe.allow = 'cross-origin-isolated';
      this.#iframe.loading = 'lazy';
      // The CSSOM, not a style attribute: CSP's style-src does not govern it.
      this.#iframe.style.width = '100%';
      this.#iframe.style.border = '0';
      this.#iframe.style.display = 'block';
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const styles = shadowSheet();
      if (styles) root.adoptedStyleSheets = [styles];
      else this.style.display = 'block';
      root.append(this.#iframe);
    }
    this.#render();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.#onMessage);
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (!this.#iframe || before === after) return;
    // A step is a message away once the embed is ready; anything else reloads it.
    if (name === 'step' && after !== null && this.#ready && /^\d+$/.test(after)) {
      this.goto(Number(after));
      return;
    }
    this.#render();
  }

  #post(command: Command): void {
    if (!this.#ready) {
      this.#pending.push(command);
      return;
    }
    this.#iframe?.contentWindow?.postMessage(command, this.#origin);
  }

  #render(): void {
    const iframe = this.#iframe;
    if (!iframe) return;
    const url = new URL(this.getAttribute('src') ?? defaultEmbedPage(), document.baseURI);
    for (const name of URL_ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null) url.searchParams.set(name, value);
    }
    this.#origin = url.origin;
    iframe.title =
      this.getAttribute('title') ??
      `mpviz: Python multiprocessing, scenario ${this.getAttribute('scenario') ?? '1'}`;
    iframe.style.height = this.getAttribute('height') ?? '640px';
    if (iframe.src !== url.toString()) {
      this.#ready = false;
      iframe.src = url.toString();
    }
  }
}

declare const __MPVIZ_VERSION__: string | undefined;

if (!customElements.get('mpviz-embed')) customElements.define('mpviz-embed', MpvizEmbedElement);

declare global {
  interface HTMLElementTagNameMap {
    'mpviz-embed': MpvizEmbedElement;
  }
}
