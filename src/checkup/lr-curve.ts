/**
 * The learning-rate range test's arithmetic, on plain arrays (no tensors): smoothing, the divergence
 * stop, and the suggestion rule. Kept apart from the sweep so it is unit-testable.
 *
 * Source: Smith, "Cyclical Learning Rates for Training Neural Networks" (2017), §3.3 (LR range test);
 * the smoothed-loss and stop-at-4×-best details follow fastai's `lr_find` (Gugger's
 * "How Do You Find A Good Learning Rate", 2017).
 */

export interface LrPoint {
  lr: number;
  /** Raw loss of the step taken at this learning rate. */
  loss: number;
  /** Exponential moving average of the loss with bias correction. */
  smoothed: number;
}

/** The learning rate of step i of an exponential sweep from `start` to `end` in `steps` steps. */
export function sweepLr(start: number, end: number, steps: number, i: number): number {
  return steps <= 1 ? start : start * Math.pow(end / start, i / (steps - 1));
}

/** Bias-corrected EMA: s_i = m_i / (1 − β^(i+1)), m_i = β m_{i−1} + (1 − β) loss_i. */
export function smoothLosses(losses: readonly number[], beta: number): number[] {
  let m = 0;
  return losses.map((loss, i) => {
    m = beta * m + (1 - beta) * loss;
    return m / (1 - Math.pow(beta, i + 1));
  });
}

/** True once the smoothed loss is not finite or exceeds `factor` × the best smoothed loss so far. */
export function diverged(smoothed: readonly number[], factor: number): boolean {
  const n = smoothed.length;
  if (n === 0) return false;
  const last = smoothed[n - 1];
  if (!Number.isFinite(last)) return true;
  const best = Math.min(...smoothed);
  return n > 1 && last > factor * best;
}

export type SuggestionRule = 'steepest' | 'min_over_10';

export const SUGGESTION_RULE_TEXT: Record<SuggestionRule, string> = {
  steepest:
    'steepest descent: the learning rate where the smoothed loss falls fastest per decade of learning rate (slope over ±3 sweep steps), between the 10th step and the minimum',
  min_over_10: 'the learning rate of the lowest smoothed loss, divided by 10',
};

export interface SuggestOptions {
  /** Points skipped at the start (the EMA warm-up is noisy). Default 10. */
  skipStart?: number;
  /** Half-width, in sweep steps, of the slope estimate: (s[i+k] − s[i−k]) / Δlog10(lr). Default 3. */
  window?: number;
}

/** The smoothed loss must fall at least this far below where the sweep started for any rate to "work". */
export const MIN_FALL = 0.1;

/**
 * Whether the sweep can answer at all: too few finite points ('too_short'), or no rate that made the
 * smoothed loss fall ≥ 10% below its value after the EMA warm-up ('no_learning_rate_works').
 */
export function verdictOf(curve: readonly LrPoint[], opts: SuggestOptions = {}): 'suggested' | 'no_learning_rate_works' | 'too_short' {
  const finite = curve.filter((p) => Number.isFinite(p.smoothed));
  if (finite.length < 3) return 'too_short';
  const from = finite[Math.min(opts.skipStart ?? 10, finite.length - 1)].smoothed;
  const lowest = Math.min(...finite.map((p) => p.smoothed));
  return lowest <= (1 - MIN_FALL) * from ? 'suggested' : 'no_learning_rate_works';
}

/**
 * Suggest a learning rate from a swept curve (always one the sweep tried). `min_over_10`: lr at the smoothed minimum / 10.
 * `steepest`: the most negative slope d(smoothed)/d(log10 lr) over ±`window` steps, searched from
 * `skipStart` to the minimum (falls back to min/10 when there is no room). NaN when the curve is too
 * short to judge.
 */
export function suggestLr(curve: readonly LrPoint[], rule: SuggestionRule, opts: SuggestOptions = {}): number {
  const finite = curve.filter((p) => Number.isFinite(p.smoothed));
  if (finite.length < 3) return NaN;
  let iMin = 0;
  for (let i = 1; i < finite.length; i++) if (finite[i].smoothed < finite[iMin].smoothed) iMin = i;
  if (rule === 'min_over_10') return Math.max(finite[iMin].lr / 10, finite[0].lr);
  const k = Math.max(1, opts.window ?? 3);
  let best = NaN;
  let bestSlope = Infinity;
  for (let i = Math.max(k, Math.min(opts.skipStart ?? 10, iMin)); i <= iMin && i + k < finite.length; i++) {
    const slope = (finite[i + k].smoothed - finite[i - k].smoothed) / (Math.log10(finite[i + k].lr) - Math.log10(finite[i - k].lr));
    if (slope < bestSlope) {
      bestSlope = slope;
      best = finite[i].lr;
    }
  }
  // min/10 can fall below the sweep's first rate: never suggest a rate the sweep did not try.
  return Number.isFinite(best) ? best : Math.max(finite[iMin].lr / 10, finite[0].lr);
}
