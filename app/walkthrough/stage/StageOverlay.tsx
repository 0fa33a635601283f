/**
 * What is drawn over the stage: lines from the focused process's handles to
 * their kernel objects, and the token that carries this step's movement
 * (bytes down a pipe, a proxy call to its manager and back, fork's copy of
 * memory) from where it comes from to where it goes. Positions are measured
 * from the rendered cards after layout; nothing here decides semantics.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { placeKey, type StageEffect, type StagePlace } from './model';
import { animateElement, useReducedMotion } from './motion';

interface Point {
  readonly x: number;
  readonly y: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function centre(el: Element, origin: DOMRect, where: 'top' | 'bottom' | 'middle'): Point {
  const r = el.getBoundingClientRect();
  const y = where === 'top' ? r.top : where === 'bottom' ? r.bottom : r.top + r.height / 2;
  return { x: r.left + r.width / 2 - origin.left, y: y - origin.top };
}

function find(canvas: HTMLElement, key: string): Element | null {
  return canvas.querySelector(`[data-stage="${key}"]`);
}

/** A thread that has no row (it exited) is reached through its process's card. */
function findPlace(canvas: HTMLElement, place: StagePlace): Element | null {
  const exact = find(canvas, placeKey(place));
  if (exact) return exact;
  return place.at === 'thread' ? find(canvas, `p:${place.pid}`) : null;
}

function curve(from: Point, to: Point): string {
  const dy = Math.max(30, (to.y - from.y) / 2);
  return `M ${from.x} ${from.y} C ${from.x} ${from.y + dy}, ${to.x} ${to.y - dy}, ${to.x} ${to.y}`;
}

function pathTo(from: Point, to: Point, strong: boolean): SVGPathElement {
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', curve(from, to));
  if (strong) path.setAttribute('data-strong', 'true');
  return path;
}

/**
 * Draws the focused card's links. By default: one faint curve from each row
 * of its handle table to the family of objects in the band, and a strong
 * curve from the handle in use (or under the pointer) to its very object; a
 * Pool worker holds twenty handles, and twenty curves hide the story. With
 * `everyHandle`, one curve per handle to its own object. The SVG is updated
 * directly: it mirrors the measured DOM, so routing it through React state
 * would only render every step twice.
 */
function drawLinks(
  svg: SVGSVGElement,
  canvas: HTMLElement,
  focusPid: number | null,
  strongHandles: readonly number[],
  everyHandle: boolean,
): void {
  const origin = canvas.getBoundingClientRect();
  svg.setAttribute('width', String(canvas.scrollWidth));
  svg.setAttribute('height', String(canvas.scrollHeight));
  const paths: SVGPathElement[] = [];
  const card = focusPid === null ? null : find(canvas, `p:${focusPid}`);
  const toObject = (chip: HTMLElement, strong: boolean) => {
    const target = find(canvas, `o:${chip.dataset.obj}`);
    if (target)
      paths.push(pathTo(centre(chip, origin, 'bottom'), centre(target, origin, 'top'), strong));
  };
  if (everyHandle) {
    for (const chip of card?.querySelectorAll<HTMLElement>('.stage-handle[data-obj]') ?? [])
      toObject(chip, strongHandles.includes(Number(chip.dataset.handle)));
  } else {
    for (const row of card?.querySelectorAll<HTMLElement>('[data-family]') ?? []) {
      const family = find(canvas, `f:${row.dataset.family}`);
      const name = row.firstElementChild;
      if (!family || !name) continue;
      paths.push(pathTo(centre(name, origin, 'bottom'), centre(family, origin, 'top'), false));
    }
    for (const handle of strongHandles) {
      const chip = card?.querySelector<HTMLElement>(`.stage-handle[data-handle="${handle}"]`);
      if (chip) toObject(chip, true);
    }
  }
  svg.replaceChildren(...paths);
}

interface Props {
  readonly canvasRef: RefObject<HTMLDivElement | null>;
  readonly step: number;
  /** The step was reached by Next or Play (animate its movement), not by a jump. */
  readonly forward: boolean;
  readonly focusPid: number | null;
  /** Handles of the focused process drawn strong: the one the step used, the one pointed at. */
  readonly strongHandles: readonly number[];
  /** One line per handle, rather than one per family plus the handle in use. */
  readonly everyHandle: boolean;
  readonly effect: StageEffect | null;
  /** Bumped when cards settle after an animation, to measure again. */
  readonly settled: number;
  readonly speed: number;
}

export function StageOverlay(props: Props) {
  const { canvasRef, step, forward, focusPid, strongHandles, everyHandle, effect, settled, speed } =
    props;
  const reduceMotion = useReducedMotion();
  const svgRef = useRef<SVGSVGElement>(null);
  const tokenRef = useRef<HTMLDivElement>(null);
  const label = effect?.label ?? '';

  // Lines: after every layout, and whenever the canvas changes size.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const svg = svgRef.current;
    if (!canvas || !svg) return;
    const redraw = () => drawLinks(svg, canvas, focusPid, strongHandles, everyHandle);
    redraw();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(redraw);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [canvasRef, step, focusPid, strongHandles, everyHandle, settled]);

  // The token: only when moving forward (Next, Play), and never with reduced motion.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const el = tokenRef.current;
    if (!canvas || !el) return;
    // Hidden through framer itself, so no commit of a stopped flight lands after it
    // (before framer is loaded no flight has started: the style is enough).
    const hide = () => {
      el.style.opacity = '0';
      animateElement(el, { opacity: 0 }, { duration: 0 });
    };
    if (!effect || !forward || reduceMotion) {
      hide();
      return;
    }
    const toEl = findPlace(canvas, effect.to);
    if (!toEl) {
      hide();
      return;
    }
    const origin = canvas.getBoundingClientRect();
    const to = centre(toEl, origin, 'middle');
    const fromEl = effect.from ? findPlace(canvas, effect.from) : null;
    const from = fromEl ? centre(fromEl, origin, 'middle') : to;
    el.dataset.kind = effect.kind;
    const controls = animateElement(
      el,
      {
        x: [from.x, to.x],
        y: [from.y, to.y],
        opacity: [0, 1, 1, 0],
        scale: fromEl ? [0.8, 1] : [1.4, 1],
      },
      { duration: Math.min(0.9, 0.55 / speed), ease: 'easeInOut' },
    );
    return () => controls.stop();
  }, [canvasRef, step, forward, effect, reduceMotion, speed]);

  return (
    <>
      <svg ref={svgRef} className="stage-links" aria-hidden="true" />
      <div ref={tokenRef} className="stage-token" aria-hidden="true" style={{ opacity: 0 }}>
        <span>{label}</span>
      </div>
    </>
  );
}
