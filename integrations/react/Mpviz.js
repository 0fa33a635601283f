/**
 * <Mpviz>: an mpviz walkthrough in a React page (Docusaurus, MDX, any React
 * app). A small, dependency-free component (React only) that writes the
 * embed's iframe, as docs/embedding.md documents it:
 *
 *   import { Mpviz } from 'mpviz/react';
 *   <Mpviz base="https://mpviz.example.org/v/0.1.0/" scenario={1} step={171} />
 *   <Mpviz base="…" scenario={3} lang="zh-CN" title="fork 出来的子进程继承同一把锁" />
 *
 * `base` is the pinned release (`…/v/<version>/`): required, so that a later
 * mpviz never changes a published page. Plain ES module, no JSX and no build
 * step, so it works from node_modules and when copied into a site's
 * src/components. No inline style (a host's CSP may refuse one): the frame
 * has the class `mpviz-frame`; give it `border: 0` in the site's CSS.
 *
 * A change of `step` after the embed is ready is sent as a `mpviz:goto`
 * (the frame is not reloaded); any other change loads the embed again.
 * `onMessage` receives every message of the embed (`mpviz:ready`,
 * `mpviz:stepchange`, `mpviz:verdict`, …), from that frame and origin only.
 */
import { createElement, useEffect, useRef, useState } from 'react';

/** Props that become the embed's address parameters, in the app's order. */
const URL_PROPS = [
  ['scenario', 'scenario'],
  ['start', 'start'],
  ['os', 'os'],
  ['py', 'py'],
  ['call', 'call'],
  ['seed', 'seed'],
  ['mode', 'mode'],
  ['lang', 'lang'],
];

/** The embed's languages (`lang=`): English and Simplified Chinese. */
const LANGS = ['en', 'zh-CN'];

/** A prop's value as an error quotes it: at most 40 characters of it. */
function quote(value) {
  const text = String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 32)}…` : text);
}

/** The embed's address for these props, without `step`. */
function embedAddress(base, props) {
  if (typeof base !== 'string' || !/^https?:\/\//.test(base)) {
    throw new Error(
      '<Mpviz>: `base` must be the address of a pinned mpviz release, such as "https://mpviz.example.org/v/0.1.0/"',
    );
  }
  if (props.lang !== undefined && props.lang !== null && !LANGS.includes(props.lang)) {
    throw new Error(
      `<Mpviz>: \`lang\` must be "en" or "zh-CN" (简体中文), not ${quote(props.lang)}`,
    );
  }
  const url = new URL('embed.html', base.endsWith('/') ? base : `${base}/`);
  for (const [prop, name] of URL_PROPS) {
    if (props[prop] !== undefined && props[prop] !== null)
      url.searchParams.set(name, String(props[prop]));
  }
  if (props.autoplay) url.searchParams.set('autoplay', '1');
  if (props.controls === false) url.searchParams.set('controls', '0');
  if (props.theme) url.searchParams.set('theme', props.theme);
  return url;
}

/** The embed's address for these props (with `step`), as the component writes it. */
export function mpvizEmbedUrl(base, props = {}) {
  const url = embedAddress(base, props);
  if (Number.isInteger(props.step)) url.searchParams.set('step', String(props.step));
  return url.toString();
}

export function Mpviz(props) {
  const { base, step, title, height = 640, className = 'mpviz-frame', onMessage } = props;
  const address = embedAddress(base, props).toString();
  // The step the frame was loaded with; later steps are messages, not reloads.
  const [loaded, setLoaded] = useState({ address, step });
  if (loaded.address !== address) setLoaded({ address, step });
  const frame = useRef(null);
  const ready = useRef(false);
  const wanted = useRef(step);
  const listener = useRef(onMessage);
  const origin = new URL(address).origin;

  useEffect(() => {
    listener.current = onMessage;
  });

  useEffect(() => {
    ready.current = false;
    const goto = (n) =>
      frame.current?.contentWindow?.postMessage({ type: 'mpviz:goto', step: n }, origin);
    const onWindowMessage = (e) => {
      if (!frame.current || e.source !== frame.current.contentWindow || e.origin !== origin) return;
      const data = e.data;
      if (typeof data !== 'object' || data === null || typeof data.type !== 'string') return;
      if (!data.type.startsWith('mpviz:')) return;
      if (data.type === 'mpviz:ready') {
        ready.current = true;
        // A step given while the frame was loading.
        if (Number.isInteger(wanted.current) && wanted.current !== loaded.step)
          goto(wanted.current);
      }
      listener.current?.(data);
    };
    window.addEventListener('message', onWindowMessage);
    return () => window.removeEventListener('message', onWindowMessage);
  }, [origin, loaded]);

  useEffect(() => {
    wanted.current = step;
    if (ready.current && Number.isInteger(step)) {
      frame.current?.contentWindow?.postMessage({ type: 'mpviz:goto', step }, origin);
    }
  }, [step, origin]);

  const src = Number.isInteger(loaded.step)
    ? mpvizEmbedUrl(base, { ...props, step: loaded.step })
    : loaded.address;
  return createElement('iframe', {
    ref: frame,
    src,
    title: title ?? `mpviz: Python multiprocessing, scenario ${props.scenario ?? 1}`,
    allow: 'cross-origin-isolated',
    loading: 'lazy',
    width: '100%',
    height,
    className,
  });
}

export default Mpviz;
