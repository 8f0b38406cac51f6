/**
 * bad_init — the network starts from weights that make learning hard, visible before the first update.
 * A cause: a warning that the lifecycle confirms (as an error) only when a symptom it explains appears,
 * and resolves when the fit learns anyway (old-style and N(0, 1) inits often do on small nets).
 *
 * Rule, judged on the first fit from the initialisation (the probe taken before the first update):
 *  - initial loss ≥ max(2 × ln C, ln C + 3) for a classifier (a fresh classifier predicts near-uniformly,
 *    so its loss starts near ln C). The initial loss is the lower of the first step's data loss (no weight
 *    penalties; fit measures it before any update) and the median of the first ⌈32 / batch⌉ steps': the
 *    median, so batch size 1 does not judge one unlucky sample; the first step, because the steps after it
 *    are after updates, and a learning rate that blows the loss up at step 1 is not the init's doing. The
 *    additive floor keeps few-class models with inputs of order 1–3 quiet (a He MLP on 3-class blobs of
 *    std 2.5 starts at 3.45 and reaches 0.13 in 10 steps);
 *  - a Dense/Conv kernel whose std is outside [min(Glorot, LeCun)/4, 4 × max(He, Glorot)] for its
 *    fan-in/fan-out;
 *  - activations that explode through depth: some layer's activation std ≥ 1e3.
 * One finding names the worst layer. Sources: Glorot & Bengio (2010), He et al. (2015), LeCun et al.
 * "Efficient BackProp" (1998); Karpathy's "verify loss @ init".
 */
import type { Check } from './check';
import { kernelScale } from '../model-info';
import { median, startSteps } from './series';

const LOSS_FACTOR = 2;
const LOSS_MARGIN = 3;
const ACTIVATION_STD_LIMIT = 1e3;

export const badInit: Check<'bad_init'> = {
  code: 'bad_init',
  run(record) {
    const first = record.probes.find((p) => p.beforeFirstUpdate);
    const fit = record.fits[0] ?? { startIndex: 0, batchSize: 32 };
    if (!first || record.steps.step[fit.startIndex] !== first.step) return [];
    const k = startSteps(fit.batchSize);
    const losses = record.steps.dataLoss.slice(fit.startIndex, fit.startIndex + k);
    if (losses.length < k) return [];
    const { model } = record;

    const initialLoss = Math.min(losses[0], median(losses));
    // ln C, whatever the label prior: a fresh network predicts near-uniformly before it has seen a label.
    const chanceLoss = (model.task === 'multiclass' || model.task === 'binary') && model.numClasses ? Math.log(model.numClasses) : NaN;
    const lossBad = Number.isFinite(chanceLoss) && initialLoss >= Math.max(LOSS_FACTOR * chanceLoss, chanceLoss + LOSS_MARGIN);

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

    if (!lossBad && layersOffScale === 0 && !exploding) return [];
    return [
      {
        code: 'bad_init',
        severity: 'warning',
        // Dated at the fit's first step: it is about the initialisation, whatever steps the judgement waited for.
        step: record.steps.step[fit.startIndex],
        epoch: record.steps.epoch[fit.startIndex],
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
