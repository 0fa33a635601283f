import { runScenario } from './src/sim/run';
const N = Number(process.env.N ?? 200);
for (let s = 1; s <= 30; s++) runScenario({ scenario: 2, seed: s, record: 'outcome' });
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let s = 1; s <= N; s++) runScenario({ scenario: 2, seed: s, record: 'outcome' });
const c = process.cpuUsage(c0);
console.log('wall ms/run', ((performance.now() - t0) / N).toFixed(1), 'cpu ms/run', ((c.user + c.system) / 1000 / N).toFixed(1));
