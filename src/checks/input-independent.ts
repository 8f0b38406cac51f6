/**
 * input_independent — the model does no better with its real inputs than with zeros: it is not
 * using its input (a dead first layer, a broken preprocessing step that makes every sample alike, a
 * wiring bug).
 *
 * Rule, on `checkup({ baseline: true })`'s two trial runs (same copy of the initial weights, same
 * fresh optimizer, same batch and steps; one with the real x, one with x zeroed): with L = mean loss
 * of the last 5 steps, improvement = 1 − L_real / L_zeroed. improvement < 0.1 → warning; < 0.01 → error.
 * Judged only when L_zeroed ≥ 0.05 (else the labels alone explain the batch). A model that uses its
 * input fits a fixed batch far below the zero-input level, which can only learn the label prior.
 * Source: Karpathy, "A Recipe for Training Neural Networks" (2019) — "input-independent baseline".
 */
import type { Check } from './check';
import { now } from './check';
import { mean, tail } from './series';

const WARN_IMPROVEMENT = 0.1;
const ERROR_IMPROVEMENT = 0.01;
const MIN_ZEROED_LOSS = 0.05;
const FINAL_STEPS = 5;

export const inputIndependent: Check<'input_independent'> = {
  code: 'input_independent',
  run(record) {
    const baseline = record.checkup?.baseline;
    if (!baseline || baseline.real.losses.length === 0 || baseline.zeroed.losses.length === 0) return [];
    const realLoss = mean(tail(baseline.real.losses, FINAL_STEPS));
    const zeroedLoss = mean(tail(baseline.zeroed.losses, FINAL_STEPS));
    if (!Number.isFinite(realLoss) || !Number.isFinite(zeroedLoss) || zeroedLoss < MIN_ZEROED_LOSS) return [];
    const improvement = 1 - realLoss / zeroedLoss;
    if (improvement >= WARN_IMPROVEMENT) return [];
    return [
      {
        code: 'input_independent',
        severity: improvement < ERROR_IMPROVEMENT ? 'error' : 'warning',
        ...now(record),
        evidence: { realLoss, zeroedLoss, initialLoss: baseline.real.losses[0], improvement, steps: baseline.real.steps, samples: baseline.real.samples },
      },
    ];
  },
};
