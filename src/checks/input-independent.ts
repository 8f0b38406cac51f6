/**
 * input_independent — the model does no better with its real inputs than with zeros: it is not using
 * its input (a dead first layer, preprocessing that makes every sample alike, a wiring bug) — or, the
 * other way round, its real inputs make it train *worse* than zeros (unscaled or exploding inputs).
 *
 * Rules, on `checkup({ baseline: true })`'s pairs of trial runs (same copy of the initial weights, same
 * fresh optimizer, same batch and steps; one with the real x, one with x zeroed): at the user's learning
 * rate, and when the real one does no better there, at ×10 and ÷10 of it — a rate merely too slow for 150
 * steps is not read as an input the model ignores. With L = mean loss of the last 5 steps and improvement =
 * 1 − L_real / L_zeroed per pair, judged only when L_zeroed ≥ 0.05 (else the labels alone explain the batch):
 *  - ignores_input (a symptom, error): no pair reaches an improvement of 0.1, and some pair with
 *    |improvement| < 0.1 has settled (both trials' mean of the last 10 losses within 2% of the mean of the
 *    10 before their midpoint — a pair still falling is too short to tell);
 *  - inputs_hurt (a cause, warning): every pair's improvement ≤ −0.1 — real inputs train clearly worse than
 *    zeros at every rate tried.
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

/** The trial's last 10 losses are within 2% of the 10 before its midpoint (not still falling). */
function settled(trial: TrialRun): boolean {
  const l = trial.losses;
  if (l.length < 2 * SETTLE_WINDOW) return false;
  const mid = Math.max(SETTLE_WINDOW, l.length >> 1);
  const recent = mean(l.slice(-SETTLE_WINDOW));
  const before = mean(l.slice(mid - SETTLE_WINDOW, mid));
  return before - recent <= SETTLE_SHARE * Math.abs(before);
}

/** Final loss: the mean of the last 5 steps. */
const finalOf = (trial: TrialRun) => mean(tail(trial.losses, FINAL_STEPS));

/** One pair judged: final losses and improvement, or undefined when it cannot be (non-finite, or L_zeroed < 0.05). */
function compare(real: TrialRun, zeroed: TrialRun) {
  const realLoss = finalOf(real);
  const zeroedLoss = finalOf(zeroed);
  if (!Number.isFinite(realLoss) || !Number.isFinite(zeroedLoss) || zeroedLoss < MIN_ZEROED_LOSS) return undefined;
  return { real, zeroed, realLoss, zeroedLoss, improvement: 1 - realLoss / zeroedLoss };
}

/** The pair shows no reason to try other rates: real inputs clearly better, or nothing to judge (checkup asks). */
export function usesInput(real: TrialRun, zeroed: TrialRun): boolean {
  const pair = compare(real, zeroed);
  return !pair || pair.improvement >= IMPROVEMENT;
}

export const inputIndependent: Check<'input_independent'> = {
  code: 'input_independent',
  run(record) {
    const baseline = record.checkup?.baseline;
    if (!baseline || baseline.real.losses.length === 0 || baseline.zeroed.losses.length === 0) return [];
    const pairs = [baseline, ...(baseline.alternatives ?? [])]
      .map((p) => compare(p.real, p.zeroed))
      .filter((p): p is NonNullable<ReturnType<typeof compare>> => p !== undefined);
    if (pairs.length === 0 || pairs.some((p) => p.improvement >= IMPROVEMENT)) return [];
    const hurts = pairs.every((p) => p.improvement <= -IMPROVEMENT);
    const evidencePair = hurts
      ? pairs.reduce((a, b) => (b.improvement > a.improvement ? b : a))
      : pairs.find((p) => Math.abs(p.improvement) < IMPROVEMENT && settled(p.real) && settled(p.zeroed));
    if (!evidencePair) return [];
    const { real: best, realLoss, zeroedLoss, improvement } = evidencePair;
    return [
      {
        code: 'input_independent',
        severity: hurts ? 'warning' : 'error',
        ...now(record),
        evidence: {
          rule: hurts ? 'inputs_hurt' : 'ignores_input',
          realLoss,
          zeroedLoss,
          initialLoss: best.losses[0],
          improvement,
          steps: best.steps,
          samples: baseline.real.samples,
        },
      },
    ];
  },
};
