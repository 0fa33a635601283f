/**
 * The story's arrows, measured from the rendered cards: one per process per
 * object it holds (under the cards, so a line leaves its card at the edge
 * that faces the object), the refusal from the task handler to the object
 * it could not pickle, and the step's movement on top (a proxy call as one
 * loop there and back). Hidden from assistive technology: the cards say the
 * same in words.
 */
import { useLayoutEffect, useState, type ReactNode } from 'react';
import type { StoryEffect } from './effect';
import { type Box, type Path, type Point, between, overlaps, routed } from './geometry';
import { anchor } from './keys';
import type { StoryArrow, StoryView } from './step-view';

interface Drawn {
  readonly id: string;
  readonly d: string;
  readonly how: string;
  readonly colour: number;
}

interface DrawnEffect {
  readonly d: string;
  readonly back: string | null;
  readonly kind: string;
  readonly label: string;
  readonly lx: number;
  readonly ly: number;
  /** Put the label to the right of (lx, ly) rather than centred on it. */
  readonly beside: boolean;
}

interface Geometry {
  readonly width: number;
  readonly height: number;
  readonly arrows: readonly Drawn[];
  readonly refusal: string | null;
  readonly effect: DrawnEffect | null;
}

/** Where along a card's edge each object's line leaves it. */
const PORT: Record<string, number> = { lock: 0.25, queue: 0.5, pipe: 0.75 };

function boxOf(canvas: HTMLElement, key: string): Box | null {
  const el = canvas.querySelector(`[data-story-anchor="${key}"]`);
  if (!el) return null;
  const o = canvas.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  // An object inside a manager's card: arrows end at the card's edge, under the object.
  const card = el.hasAttribute('data-inside') ? el.closest('[data-story-anchor^="c:"]') : null;
  const c = card?.getBoundingClientRect();
  if (c) return { left: r.left - o.left, top: c.top - o.top, width: r.width, height: c.height };
  return { left: r.left - o.left, top: r.top - o.top, width: r.width, height: r.height };
}

/**
 * Where an arrow leaves a card's row: the card's edge (arrows leave cards,
 * under them), across the width of the row's list.
 */
function rowBoxOf(canvas: HTMLElement, key: string): Box | null {
  const el = canvas.querySelector(`[data-story-anchor="${key}"]`);
  const card = el?.closest('[data-story-anchor^="c:"]');
  const list = el?.parentElement;
  if (!card || !list) return null;
  const c = boxOf(canvas, card.getAttribute('data-story-anchor')!);
  const o = canvas.getBoundingClientRect();
  const r = list.getBoundingClientRect();
  return c && { left: r.left - o.left, width: r.width, top: c.top, height: c.height };
}

/** The width of an effect's label (13 px text, about 7.4 px a character, and padding). */
const labelWidth = (text: string): number => text.length * 7.4 + 12;
const LABEL_HEIGHT = 22;

/**
 * Where on `path` an effect's label goes: the middle if it covers no card or
 * object there, else the nearest point along the path where it covers none
 * (a line from the parent to a child crosses the objects' band; its label
 * goes in a gap, not over the Lock's text).
 */
function labelSpot(stageWidth: number, obstacles: readonly Box[], path: Path, text: string): Point {
  const w = labelWidth(text);
  const clear = ([x, y]: Point): boolean => {
    const label: Box = {
      left: Math.max(0, Math.min(x - w / 2, stageWidth - w)),
      top: y - LABEL_HEIGHT / 2,
      width: w,
      height: LABEL_HEIGHT,
    };
    return !obstacles.some((b) => overlaps(label, b));
  };
  // Outwards from the middle in small steps (a gap between two rows of boxes is
  // not much taller than the label), towards the end first: nearer what the step did.
  for (let k = 0; k <= 88; k++) {
    const t = 0.5 + (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2) * 0.01;
    const p = path.at(t);
    if (clear(p)) return p;
  }
  return path.at(0.5);
}

/** Every card's and object's box on the stage: what a line or a label must not cover. */
function obstaclesOn(canvas: HTMLElement): Box[] {
  const o = canvas.getBoundingClientRect();
  return [...canvas.querySelectorAll('[data-story-anchor^="c:"], [data-story-anchor^="o:"]')]
    .map((el) => el.getBoundingClientRect())
    .map((r) => ({ left: r.left - o.left, top: r.top - o.top, width: r.width, height: r.height }));
}

function measure(canvas: HTMLElement, story: StoryView): Geometry {
  const obstacles = obstaclesOn(canvas);
  const stageWidth = canvas.clientWidth;
  const arrows: Drawn[] = [];
  // Spread the heads along each object, ordered by where their lines start.
  const byTarget = new Map<string, { a: StoryArrow; from: Box; fx: number }[]>();
  for (const a of story.arrows) {
    const from = rowBoxOf(canvas, a.from);
    if (!from) continue;
    const key = a.to.slice(2);
    const list = byTarget.get(a.to) ?? [];
    list.push({ a, from, fx: PORT[key] ?? 0.5 });
    byTarget.set(a.to, list);
  }
  for (const [target, list] of byTarget) {
    const to = boxOf(canvas, target);
    if (!to) continue;
    list.sort((p, q) => p.from.left + p.from.width * p.fx - (q.from.left + q.from.width * q.fx));
    list.forEach(({ a, from, fx }, i) => {
      const tx = 0.15 + (0.7 * (i + 0.5)) / list.length;
      arrows.push({ id: a.id, d: between(from, to, fx, tx).d, how: a.how, colour: a.colour });
    });
  }

  let refusal: string | null = null;
  const r = story.refusal;
  // A refused function has no object to point at: only a refused object gets the arrow.
  if (r && r.key !== null) {
    const from = boxOf(canvas, anchor.thread(r.pid, r.tid));
    const to = boxOf(canvas, anchor.object(r.key));
    if (from && to) refusal = routed(from, to, 0.5, 0.5, obstacles, stageWidth).d;
  }

  let effect: DrawnEffect | null = null;
  const e: StoryEffect | null = story.effect;
  if (e) {
    const from = e.from.startsWith('h:') ? rowBoxOf(canvas, e.from) : boxOf(canvas, e.from);
    const to = e.to.startsWith('h:') ? rowBoxOf(canvas, e.to) : boxOf(canvas, e.to);
    if (from && to) {
      const port = PORT[(e.from.startsWith('h:') ? e.from : e.to).split(':')[2] ?? ''] ?? 0.5;
      const fx = e.from.startsWith('h:') ? port : 0.5;
      const tx = e.to.startsWith('h:') ? port : 0.5;
      // A proxy call: out on the left, back on the right, the label beside the loop.
      const spread = e.roundTrip ? 0.15 : 0;
      const there = e.roundTrip
        ? between(from, to, fx - spread, tx - spread)
        : routed(from, to, fx, tx, obstacles, stageWidth);
      const back = e.roundTrip ? between(to, from, tx + spread, fx + spread) : null;
      const [lx, ly] = back ? [back.mx, back.my] : labelSpot(stageWidth, obstacles, there, e.label);
      effect = {
        d: there.d,
        back: back?.d ?? null,
        kind: e.kind,
        label: e.label,
        lx,
        ly,
        beside: back !== null,
      };
    }
  }
  return { width: stageWidth, height: canvas.clientHeight, arrows, refusal, effect };
}

export function StoryArrows({
  canvas,
  story,
  step,
}: {
  canvas: HTMLDivElement | null;
  story: StoryView;
  step: number;
}) {
  const [geometry, setGeometry] = useState<Geometry | null>(null);

  useLayoutEffect(() => {
    if (!canvas) return;
    const update = () => setGeometry(measure(canvas, story));
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [canvas, story]);

  if (!geometry) return null;
  const { width, height } = geometry;
  const e = geometry.effect;
  return (
    <>
      <ArrowLayer layer="under" marker="story-head" head={7} width={width} height={height}>
        {geometry.arrows.map((a) => (
          <path
            key={a.id}
            className="story-arrow"
            d={a.d}
            data-how={a.how}
            style={{ stroke: `var(--proc-${a.colour})` }}
            markerEnd="url(#story-head)"
          />
        ))}
      </ArrowLayer>
      <ArrowLayer layer="over" marker="story-head-over" head={6} width={width} height={height}>
        {geometry.refusal && (
          <path
            className="story-arrow-refused"
            d={geometry.refusal}
            markerEnd="url(#story-head-over)"
          />
        )}
        {e && (
          <g key={step} className="story-effect" data-kind={e.kind}>
            {/* Drawn from where it starts by CSS (story.css), so framer-motion stays out of the first picture. */}
            <path
              d={e.d}
              pathLength={1}
              className="story-effect-path story-draw"
              markerEnd="url(#story-head-over)"
            />
            {e.back && (
              <path
                d={e.back}
                pathLength={1}
                className="story-effect-path story-effect-back story-draw story-draw-late"
                markerEnd="url(#story-head-over)"
              />
            )}
            {e.kind !== 'refused' && (
              <EffectLabel x={e.lx} y={e.ly} text={e.label} beside={e.beside} width={width} />
            )}
          </g>
        )}
      </ArrowLayer>
    </>
  );
}

function EffectLabel({
  x,
  y,
  text,
  beside,
  width,
}: {
  x: number;
  y: number;
  text: string;
  beside: boolean;
  width: number;
}) {
  const w = labelWidth(text);
  // Beside a loop: to its right, or to its left near the right edge; kept inside the stage.
  const left = beside ? (x + 10 + w > width ? x - 10 - w : x + 10) : x - w / 2;
  const clamped = Math.max(0, Math.min(left, width - w));
  return (
    <g className="story-effect-label" transform={`translate(${clamped},${y - LABEL_HEIGHT / 2})`}>
      <rect width={w} height={LABEL_HEIGHT} rx={4} />
      <text x={w / 2} y={15} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

/** One SVG layer over the canvas, with its arrowhead (which takes each path's stroke colour). */
function ArrowLayer({
  layer,
  marker,
  head,
  width,
  height,
  children,
}: {
  layer: 'under' | 'over';
  marker: string;
  head: number;
  width: number;
  height: number;
  children: ReactNode;
}) {
  return (
    <svg
      className={`story-arrows story-arrows-${layer}`}
      aria-hidden="true"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <defs>
        <marker
          id={marker}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth={head}
          markerHeight={head}
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
        </marker>
      </defs>
      {children}
    </svg>
  );
}
