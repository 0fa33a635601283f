import { runScenario } from '/work/main/src/sim/run';
const t0 = performance.now();
for (let s = 1; s <= 100; s++) runScenario({ scenario: 2, seed: s });
console.log('ms/run', (performance.now() - t0) / 100);
