/**
 * saturated_output — softmax/sigmoid outputs pinned at 0/1, so the clipped loss gives no gradient.
 *
 * tfjs's categorical/binary cross-entropy on probabilities clips them to [ε, 1 − ε], ε being the
 * backend's epsilon (1e-7 on cpu and wasm, 1e-4 on webgl): a sample whose true-class probability is
 * below ε costs −ln ε (16.1, or 9.21 on webgl) and gets *zero* gradient. A model that starts that way sits
 * at loss ≈ −ln ε × (1 − accuracy) (≈ 14.5 at 10% on wasm) and never moves.
 * A symptom, judged only while the fit is not learning (progress.ts) — a transient in the first steps of a
 * run that then learns is not harm:
 *  - with labels: ≥ 30% of the probe batch has a clipped true-class probability in every probe of the
 *    newest ≥ 3 spanning ≥ 16 steps → error;
 *  - minority: ≥ 5% in every probe after the first update of the newest ≥ 3 spanning ≥ 20 steps, while those
 *    samples carry at least half the mean loss of the last 10 steps → warning. Pinned outputs alone prove
 *    nothing: healthy classifiers pin up to 80% on the *right* side;
 *  - without labels: ≥ 90% of the probe batch pinned in those probes and a mean loss of the last 10
 *    steps ≥ 5 → warning.
 * Outputs trained on logits are exempt (no clipping). Source: tfjs-layers losses.ts
 * (`clipByValue(epsilon(), 1 − epsilon())`); measured in tfjs 4.22.
 */
import type { Check } from './check';
import { now } from './check';
import type { FindingDraft } from '../findings';
import type { OutputStats, RunRecord } from '../record';
import { isFiniteNumber, mean, probesSpanning, tail } from './series';

/** The clipped loss of one sample: −ln ε for the backend's ε. */
export const clippedLossCeiling = (epsilon: number): number => -Math.log(epsilon > 0 ? epsilon : 1e-7);

const NO_GRADIENT_LIMIT = 0.3;
const PINNED_LIMIT = 0.9;
const UNLABELLED_MIN_LOSS = 5;
const PROBES = 3;
const SPAN_STEPS = 16;
const MINORITY_LIMIT = 0.05;
const MINORITY_SPAN_STEPS = 20;
/** Share of the recent mean loss the clipped samples must account for (at −ln ε each). */
const MINORITY_LOSS_SHARE = 0.5;

export const saturatedOutput: Check<'saturated_output'> = {
  code: 'saturated_output',
  run(record, { progress }) {
    if (record.model.lossOnLogits || progress.learning) return [];
    const recent = probesSpanning(record, PROBES, SPAN_STEPS, (p) => p.output !== undefined);
    if (!recent) return [];
    const meanLoss = mean(tail(record.steps.dataLoss, 10));
    const w = worst(recent.map((p) => p.output!));
    const fires = w.labelled ? w.noGradient >= NO_GRADIENT_LIMIT : w.pinned >= PINNED_LIMIT && meanLoss >= UNLABELLED_MIN_LOSS;
    if (!fires) return w.labelled ? minoritySaturation(record, meanLoss) : [];
    return draft(record, w.labelled ? 'error' : 'warning', w, meanLoss);
  },
};

/** A persistent minority of samples pinned on the wrong side, carrying most of the loss. */
function minoritySaturation(record: RunRecord, meanLoss: number): FindingDraft<'saturated_output'>[] {
  const recent = probesSpanning(record, PROBES, MINORITY_SPAN_STEPS, (p) => !p.beforeFirstUpdate && isFiniteNumber(p.output?.noGradientFraction));
  if (!recent) return [];
  const w = worst(recent.map((p) => p.output!));
  const ceiling = clippedLossCeiling(record.model.epsilon);
  if (w.noGradient < MINORITY_LIMIT || !(w.noGradient * ceiling >= MINORITY_LOSS_SHARE * meanLoss)) return [];
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
      evidence: {
        noGradientFraction: w.noGradient,
        saturatedFraction: w.pinned,
        meanLoss,
        clippedLossCeiling: clippedLossCeiling(record.model.epsilon),
        probes: w.probes,
      },
    },
  ];
}
