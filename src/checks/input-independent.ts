/**
 * input_independent — the model does no better with its real inputs than with zeros: it is not using
 * its input (a dead first layer, preprocessing that makes every sample alike, a wiring bug) — or, the
 * other way round, its real inputs make it train *worse* than zeros (unscaled or exploding inputs).
 *
 * Rules, on `checkup({ baseline: true })`'s two trial runs (same copy of the initial weights, same fresh
 * optimizer, same batch and steps; one with the real x, one with x zeroed), with L = mean loss of the last
 * 5 steps and improvement = 1 − L_real / L_zeroed, judged only when L_zeroed ≥ 0.05 (else the labels
 * alone explain the batch) and both trials have settled (their last 10 losses within 2% of the 10 before —
 * a trial still falling is too short to tell):
 *  - ignores_input (a symptom, error): |improvement| < 0.1 — real inputs train no better than zeros;
 *  - inputs_hurt (a cause, warning): improvement ≤ −0.1 — real inputs train clearly worse than zeros.
 * A model that uses its input fits a fixed batch far below the zero-input level, which can only learn the
 * label prior. Source: Karpathy, "A Recipe for Training Neural Networks" (2019) — "input-independent
 * baseline"; TheDeepChecker's Proper_Fitting check.
 */
import type { TrialRun } from '../record';
import type { Check } from './check';
import { now } from './check';
import { mean, tail } from './series';

const IMPROVEMENT = 0.1;
const MIN_ZEROED_LOSS = 0.05;
const FINAL_STEPS = 5;
const SETTLE_WINDOW = 10;
const SETTLE_SHARE = 0.02;

/** The trial's last 10 losses are within 2% of the 10 before them (not still falling). */
function settled(trial: TrialRun): boolean {
  const l = trial.losses;
  if (l.length < 2 * SETTLE_WINDOW) return false;
  const recent = mean(l.slice(-SETTLE_WINDOW));
  const before = mean(l.slice(-2 * SETTLE_WINDOW, -SETTLE_WINDOW));
  return before - recent <= SETTLE_SHARE * Math.abs(before);
}

export const inputIndependent: Check<'input_independent'> = {
  code: 'input_independent',
  run(record) {
    const baseline = record.checkup?.baseline;
    if (!baseline || baseline.real.losses.length === 0 || baseline.zeroed.losses.length === 0) return [];
    const realLoss = mean(tail(baseline.real.losses, FINAL_STEPS));
    const zeroedLoss = mean(tail(baseline.zeroed.losses, FINAL_STEPS));
    if (!Number.isFinite(realLoss) || !Number.isFinite(zeroedLoss) || zeroedLoss < MIN_ZEROED_LOSS) return [];
    const improvement = 1 - realLoss / zeroedLoss;
    if (improvement >= IMPROVEMENT) return [];
    const hurts = improvement <= -IMPROVEMENT;
    if (!hurts && !(settled(baseline.real) && settled(baseline.zeroed))) return [];
    return [
      {
        code: 'input_independent',
        severity: hurts ? 'warning' : 'error',
        ...now(record),
        evidence: {
          rule: hurts ? 'inputs_hurt' : 'ignores_input',
          realLoss,
          zeroedLoss,
          initialLoss: baseline.real.losses[0],
          improvement,
          steps: baseline.real.steps,
          samples: baseline.real.samples,
        },
      },
    ];
  },
};
