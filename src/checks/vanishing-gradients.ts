/**
 * vanishing_gradients — the first layers learn orders of magnitude slower than the last.
 *
 * Rule: take the Dense/Conv layers in model order and their relative gradient ρ = ‖g‖/‖θ‖ (how fast
 * gradient descent would move them, whatever their scale). When ρ_first / ρ_last < 1e-3 in each of
 * the last 2 probes after the first update → warning (error below 1e-5). Needs ≥ 3 such layers.
 * A first layer with exactly zero gradient is dead, not vanishing (dead_relu explains it): skipped.
 * Source: Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks" (2010); Hochreiter (1991).
 */
import type { FindingDraft } from '../findings';
import type { Check } from './check';
import { now } from './check';
import { trainingProbes } from './series';

const RATIO_WARNING = 1e-3;
const RATIO_ERROR = 1e-5;
const PROBES = 2;
const MIN_LAYERS = 3;

export const vanishingGradients: Check<'vanishing_gradients'> = {
  code: 'vanishing_gradients',
  run(record) {
    const weighted = record.model.layers.filter((l) => l.kernel).map((l) => l.name);
    if (weighted.length < MIN_LAYERS) return [];
    const first = weighted[0];
    const last = weighted[weighted.length - 1];
    const recent = trainingProbes(record, PROBES);
    if (recent.length < PROBES) return [];
    const measured = recent.map((p) => {
      const rho = (name: string) => {
        const l = p.layers[name];
        return l?.gradNorm !== undefined && l.weightNorm ? l.gradNorm / l.weightNorm : NaN;
      };
      return { first: rho(first), last: rho(last) };
    });
    if (!measured.every((m) => m.first > 0 && m.last > 0)) return [];
    const ratios = measured.map((m) => m.first / m.last);
    const worst = Math.max(...ratios);
    if (!(worst < RATIO_WARNING)) return [];
    const latest = measured[measured.length - 1];
    const draft: FindingDraft<'vanishing_gradients'> = {
      code: 'vanishing_gradients',
      severity: worst < RATIO_ERROR ? 'error' : 'warning',
      ...now(record),
      layer: first,
      evidence: {
        firstLayerRelativeGrad: latest.first,
        lastLayerRelativeGrad: latest.last,
        ratio: ratios[ratios.length - 1],
        lastLayer: last,
        probes: recent.length,
      },
    };
    return [draft];
  },
};
