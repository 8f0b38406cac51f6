/**
 * saturated_output — softmax/sigmoid outputs pinned at 0/1, so the clipped loss gives no gradient.
 *
 * tfjs's categorical/binary cross-entropy on probabilities clips them to [1e-7, 1 − 1e-7]: a sample
 * whose true-class probability is below 1e-7 costs −ln(1e-7) ≈ 16.1 and gets *zero* gradient. A model
 * that starts that way sits at loss ≈ 16.1 × (1 − accuracy) (≈ 14.5 at 10%) and never moves.
 * Rules, with labels: ≥ 30% of the probe batch has a clipped true-class probability in each of the
 * last 2 probes → error. Minority saturation: ≥ 5% in each of the last 3 probes after the first update
 * (spanning ≥ 20 steps) while those samples make up at least half the mean loss of the last 10 steps
 * (5% × 16.1 = 0.8 nats) → warning. Such samples can never be learnt, yet after the first updates they
 * are often a minority: a sigmoid classifier with an output kernel of stddev 10–50 ends 94–99% pinned
 * with 5–24% on the wrong side (detection zoo); healthy controls had 0% wrong-pinned in every probe,
 * though up to 80% pinned on the right side — which is why pinned outputs alone prove nothing.
 * Without labels: ≥ 90% of the probe batch is pinned in the last 2 probes and the mean loss of the last
 * 10 steps is ≥ 5 → warning. Outputs trained on logits are exempt (no clipping).
 * Source: tfjs-layers losses.ts (`clipByValue(epsilon, 1 − epsilon)`); measured in tfjs 4.22.
 */
import type { Check } from './check';
import { now } from './check';
import type { FindingDraft } from '../findings';
import type { OutputStats, RunRecord } from '../record';
import { isFiniteNumber, mean, recentProbes, tail, trainingProbes } from './series';

export const CLIPPED_LOSS_CEILING = -Math.log(1e-7);
const NO_GRADIENT_LIMIT = 0.3;
const PINNED_LIMIT = 0.9;
const UNLABELLED_MIN_LOSS = 5;
const PROBES = 2;
const MINORITY_LIMIT = 0.05;
const MINORITY_PROBES = 3;
const MINORITY_SPAN_STEPS = 20;
/** Share of the recent mean loss the clipped samples must account for (at 16.1 nats each). */
const MINORITY_LOSS_SHARE = 0.5;

export const saturatedOutput: Check<'saturated_output'> = {
  code: 'saturated_output',
  run(record) {
    if (record.model.lossOnLogits) return [];
    const recent = recentProbes(record, PROBES, (p) => p.output !== undefined);
    if (recent.length < PROBES) return [];
    const meanLoss = mean(tail(record.steps.loss, 10));
    const w = worst(recent.map((p) => p.output!));
    const fires = w.labelled ? w.noGradient >= NO_GRADIENT_LIMIT : w.pinned >= PINNED_LIMIT && meanLoss >= UNLABELLED_MIN_LOSS;
    if (!fires) return w.labelled ? minoritySaturation(record, meanLoss) : [];
    return draft(record, w.labelled ? 'error' : 'warning', w, meanLoss);
  },
};

/** A persistent minority of samples pinned on the wrong side, carrying most of the loss. */
function minoritySaturation(record: RunRecord, meanLoss: number): FindingDraft<'saturated_output'>[] {
  const recent = trainingProbes(record, MINORITY_PROBES).filter((p) => isFiniteNumber(p.output?.noGradientFraction));
  if (recent.length < MINORITY_PROBES || recent[recent.length - 1].step - recent[0].step < MINORITY_SPAN_STEPS) return [];
  const w = worst(recent.map((p) => p.output!));
  if (w.noGradient < MINORITY_LIMIT || !(w.noGradient * CLIPPED_LOSS_CEILING >= MINORITY_LOSS_SHARE * meanLoss)) return [];
  return draft(record, 'warning', w, meanLoss);
}

interface Worst {
  /** Every probe measured against labels. */
  labelled: boolean;
  /** Smallest share of samples with a clipped true-class probability (NaN without labels). */
  noGradient: number;
  /** Smallest share of pinned outputs. */
  pinned: number;
  probes: number;
}

/** The probes' least-bad values: a rule holds in each of them when it holds for these. */
function worst(outputs: OutputStats[]): Worst {
  const labelled = outputs.every((o) => isFiniteNumber(o.noGradientFraction));
  return {
    labelled,
    noGradient: labelled ? Math.min(...outputs.map((o) => o.noGradientFraction!)) : NaN,
    pinned: Math.min(...outputs.map((o) => o.saturatedFraction)),
    probes: outputs.length,
  };
}

function draft(record: RunRecord, severity: 'error' | 'warning', w: Worst, meanLoss: number): FindingDraft<'saturated_output'>[] {
  return [
    {
      code: 'saturated_output',
      severity,
      ...now(record),
      layer: record.model.layers[record.model.layers.length - 1]?.name,
      evidence: { noGradientFraction: w.noGradient, saturatedFraction: w.pinned, meanLoss, clippedLossCeiling: CLIPPED_LOSS_CEILING, probes: w.probes },
    },
  ];
}
