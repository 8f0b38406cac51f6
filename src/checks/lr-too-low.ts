/**
 * lr_too_low — steps so small that the loss barely moves.
 *
 * Rule (a symptom): in each of the last 3 probes of the fit after the first update — spanning ≥ two loss
 * windows (progress.ts) — the median over Dense/Conv layers of ‖Δθ‖/‖θ‖ per step is ≤ 1e-4, and the fit is
 * not learning, its recent median loss less than 5% below its start. Error when the loss has stopped
 * falling altogether (progress.stalled), warning while it still creeps down. Healthy training moves
 * 1e-3–1e-2 of the weights per step; weights that do not move at all are weights_not_updating.
 * Sources: TheDeepChecker (update log10 < −4); SageMaker Debugger's WeightUpdateRatio small threshold (1e-8).
 */
import type { Check } from './check';
import { now } from './check';
import { currentFit } from './progress';
import { medianUpdateRatio } from './lr-too-high';
import { trainingProbes } from './series';

const RATIO_LIMIT = 1e-4;
/** Below this the weights do not move at all: weights_not_updating's territory. */
const NO_CHANGE = 1e-10;
const MAX_FALL = 0.05;
const PROBES = 3;

export const lrTooLow: Check<'lr_too_low'> = {
  code: 'lr_too_low',
  run(record, { progress }) {
    if (!progress.ready || progress.learning) return [];
    const fit = currentFit(record);
    const recent = trainingProbes(record, PROBES).filter((p) => p.step >= fit.startStep);
    if (recent.length < PROBES || recent[recent.length - 1].step - recent[0].step < 2 * progress.windowSteps) return [];
    const ratios = recent.map((p) => medianUpdateRatio(record, p.layers));
    const worst = Math.max(...ratios);
    if (!(worst <= RATIO_LIMIT) || !(worst > NO_CHANGE)) return [];
    const lossFall = (progress.start - progress.recent) / Math.abs(progress.start);
    if (!(lossFall < MAX_FALL)) return [];
    const learningRate = record.steps.learningRate[record.steps.learningRate.length - 1] ?? NaN;
    return [
      {
        code: 'lr_too_low',
        severity: progress.stalled ? 'error' : 'warning',
        ...now(record),
        evidence: { learningRate, medianUpdateRatio: worst, lossFall, steps: record.steps.step.length - fit.startIndex, probes: recent.length },
      },
    ];
  },
};
