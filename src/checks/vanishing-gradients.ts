/**
 * vanishing_gradients — the first layers learn orders of magnitude slower than the last.
 *
 * Rule: take the Dense/Conv layers in model order and their relative gradient ρ = ‖g‖/‖θ‖ (how fast
 * gradient descent would move them, whatever their scale). When ρ_first / ρ_last < 1e-3 in each of
 * the last 2 probes after the first update → warning (error below 1e-5). Needs ≥ 3 such layers.
 * A first layer with exactly zero gradient is dead, not vanishing (dead_relu explains it): skipped.
 * ‖θ‖ is floored at a tenth of the norm a textbook initialisation of the layer would have: a
 * zero-initialised output layer (a common, harmless choice) has ‖θ‖ ≈ 0 for its first steps, which made
 * ρ_last huge and the ratio look like vanishing (detection zoo: 1.5e-4 on a healthy MLP under Adam).
 * A zero-initialised last layer is also waited out until it passes that floor (see stillNearZero).
 * Source: Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks" (2010); Hochreiter (1991).
 */
import type { FindingDraft } from '../findings';
import type { Check } from './check';
import { now } from './check';
import type { LayerSummary } from '../model-info';
import { flooredNorm, trainingProbes } from './series';

const RATIO_WARNING = 1e-3;
const RATIO_ERROR = 1e-5;
const PROBES = 2;
const MIN_LAYERS = 3;


/**
 * Backprop multiplies by each later kernel, so a zero-initialised last layer passes almost no gradient
 * back until it has grown: the ratio then measures that layer's start, not depth. Such runs are waited
 * out while its norm is under the floor (detection zoo: a healthy spirals MLP with a zero-init output
 * under momentum 1.4e-2 read as 5e-4 at step 2 and learned from step 120).
 */
function stillNearZero(layer: LayerSummary, weightNorm: number | undefined): boolean {
  return weightNorm !== undefined && flooredNorm(layer, weightNorm) > weightNorm;
}

export const vanishingGradients: Check<'vanishing_gradients'> = {
  code: 'vanishing_gradients',
  run(record) {
    const layers = record.model.layers.filter((l) => l.kernel);
    if (layers.length < MIN_LAYERS) return [];
    const first = layers[0];
    const last = layers[layers.length - 1];
    const recent = trainingProbes(record, PROBES);
    if (recent.length < PROBES) return [];
    if (last.kernel?.std === 0 && recent.some((p) => stillNearZero(last, p.layers[last.name]?.weightNorm))) return [];
    const measured = recent.map((p) => {
      const rho = (layer: LayerSummary) => {
        const l = p.layers[layer.name];
        const norm = flooredNorm(layer, l?.weightNorm ?? NaN);
        return l?.gradNorm !== undefined && norm ? l.gradNorm / norm : NaN;
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
      layer: first.name,
      evidence: {
        firstLayerRelativeGrad: latest.first,
        lastLayerRelativeGrad: latest.last,
        ratio: ratios[ratios.length - 1],
        lastLayer: last.name,
        probes: recent.length,
      },
    };
    return [draft];
  },
};
