/**
 * The story's arrows as geometry, free of the DOM: boxes in, paths out.
 * StoryArrows measures the rendered cards and objects and draws what this
 * computes, so the routing can be tested without a browser.
 */

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export type Point = readonly [number, number];

export interface Path {
  /** SVG path data. */
  readonly d: string;
  /** The middle of the path's ends, where a label beside a loop goes. */
  readonly mx: number;
  readonly my: number;
  /** The point at `t` along the path, 0 at its start and 1 at its end. */
  readonly at: (t: number) => Point;
}

const right = (b: Box): number => b.left + b.width;
const bottom = (b: Box): number => b.top + b.height;
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

/** A cubic Bézier from p0 to p3 (controls p1, p2): its path and its point at t. */
function bezier(p0: Point, p1: Point, p2: Point, p3: Point): Pick<Path, 'd' | 'at'> {
  return {
    d: `M${p0[0]},${p0[1]} C${p1[0]},${p1[1]} ${p2[0]},${p2[1]} ${p3[0]},${p3[1]}`,
    at: (t) => {
      const u = 1 - t;
      const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
      return [
        a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
        a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
      ];
    },
  };
}

/** A vertical S-curve from p to q: leaves and arrives vertically. */
const sCurve = (p: Point, q: Point): Pick<Path, 'd' | 'at'> => {
  const dy = (q[1] - p[1]) / 2;
  return bezier(p, [p[0], p[1] + dy], [q[0], q[1] - dy], q);
};

/** Whether two boxes are in one row (a line between them leaves and enters by their sides). */
const sideBySide = (a: Box, b: Box): boolean =>
  Math.abs(a.top - b.top) < Math.min(a.height, b.height) / 2;

/** From the edge of `from` that faces `to`, to the facing edge of `to`. */
export function between(from: Box, to: Box, fx: number, tx: number): Path {
  const x1 = from.left + from.width * fx;
  const x2 = to.left + to.width * tx;
  const below = from.top > to.top + to.height / 2;
  const y1 = below ? from.top : bottom(from);
  const y2 = below ? bottom(to) : to.top;
  if (sideBySide(from, to)) {
    // Side by side: leave and enter by the sides.
    const rightwards = from.left < to.left;
    const sx = rightwards ? right(from) : from.left;
    const ex = rightwards ? to.left : right(to);
    const sy = from.top + from.height / 2;
    const ey = to.top + to.height / 2;
    const mx = (sx + ex) / 2;
    return { ...bezier([sx, sy], [mx, sy], [mx, ey], [ex, ey]), mx, my: (sy + ey) / 2 };
  }
  return { ...sCurve([x1, y1], [x2, y2]), mx: (x1 + x2) / 2, my: (y1 + y2) / 2 };
}

/** How far a line keeps from the boxes it passes between, where the gap allows. */
const CLEARANCE = 4;
/** The narrowest gap a line may pass through (a 2 px line and a pixel either side). */
const MIN_GAP = 4;

const inside = ([x, y]: Point, b: Box): boolean =>
  x > b.left && x < right(b) && y > b.top && y < bottom(b);

/** Whether two boxes share any area (touching edges do not). */
export const overlaps = (a: Box, b: Box): boolean =>
  a.left < right(b) && b.left < right(a) && a.top < bottom(b) && b.top < bottom(a);

/** Whether `path` runs through any of `boxes` (sampled finely enough for cards and objects). */
export function crosses(path: Pick<Path, 'at'>, boxes: readonly Box[]): boolean {
  for (let k = 1; k < 100; k++) {
    const p = path.at(k / 100);
    if (boxes.some((b) => inside(p, b))) return true;
  }
  return false;
}

/**
 * A line from one card to another in a different row, routed through a gap
 * in the rows between them, so it never runs across an object's text (the
 * parent above the objects, a child below them: the line between them went
 * diagonally through the Lock and the Queue). `obstacles` are every card and
 * object on the stage; the two ends, and boxes that overlap them, are not in
 * the way. The direct line when it crosses nothing, or when no gap exists.
 */
export function routed(
  from: Box,
  to: Box,
  fx: number,
  tx: number,
  obstacles: readonly Box[],
  stageWidth: number,
): Path {
  const direct = between(from, to, fx, tx);
  const inTheWay = obstacles.filter((b) => !overlaps(b, from) && !overlaps(b, to));
  if (!crosses(direct, inTheWay)) return direct;
  const downwards = from.top < to.top;
  const y1 = downwards ? bottom(from) : from.top;
  const y2 = downwards ? to.top : bottom(to);
  const [lo, hi] = downwards ? [y1, y2] : [y2, y1];
  const band = inTheWay.filter((b) => b.top < hi && bottom(b) > lo);
  if (band.length === 0 || sideBySide(from, to)) {
    return direct;
  }
  // The band's free columns, between the boxes in it: a line keeps CLEARANCE
  // from their edges, or runs down the middle of a gap narrower than that.
  const covered = band.map((b) => [b.left, right(b)] as const).sort((a, b) => a[0] - b[0]);
  const gaps: (readonly [number, number])[] = [];
  const keep = (l: number, r: number) => {
    if (r - l < MIN_GAP) return;
    const c = Math.min(CLEARANCE, (r - l) / 2);
    gaps.push([l + c, r - c]);
  };
  let x = 0;
  for (const [l, r] of covered) {
    keep(x, l);
    x = Math.max(x, r);
  }
  keep(x, stageWidth);
  const want = (direct.at(0)[0] + direct.at(1)[0]) / 2;
  let best: { gx: number; cost: number } | null = null;
  for (const [l, r] of gaps) {
    const gx = clamp(want, l, r);
    // The shorter detour wins, and between equal detours the gap nearer the
    // line's middle (not the stage's edge, where a line would hug the border).
    const sx = clamp(gx, from.left + 10, right(from) - 10);
    const ex = clamp(gx, to.left + 10, right(to) - 10);
    const cost = Math.abs(gx - sx) + Math.abs(gx - ex) + 0.25 * Math.abs(gx - want);
    if (!best || cost < best.cost) best = { gx, cost };
  }
  if (!best) return direct;
  const gx = best.gx;
  const start: Point = [clamp(gx, from.left + 10, right(from) - 10), y1];
  const end: Point = [clamp(gx, to.left + 10, right(to) - 10), y2];
  const bandTop = Math.min(...band.map((b) => b.top)) - CLEARANCE;
  const bandBottom = Math.max(...band.map(bottom)) + CLEARANCE;
  const enter: Point = [gx, downwards ? bandTop : bandBottom];
  const leave: Point = [gx, downwards ? bandBottom : bandTop];
  const first = sCurve(start, enter);
  const last = sCurve(leave, end);
  // Each part's share of t, by its straight length (near enough for a label's place).
  const len = (p: Point, q: Point) => Math.hypot(q[0] - p[0], q[1] - p[1]);
  const [a, b, c] = [len(start, enter), len(enter, leave), len(leave, end)];
  const total = a + b + c || 1;
  const [ta, tb] = [a / total, (a + b) / total];
  return {
    d: `${first.d} L${leave[0]},${leave[1]} ${last.d.replace(/^M[^C]*/, '')}`,
    mx: gx,
    my: (enter[1] + leave[1]) / 2,
    at: (t) => {
      if (t <= ta) return first.at(ta === 0 ? 1 : t / ta);
      if (t <= tb) {
        const u = tb === ta ? 0 : (t - ta) / (tb - ta);
        return [gx, enter[1] + (leave[1] - enter[1]) * u];
      }
      return last.at(tb === 1 ? 1 : (t - tb) / (1 - tb));
    },
  };
}
