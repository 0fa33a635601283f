import { describe, expect, it } from 'vitest';
import { type Box, between, crosses, routed } from './geometry';

// The stage at the arrival step (scenario 1, fork, step 59): MainProcess
// across the top, the Lock, the Queue and the task pipe in a row, the three
// workers below them.
const main: Box = { left: 0, top: 0, width: 880, height: 115 };
const lock: Box = { left: 18, top: 152, width: 274, height: 137 };
const queue: Box = { left: 306, top: 152, width: 274, height: 137 };
const pipe: Box = { left: 594, top: 152, width: 274, height: 137 };
const worker1: Box = { left: 0, top: 325, width: 290, height: 120 };
const worker2: Box = { left: 297, top: 325, width: 290, height: 120 };
const worker3: Box = { left: 594, top: 325, width: 290, height: 120 };
const stage = [main, lock, queue, pipe, worker1, worker2, worker3];

describe('routed', () => {
  it('takes the gap between the Lock and the Queue from the parent to its first child', () => {
    // What it replaces: the direct line runs through the Lock and the Queue.
    expect(crosses(between(main, worker1, 0.5, 0.5), [lock, queue])).toBe(true);
    const path = routed(main, worker1, 0.5, 0.5, stage, 880);
    expect(crosses(path, [lock, queue, pipe, worker2, worker3])).toBe(false);
    // Through the gap, not along the stage's edge.
    expect(path.mx).toBeGreaterThan(292);
    expect(path.mx).toBeLessThan(306);
    // It still starts on the parent's edge and ends on the child's.
    expect(path.at(0)[1]).toBeCloseTo(115);
    expect(path.at(1)[1]).toBeCloseTo(325);
    expect(path.at(1)[0]).toBeGreaterThanOrEqual(worker1.left);
    expect(path.at(1)[0]).toBeLessThanOrEqual(worker1.left + worker1.width);
  });

  it('goes up as well as down (a child to its parent)', () => {
    const path = routed(worker3, main, 0.5, 0.5, stage, 880);
    expect(crosses(path, [lock, queue, pipe, worker1, worker2])).toBe(false);
    expect(path.at(0)[1]).toBeCloseTo(325);
    expect(path.at(1)[1]).toBeCloseTo(115);
  });

  it('keeps the direct line when nothing is in its way', () => {
    const direct = between(main, worker2, 0.5, 0.5);
    const path = routed(main, worker2, 0.5, 0.5, [main, worker2], 880);
    expect(path.d).toBe(direct.d);
  });

  it('keeps the direct line when the row in the way has no gap', () => {
    const wall: Box = { left: 0, top: 152, width: 880, height: 137 };
    const path = routed(main, worker1, 0.5, 0.5, [main, wall, worker1], 880);
    expect(path.d).toBe(between(main, worker1, 0.5, 0.5).d);
  });

  it('does not count the boxes at its ends, or boxes inside them, as in the way', () => {
    const inside: Box = { left: 20, top: 20, width: 100, height: 30 };
    const path = routed(main, worker1, 0.5, 0.5, [main, inside, worker1], 880);
    expect(path.d).toBe(between(main, worker1, 0.5, 0.5).d);
  });

  it('moves along the path continuously (a label placed by t lands on the line)', () => {
    const path = routed(main, worker1, 0.5, 0.5, stage, 880);
    let [px, py] = path.at(0);
    for (let k = 1; k <= 200; k++) {
      const [x, y] = path.at(k / 200);
      expect(Math.hypot(x - px, y - py)).toBeLessThan(12);
      [px, py] = [x, y];
    }
  });
});

describe('routed on a phone', () => {
  // The 358 px stage at 390×844: three objects 10 px apart, two workers a row.
  const parent: Box = { left: 0, top: 0, width: 358, height: 233 };
  const objects: Box[] = [0, 1, 2].map((i) => ({
    left: i * 122,
    top: 263,
    width: 114,
    height: 68,
  }));
  const child: Box = { left: 0, top: 361, width: 175, height: 119 };
  it('passes between two objects through a gap narrower than its clearance', () => {
    const path = routed(parent, child, 0.5, 0.5, [parent, ...objects, child], 358);
    expect(crosses(path, objects)).toBe(false);
    expect(path.mx).toBeGreaterThan(114);
    expect(path.mx).toBeLessThan(122);
  });
});
