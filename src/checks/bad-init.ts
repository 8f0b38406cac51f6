/**
 * bad_init — the network starts from weights that make learning hard, visible before the first update.
 *
 * Rule, judged once on the probe taken before the first update and the first step's loss:
 *  - initial loss ≥ max(2 × chance, chance + 3), chance being ln C (classification: a fresh
 *    classifier should predict near-uniformly, so its loss starts near ln C) — error at
 *    ≥ max(3 × chance, chance + 4). The additive floor keeps few-class models quiet when their
 *    inputs are merely of order 1–3 rather than standardised: a He/Glorot MLP on 3-class blobs with
 *    feature std ≈ 2.5 starts at 3.45 (logit std 3.6) and reaches loss 0.13 in 10 steps (detection
 *    zoo, bench/zoo); the floor was chance + 2 (3.1 for 3 classes), which called that a bad init;
 *  - a Dense/Conv kernel whose std is outside [min(Glorot, LeCun)/4, 4 × max(He, Glorot)] for its
 *    fan-in/fan-out — error when ≥ 10 × off;
 *  - activations that explode through depth: some layer's activation std ≥ 1e3.
 * One finding names the worst layer. Sources: Glorot & Bengio (2010), He et al. (2015), LeCun et al.
 * "Efficient BackProp" (1998); Karpathy's "verify loss @ init".
 */
import type { Check } from './check';
import { now } from './check';
import { kernelScale } from '../model-info';

const LOSS_WARNING = { factor: 2, margin: 3 };
const LOSS_ERROR = { factor: 3, margin: 4 };
const STD_ERROR = 10;
const ACTIVATION_STD_LIMIT = 1e3;

export const badInit: Check<'bad_init'> = {
  code: 'bad_init',
  run(record) {
    const first = record.probes.find((p) => p.beforeFirstUpdate);
    if (!first || record.steps.step[0] !== first.step) return [];
    const { model } = record;

    const initialLoss = record.steps.loss[0];
    // ln C, whatever the label prior: a fresh network predicts near-uniformly before it has seen a label.
    const chanceLoss = (model.task === 'multiclass' || model.task === 'binary') && model.numClasses ? Math.log(model.numClasses) : NaN;
    const lossAbove = (t: { factor: number; margin: number }) =>
      Number.isFinite(chanceLoss) && initialLoss >= Math.max(t.factor * chanceLoss, chanceLoss + t.margin);

    let layersOffScale = 0;
    let worst = { layer: '', std: NaN, expected: NaN, fanIn: NaN, off: 1 };
    for (const layer of model.layers) {
      const scale = kernelScale(layer);
      if (!scale?.outside) continue;
      layersOffScale++;
      if (scale.off > worst.off) worst = { layer: layer.name, std: layer.kernel!.std, expected: scale.expected, fanIn: layer.kernel!.fanIn, off: scale.off };
    }

    // An activation that overflowed has std NaN or Infinity: that is the most explosive case, not a blank.
    const activations = Object.values(first.layers).flatMap((l) => (l.activation ? [l.activation] : []));
    const overflowed = activations.some((a) => !Number.isFinite(a.std) || a.nonFinite > 0);
    const maxActivationStd = overflowed ? Infinity : activations.length ? Math.max(...activations.map((a) => a.std)) : NaN;
    const exploding = maxActivationStd >= ACTIVATION_STD_LIMIT;

    const lossBad = lossAbove(LOSS_WARNING);
    if (!lossBad && layersOffScale === 0 && !exploding) return [];
    const severe = lossAbove(LOSS_ERROR) || worst.off >= STD_ERROR || exploding;
    return [
      {
        code: 'bad_init',
        severity: severe ? 'error' : 'warning',
        ...now(record),
        layer: worst.layer || undefined,
        evidence: {
          initialLoss,
          chanceLoss,
          layersOffScale,
          worstLayer: worst.layer || 'none',
          worstKernelStd: worst.std,
          expectedStd: worst.expected,
          fanIn: worst.fanIn,
          maxActivationStd,
        },
      },
    ];
  },
};
