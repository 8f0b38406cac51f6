/**
 * dead_relu — a ReLU layer whose units have stopped firing for good.
 *
 * Rule: for each layer whose output passes through a plain ReLU, in each of the last 3 probes spanning
 * ≥ 20 steps — or of the last 2 spanning ≥ 50, since after step 50 probes come every 50 steps and a
 * layer that dies at step 200 would otherwise wait for step 300 (zoo: momentum 0.99 at lr 0.1) — so
 * one bad step is not a diagnosis, either
 *  - the fraction of *units* (channels for conv layers) never > 0 for any sample or position of the
 *    probe batch is ≥ 90% (error), or
 *  - ≥ 99% of all the layer's outputs are zero (units that fire at a handful of positions only are
 *    as good as dead; healthy ReLU layers sit at 50–90% zeros) — warning, error at ≥ 99.5%.
 * Why units, not zeros: healthy ReLU nets are sparse — half or more of their outputs are zero — so the
 * often-quoted "≥ 70% of outputs ≤ 0" rule fires on most healthy CIFAR-10 CNNs. A unit that is zero
 * for every input gets no gradient and never recovers (Lu et al., "Dying ReLU and Initialization", 2019).
 * Why 90% dead units, not 50%: a healthy CNN trained with Adam 1e-3 routinely loses most of its dense
 * units in the first steps and keeps learning on the rest — the detection zoo's He-initialised CIFAR-10
 * CNN (bench/zoo) had 78–83% of fc1's 64 units dead from step 8 on while its loss fell from 2.46 to
 * 1.4. The layer is a problem when (nearly) nothing is left to carry the signal, which is what the
 * zoo's dying-ReLU faults show (100% dead).
 */
import type { FindingDraft } from '../findings';
import type { ProbeRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { recentProbes } from './series';

/** Dead units alone are judged at one level, an error (see the header for why not 50%). */
const DEAD_ERROR = 0.9;
const ZEROS_WARNING = 0.99;
const ZEROS_ERROR = 0.995;
/** Persistence: 3 probes over ≥ 20 steps (early, dense probes), or 2 probes over ≥ 50 (the sparse later schedule). */
const PERSISTENCE = [
  { probes: 3, span: 20 },
  { probes: 2, span: 50 },
] as const;

export const deadRelu: Check<'dead_relu'> = {
  code: 'dead_relu',
  run(record) {
    const drafts: FindingDraft<'dead_relu'>[] = [];
    for (const layer of record.model.layers) {
      if (!layer.isRelu) continue;
      const measured = (p: ProbeRecord) => p.layers[layer.name]?.activation !== undefined;
      const judged = PERSISTENCE.map(({ probes, span }) => recentProbes(record, probes, measured))
        .filter((recent, i) => recent.length === PERSISTENCE[i].probes && recent[recent.length - 1].step - recent[0].step >= PERSISTENCE[i].span)
        .map((recent) => {
          const stats = recent.map((p) => p.layers[layer.name].activation!);
          return { recent, stats, dead: Math.min(...stats.map((s) => s.deadUnitFraction)), zeros: Math.min(...stats.map((s) => s.zeroFraction)) };
        })
        .find((j) => j.dead >= DEAD_ERROR || j.zeros >= ZEROS_WARNING);
      if (!judged) continue;
      const { recent, stats, dead, zeros } = judged;
      const latest = stats[stats.length - 1];
      drafts.push({
        code: 'dead_relu',
        severity: dead >= DEAD_ERROR || zeros >= ZEROS_ERROR ? 'error' : 'warning',
        ...now(record),
        layer: layer.name,
        evidence: {
          deadUnitFraction: latest.deadUnitFraction,
          zeroFraction: latest.zeroFraction,
          units: latest.units,
          probes: recent.length,
          sinceStep: recent[0].step,
        },
      });
    }
    return drafts;
  },
};
