/**
 * Inspect zoo cases (hand-written and generated): is the planted pathology really there? Prints the raised findings with their
 * evidence, the loss/accuracy curve, and (with a second argument: a layer-name prefix or `all`) each
 * probe's per-layer activation zeros/dead units/std and gradient/weight norms and update ratios.
 *
 *   npx tsx bench/zoo/inspect.ts <id-substring> [all|<layer-prefix>]
 */
import { setupBackend } from '../../src/backend';
import { CASES } from './cases';
import { GENERATED } from './families';
import { runCase } from './harness';
(async () => {
  await setupBackend('wasm');
  for (const c of [...CASES, ...GENERATED].filter((c) => c.id.includes(process.argv[2]))) {
    const r = await runCase(c, { keepRecord: true });
    console.log('==', c.id, JSON.stringify(r.raised.map((x) => [x.code, x.severity, x.step, x.layer, x.evidence])));
    const rec = r.record!;
    const L = rec.steps.loss;
    const acc = rec.steps.accuracy;
    const pts = [0, 1, 2, 5, 10, 20, 50, 100, 150, 200, 250, L.length - 1].filter((i) => i < L.length);
    console.log('loss', pts.map((i) => `${i}:${L[i]?.toPrecision(4)}/${acc[i]?.toFixed(2)}`).join(' '));
    const want = process.argv[3];
    if (want) for (const p of rec.probes) {
      const parts = Object.entries(p.layers).map(([n, l]) => {
        const a = l.activation;
        return `${n}[${a ? `z${a.zeroFraction.toFixed(3)} d${a.deadUnitFraction.toFixed(2)} s${a.std.toPrecision(2)}` : ''}${l.gradNorm !== undefined ? ` g${l.gradNorm.toPrecision(2)} w${l.weightNorm?.toPrecision(2)} u${l.updateRatio?.toPrecision(2)}` : ''}]`;
      });
      console.log(` p${p.step}`, parts.filter((x) => !want || want === 'all' || x.startsWith(want)).join(' '), p.output ? `out sat${p.output.saturatedFraction.toFixed(2)} ng${p.output.noGradientFraction?.toFixed(2)} acc${p.output.accuracy?.toFixed(2)}` : '');
    }
  }
})();
