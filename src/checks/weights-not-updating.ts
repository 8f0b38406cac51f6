/**
 * weights_not_updating — training runs, but the weights never change, so nothing can be learned.
 *
 * Rules (a symptom, error):
 *  - frozen: the model has no trainable parameters (every layer `trainable: false`), from the fit's first step;
 *  - zero_lr: the optimizer's learning rate read 0 on each of the fit's last 3 steps (a schedule that rounds
 *    to 0, `tf.train.sgd(0)`);
 *  - no_change: in each of the last 2 probes of the fit after the first update, every Dense/Conv layer's
 *    update ratio ‖Δθ‖/‖θ‖ is below 1e-10 (all gradients exactly zero, an optimizer that never applies them).
 * Source: SageMaker Debugger's UnchangedTensor and AllZero rules (rtol 1e-5 over 3 saved steps);
 * TrainCheck's "optimizer.step() changes the parameters" invariant.
 */
import type { FindingDraft } from '../findings';
import type { Check } from './check';
import { now } from './check';
import { currentFit } from './progress';
import { isFiniteNumber, tail, trainingProbes } from './series';

const ZERO_LR_STEPS = 3;
const NO_CHANGE = 1e-10;
const PROBES = 2;

export const weightsNotUpdating: Check<'weights_not_updating'> = {
  code: 'weights_not_updating',
  run(record) {
    const fit = currentFit(record);
    const n = record.steps.step.length;
    if (n <= fit.startIndex) return [];
    const lrs = record.steps.learningRate.slice(Math.max(fit.startIndex, n - ZERO_LR_STEPS));
    const learningRate = lrs[lrs.length - 1] ?? NaN;
    const draft = (rule: FindingDraft<'weights_not_updating'>['evidence']['rule'], maxUpdateRatio: number, probes: number, sinceStep: number): FindingDraft<'weights_not_updating'>[] => [
      { code: 'weights_not_updating', severity: 'error', ...now(record), evidence: { rule, learningRate, maxUpdateRatio, probes, sinceStep } },
    ];
    if (record.model.trainableParams === 0) return draft('frozen', 0, 0, fit.startStep);
    if (lrs.length === ZERO_LR_STEPS && lrs.every((lr) => lr === 0)) return draft('zero_lr', NaN, 0, record.steps.step[n - ZERO_LR_STEPS]);
    const kernels = record.model.layers.filter((l) => l.kernel && l.trainableWeights.length > 0).map((l) => l.name);
    if (kernels.length === 0) return [];
    const recent = tail(trainingProbes(record, PROBES).filter((p) => p.step >= fit.startStep), PROBES);
    if (recent.length < PROBES) return [];
    const ratios = recent.flatMap((p) => kernels.map((name) => p.layers[name]?.updateRatio));
    if (!ratios.every(isFiniteNumber)) return [];
    const max = Math.max(...(ratios as number[]));
    return max < NO_CHANGE ? draft('no_change', max, recent.length, recent[0].step) : [];
  },
};
