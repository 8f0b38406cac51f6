/**
 * lr_too_high — steps too large for the loss surface: the loss diverges, blows up to NaN, or each
 * update rewrites a large part of the weights.
 *
 * Rules (the first that holds is reported):
 *  - nan_after_growth: the loss — or, behind a finite clipped loss, the weights (nan_loss's second
 *    rule) — is no longer finite, and the last 10 finite losses rose (their peak is ≥ 2 × the smallest
 *    value before it and above the first of them) → error;
 *  - spike: some step's loss is ≥ 10 × the first step's and ≥ 3 above it → error. One step that
 *    multiplies the loss tenfold is an overshoot, even when the network then dies and the loss sinks
 *    back to chance (a bars CNN under RMSProp 0.5: 1.1 → 12.7 at step 2, then every ReLU dead);
 *  - divergence: after ≥ 20 steps, the mean loss of each of the last two 10-step windows is ≥ 2 × the
 *    best of the first step's loss and every 10-step mean so far, and has climbed back by ≥ max(0.1,
 *    half the way from that best to the first loss) → error. The first step counts because a large
 *    step can blow the loss up within the first ten (its loss is the only one before any update); only the last 500 steps are searched for the best mean. Half the
 *    way, not a quarter (until the generated zoo): healthy BatchNorm nets and noisy small batches
 *    bounce between 10-step means of 0.15 and 0.57 with a first loss of 1.1; real divergences climb
 *    back past the first loss (zoo: 3.5–10 × the best). When that best is the first step's loss alone,
 *    the factor is 3: one small batch can be lucky (MSE 0.27 on a batch of 16, then 10-step means of
 *    0.94 and 0.64 while a healthy regression learns: 2.4×);
 *  - update_ratio: the median over Dense/Conv layers of ‖Δθ‖/‖θ‖ per step is ≥ 0.1 in each of the last
 *    3 probes after the first update, and (from step 8) the mean loss of the last 4 steps is not below
 *    half the first step's → warning. Healthy training sits around 1e-3 (SGD) to 1e-2 (Adam on small
 *    weights); 0.1 means a tenth of the weights is rewritten every step. ‖θ‖ is floored at a tenth of
 *    the layer's init norm, as in vanishing_gradients (a zero-initialised output layer). The payoff condition spares
 *    bold rates that work: a sigmoid MLP under SGD 1.4 (textbook for sigmoid nets) moves 22% of its
 *    weights per step while its loss falls from 0.7 to 0.04 in 20 steps (detection zoo).
 * Sources: Karpathy, CS231n "Neural Networks Part 3" (update/weight ratio ≈ 1e-3); Smith, "Cyclical
 * Learning Rates" (2017) for divergence as the LR upper bound. Thresholds measured on the detection
 * zoo's tune split (bench/zoo, docs/detection-quality.md).
 */
import type { FindingDraft } from '../findings';
import type { RunRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { flooredNorm, isFiniteNumber, mean, median, nonFiniteLayerNow, tail, trainingProbes } from './series';

const WINDOW = 10;
const MIN_STEPS = 20;
const DIVERGENCE_FACTOR = 2;
/** The factor when the best loss so far is the first step's alone (a single, possibly lucky batch). */
const FIRST_STEP_DIVERGENCE_FACTOR = 3;
/** How far back towards the first loss a divergence must climb (share of the way from the best). */
const CLIMB_BACK = 0.5;
const SPIKE_FACTOR = 10;
const SPIKE_MIN_RISE = 3;
const GROWTH_FACTOR = 2;
const UPDATE_RATIO_LIMIT = 0.1;
/** update_ratio is judged from this step on: the last PAYOFF_WINDOW steps' loss against the first step's. */
const PAYOFF_STEPS = 8;
const PAYOFF_WINDOW = 4;
const PAYOFF_SHARE = 0.5;
const RATIO_PROBES = 3;
const LOOKBACK = 500;

export const lrTooHigh: Check<'lr_too_high'> = {
  code: 'lr_too_high',
  run(record) {
    const loss = record.steps.loss;
    const learningRate = record.steps.learningRate[record.steps.learningRate.length - 1] ?? NaN;
    const draft = (rule: 'divergence' | 'nan_after_growth' | 'spike' | 'update_ratio', severity: 'error' | 'warning', recentLoss: number, bestLoss: number, medianUpdateRatio: number): FindingDraft<'lr_too_high'>[] => [
      { code: 'lr_too_high', severity, ...now(record), evidence: { rule, learningRate, recentLoss, bestLoss, medianUpdateRatio } },
    ];

    const n = loss.length;
    if (n > 0 && (!Number.isFinite(loss[n - 1]) || nonFiniteLayerNow(record) !== undefined)) {
      const finite = tail(loss.filter(Number.isFinite), WINDOW);
      if (finite.length >= 3) {
        // The peak against the low point before it: a clipped loss (16.1) may follow the blow-up once the weights are NaN.
        const peak = Math.max(...finite);
        const least = Math.min(...finite.slice(0, finite.indexOf(peak) + 1));
        if (peak >= GROWTH_FACTOR * least && peak > finite[0]) return draft('nan_after_growth', 'error', peak, least, NaN);
      }
      return [];
    }

    // Ratios to a loss mean nothing once losses can be ≤ 0 (cosine proximity): those rules skip such runs.
    const first = loss[0];
    const latest = loss[n - 1];
    if (n > 1 && first > 0 && latest >= SPIKE_FACTOR * first && latest - first >= SPIKE_MIN_RISE) {
      return draft('spike', 'error', latest, first, NaN);
    }
    if (n >= MIN_STEPS) {
      // Both of the last two 10-step means must be up: one noisy window (BatchNorm on small batches) is not a trend.
      const recent = Math.min(mean(loss.slice(n - WINDOW)), mean(loss.slice(n - 2 * WINDOW, n - WINDOW)));
      const bestWindow = bestWindowMean(loss);
      const best = Number.isFinite(first) ? Math.min(first, bestWindow) : bestWindow;
      const margin = Math.max(0.1, Number.isFinite(first) ? CLIMB_BACK * (first - best) : 0);
      // One batch is a noisier reference than a 10-step mean: against the first step alone, ask for more.
      const factor = best < bestWindow ? FIRST_STEP_DIVERGENCE_FACTOR : DIVERGENCE_FACTOR;
      if (best > 0 && recent >= factor * best && recent - best >= margin) return draft('divergence', 'error', recent, best, NaN);
    }

    const ratios = trainingProbes(record, RATIO_PROBES).map((p) => medianUpdateRatio(record, p.layers));
    if (ratios.length === RATIO_PROBES && ratios.every((r) => r >= UPDATE_RATIO_LIMIT) && n >= PAYOFF_STEPS) {
      // Against the first step's loss, the only one before any update: a blow-up inflates every later one
      // (Adam 2 on a tanh MLP: 1.6, 11.4, 13.6, 8.2 — the mean of those had "halved" by step 8 at 3.6).
      const start = first;
      const recent = mean(loss.slice(n - PAYOFF_WINDOW));
      // Large steps that pay off (the loss has halved) are a bold but working LR, not a problem.
      if (!(recent < PAYOFF_SHARE * start)) return draft('update_ratio', 'warning', recent, start, Math.min(...ratios));
    }
    return [];
  },
};

/**
 * The smallest mean over any 10 consecutive steps within the last LOOKBACK steps (checks run every
 * step, so this must not scan the whole run; a rise slower than that is not a learning-rate blow-up).
 */
function bestWindowMean(loss: readonly number[]): number {
  let best = Infinity;
  const start = Math.max(0, loss.length - LOOKBACK);
  for (let i = start; i + WINDOW <= loss.length; i++) {
    let sum = 0;
    for (let j = i; j < i + WINDOW; j++) sum += loss[j];
    if (Number.isFinite(sum)) best = Math.min(best, sum / WINDOW);
  }
  return best;
}

/**
 * ‖Δθ‖/‖θ‖ per Dense/Conv layer, with ‖θ‖ floored at a tenth of the layer's init norm (as in
 * vanishing_gradients): a zero-initialised output layer's first updates are huge *relative to nothing*.
 */
function medianUpdateRatio(record: RunRecord, layers: RunRecord['probes'][number]['layers']): number {
  const ratios = record.model.layers
    .filter((l) => l.kernel)
    .map((l) => {
      const p = layers[l.name];
      if (!isFiniteNumber(p?.updateRatio) || !isFiniteNumber(p?.weightNorm)) return p?.updateRatio;
      // ‖Δθ‖ = ratio × ‖θ‖, over the floored norm (the ratio as measured when no floor applies).
      const norm = flooredNorm(l, p.weightNorm);
      return norm === p.weightNorm ? p.updateRatio : (p.updateRatio * p.weightNorm) / norm;
    })
    .filter(isFiniteNumber);
  return ratios.length ? median(ratios) : NaN;
}
