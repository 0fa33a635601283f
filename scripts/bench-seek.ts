/**
 * How fast is seeking in a long trace? `npx tsx scripts/bench-seek.ts`
 * builds a trace of at least 100,000 events, indexes it, then seeks 2,000
 * random steps and steps back and forth, printing the timings.
 */
import { TraceIndex } from '../src/sim/fold';
import { Random } from '../src/sim/random';
import { longTrace } from '../src/sim/fixtures';

const trace = longTrace(100_000);
let t0 = performance.now();
const index = new TraceIndex(trace);
console.log(
  `${trace.events.length} events, index built in ${(performance.now() - t0).toFixed(0)} ms`,
);
const random = new Random(7);
t0 = performance.now();
const seeks = 2_000;
for (let i = 0; i < seeks; i++) index.stateAt(random.int(trace.events.length + 1));
const perSeek = (performance.now() - t0) / seeks;
console.log(`random seek: ${perSeek.toFixed(2)} ms on average (${seeks} seeks)`);
t0 = performance.now();
for (let step = 50_000; step < 50_200; step++) {
  index.stateAt(step);
  index.stateAt(step - 1);
}
console.log(`step forward and back: ${((performance.now() - t0) / 400).toFixed(2)} ms per step`);
