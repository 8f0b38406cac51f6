/**
 * lr_too_high — steps too large for the loss surface: the loss diverges, blows up to NaN, or each
 * update rewrites a large part of the weights.
 *
 * Judged on the data loss of the current fit, in windows measured in samples (progress.ts: 640
 * samples, 10–200 steps) and summarised by medians, so per-sample losses at batch 1–8 are not read as
 * blow-ups; "the start" is the median of the fit's first ⌈32 / batch⌉ steps. Rules (first that holds):
 *  - nan_after_growth (symptom, error): the loss — or, behind a finite clipped loss, the weights — is no
 *    longer finite, and the last 10 finite losses rose (their peak ≥ 2 × the smallest value before it and
 *    above the first of them). Not when a training batch held NaN/Infinity inputs: then the data is the
 *    cause (nan_loss and input_not_normalized say so);
 *  - spike (symptom, error): the median of the last ⌈32 / batch⌉ steps is ≥ 10 × the start and ≥ 3 above
 *    it. One step that multiplies the loss tenfold is an overshoot, even when the network then dies and
 *    the loss sinks back to chance (a bars CNN under RMSProp 0.5: 1.1 → 12.7 at step 2);
 *  - overshoot (symptom, error): the fit's first update made the loss much worse — the median of the 3
 *    steps after it is ≥ 2 × and ≥ 3 above the first step's loss, which fit measures before any update.
 *    Judged only at batch ≥ 16, where one step's loss averages enough samples (a batch-1 loss is one
 *    sample's: noise, or a lucky 1e-7). A sound step size does not double the loss on its first step; a
 *    too-large one throws the network into the clipped regime or kills its units there (SGD 15: 2.6 → 11.1
 *    at step 1), after which saturation or dead units are what the probes see;
 *  - divergence (symptom, error): after two windows, the medians of each of the last two windows are
 *    ≥ 2 × the best of the start and every window median since the fit began (aligned windows, the
 *    last 25), and have climbed back by ≥ max(0.1, half the way from that best to the start). When that
 *    best is the start alone, the factor is 3 (one small batch can be lucky);
 *  - update_ratio (cause, warning): the median over Dense/Conv layers of ‖Δθ‖/‖θ‖ per step is ≥ 0.1 in
 *    each of the last 3 probes after the first update, and (from step 8 of the fit) the mean loss of the
 *    last 4 steps is not below half the start. Healthy training sits around 1e-3 (SGD) to 1e-2 (Adam on
 *    small weights); 0.1 means a tenth of the weights is rewritten every step. ‖θ‖ is floored at a tenth
 *    of the layer's init norm (a zero-initialised output layer). Bold rates that pay off are spared, and
 *    the lifecycle resolves the warning when the fit learns.
 * Ratios to a loss mean nothing once losses can be ≤ 0 (cosine proximity): those rules skip such runs.
 * Sources: Karpathy, CS231n "Neural Networks Part 3" (update/weight ratio ≈ 1e-3); Smith, "Cyclical
 * Learning Rates" (2017) for divergence as the LR upper bound.
 */
import type { FindingDraft } from '../findings';
import type { RunRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { currentFit, windowMedian } from './progress';
import { flooredNorm, isFiniteNumber, mean, median, nonFiniteInputStep, nonFiniteLayerNow, startSteps, tail, trainingProbes } from './series';

const GROWTH_WINDOW = 10;
const DIVERGENCE_FACTOR = 2;
/** The factor when the best loss so far is the start alone (a single, possibly lucky batch). */
const START_DIVERGENCE_FACTOR = 3;
/** How far back towards the start a divergence must climb (share of the way from the best). */
const CLIMB_BACK = 0.5;
const SPIKE_FACTOR = 10;
/** Overshoot: the 3 steps after the first update against the first step, at batch ≥ 16. */
const OVERSHOOT_STEPS = 3;
const OVERSHOOT_FACTOR = 2;
const OVERSHOOT_MIN_BATCH = 16;
const SPIKE_MIN_RISE = 3;
const GROWTH_FACTOR = 2;
const UPDATE_RATIO_LIMIT = 0.1;
/** update_ratio is judged from this step of the fit on: the last PAYOFF_WINDOW steps' loss against the start. */
const PAYOFF_STEPS = 8;
const PAYOFF_WINDOW = 4;
const PAYOFF_SHARE = 0.5;
const RATIO_PROBES = 3;
/** Windows searched for the best median (checks run every step: their cost must stay bounded). */
const LOOKBACK_WINDOWS = 25;

type Rule = 'divergence' | 'nan_after_growth' | 'spike' | 'overshoot' | 'update_ratio';

export const lrTooHigh: Check<'lr_too_high'> = {
  code: 'lr_too_high',
  run(record, { progress }) {
    const loss = record.steps.dataLoss;
    const learningRate = record.steps.learningRate[record.steps.learningRate.length - 1] ?? NaN;
    const windowSteps = progress.windowSteps;
    const draft = (rule: Rule, severity: 'error' | 'warning', recentLoss: number, bestLoss: number, medianUpdateRatio: number): FindingDraft<'lr_too_high'>[] => [
      { code: 'lr_too_high', severity, ...now(record), evidence: { rule, learningRate, recentLoss, bestLoss, medianUpdateRatio, windowSteps } },
    ];

    const fit = currentFit(record);
    const n = loss.length;
    const from = fit.startIndex;
    if (n <= from) return [];
    if (!Number.isFinite(loss[n - 1]) || nonFiniteLayerNow(record) !== undefined) {
      if (nonFiniteInputStep(record) !== undefined) return [];
      const finite = tail(loss.slice(Math.max(from, n - 4 * GROWTH_WINDOW)).filter(Number.isFinite), GROWTH_WINDOW);
      if (finite.length >= 3) {
        // The peak against the low point before it: a clipped loss (−ln ε, 16.1 on cpu/wasm) may follow the blow-up once the weights are NaN.
        const peak = Math.max(...finite);
        const least = Math.min(...finite.slice(0, finite.indexOf(peak) + 1));
        if (peak >= GROWTH_FACTOR * least && peak > finite[0]) return draft('nan_after_growth', 'error', peak, least, NaN);
      }
      return [];
    }

    const k = startSteps(fit.batchSize);
    if (n - from < k) return [];
    const start = windowMedian(loss, from, from + k);
    const latest = windowMedian(loss, n - k, n);
    if (n - from >= 2 * k && start > 0 && latest >= SPIKE_FACTOR * start && latest - start >= SPIKE_MIN_RISE) {
      return draft('spike', 'error', latest, start, NaN);
    }
    if (fit.batchSize >= OVERSHOOT_MIN_BATCH && n - from > OVERSHOOT_STEPS) {
      const before = loss[from];
      const after = windowMedian(loss, from + 1, from + 1 + OVERSHOOT_STEPS);
      if (before > 0 && after >= OVERSHOOT_FACTOR * before && after - before >= SPIKE_MIN_RISE) return draft('overshoot', 'error', after, before, NaN);
    }
    if (progress.ready) {
      // Both of the last two windows must be up: one noisy window (BatchNorm on small batches) is not a trend.
      const recent = Math.min(progress.recent, progress.previous);
      const bestWindow = bestWindowMedian(loss, from, windowSteps);
      const best = Number.isFinite(start) ? Math.min(start, bestWindow) : bestWindow;
      const margin = Math.max(0.1, Number.isFinite(start) ? CLIMB_BACK * (start - best) : 0);
      const factor = best < bestWindow ? START_DIVERGENCE_FACTOR : DIVERGENCE_FACTOR;
      if (best > 0 && recent >= factor * best && recent - best >= margin) return draft('divergence', 'error', recent, best, NaN);
    }

    const ratios = trainingProbes(record, RATIO_PROBES).filter((p) => p.step >= fit.startStep).map((p) => medianUpdateRatio(record, p.layers));
    if (ratios.length === RATIO_PROBES && ratios.every((r) => r >= UPDATE_RATIO_LIMIT) && n - from >= PAYOFF_STEPS) {
      const recent = mean(loss.slice(n - PAYOFF_WINDOW));
      // Large steps that pay off (the loss has halved) are a bold but working LR, not a problem.
      if (!(recent < PAYOFF_SHARE * start)) return draft('update_ratio', 'warning', recent, start, Math.min(...ratios));
    }
    return [];
  },
};

/** The smallest median over the fit's aligned windows of `w` steps, within the last LOOKBACK_WINDOWS. */
function bestWindowMedian(loss: readonly number[], from: number, w: number): number {
  let best = Infinity;
  const complete = Math.floor((loss.length - from) / w);
  for (let i = Math.max(0, complete - LOOKBACK_WINDOWS); i < complete; i++) {
    const m = completedWindowMedian(loss, from + i * w, w);
    if (Number.isFinite(m)) best = Math.min(best, m);
  }
  return best;
}

/**
 * The median of a window that lies wholly in the past. A recorded loss series only grows, so the median of
 * a completed window never changes: it is computed once per series (checks run every step).
 */
const completedMedians = new WeakMap<readonly number[], Map<string, number>>();
function completedWindowMedian(loss: readonly number[], start: number, w: number): number {
  let cache = completedMedians.get(loss);
  if (!cache) completedMedians.set(loss, (cache = new Map()));
  const key = `${start}:${w}`;
  let m = cache.get(key);
  if (m === undefined) cache.set(key, (m = windowMedian(loss, start, start + w)));
  return m;
}

/**
 * ‖Δθ‖/‖θ‖ per Dense/Conv layer, with ‖θ‖ floored at a tenth of the layer's init norm (as in
 * vanishing_gradients): a zero-initialised output layer's first updates are huge *relative to nothing*.
 */
export function medianUpdateRatio(record: RunRecord, layers: RunRecord['probes'][number]['layers']): number {
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
