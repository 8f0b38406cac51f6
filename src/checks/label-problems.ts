/**
 * label_problems — the labels cannot teach the model what the user thinks.
 *
 * Rules on the labels `checkup()` was given (classification only); all issues found go into one finding,
 * named by the most serious:
 *  - out_of_range → error: NaN/Infinity labels; integer labels that are negative, fractional or ≥ the
 *    number of classes; binary labels outside [0, 1];
 *  - not_one_hot → error: with categoricalCrossentropy, label rows that are not a probability
 *    distribution (a value outside [0, 1] or a row sum ≠ 1 ± 1e-3; smoothed labels are fine);
 *  - missing_class → warning: a class with no sample, judged only with ≥ 5 samples per class;
 *  - imbalance → warning: the majority class has ≥ 10× the samples of the minority class, or ≥ 90%
 *    of all samples (same sample floor).
 * Rules during fit, on the labels of the training batches (probes/label-prior.ts) and the loss:
 *  - out_of_range → error: sparse labels that are fractional (labels / 255 — tfjs truncates them to class
 *    0 and the loss "learns" all-zero labels), negative or ≥ the output units; binary labels outside [0, 1]
 *    (integer labels 0–9 fed to one sigmoid unit);
 *  - impossible_loss → error: a cross-entropy below 0, which no valid label gives;
 *  - missing_in_training → warning, error once the validation loss is ≥ 2× the training loss: after a whole
 *    epoch (≥ 5 samples per class), a class no training batch held — tfjs's `validationSplit` takes the
 *    last fraction of x *before* shuffling, so data sorted by class trains on some classes and validates on
 *    the others.
 * Sources: Karpathy, "A Recipe for Training Neural Networks" (2019) — "become one with the data";
 * He & Garcia, "Learning from Imbalanced Data" (IEEE TKDE 2009) for the imbalance ratios; tfjs-layers
 * training.ts (`validationSplit` slices before shuffling).
 */
import type { EvidenceByCode, FindingDraft } from '../findings';
import type { RunRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { currentFit } from './progress';

const MIN_PER_CLASS = 5;
const RATIO_LIMIT = 10;
const SHARE_LIMIT = 0.9;

type Issue = EvidenceByCode['label_problems']['issue'];

const CROSS_ENTROPY = new Set(['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy', 'softmaxCrossEntropy', 'sigmoidCrossEntropy']);
/** A cross-entropy below this is impossible (float noise aside). */
const NEGATIVE_LOSS = -1e-4;
const GAP_FACTOR = 2;

export const labelProblems: Check<'label_problems'> = {
  code: 'label_problems',
  run(record) {
    return record.checkup?.labels ? checkupRules(record) : fitRules(record);
  },
};

type Evidence = EvidenceByCode['label_problems'];

function fitRules(record: RunRecord): FindingDraft<'label_problems'>[] {
  const { model } = record;
  const draft = (severity: 'error' | 'warning', e: Partial<Evidence> & { issue: Issue }): FindingDraft<'label_problems'>[] => [
    {
      code: 'label_problems',
      severity,
      ...now(record),
      evidence: { samples: record.labels?.samples ?? 0, numClasses: model.numClasses ?? NaN, invalid: NaN, missingClasses: 'none', majorityShare: NaN, imbalanceRatio: NaN, ...e },
    },
  ];
  const fit = currentFit(record);
  if (CROSS_ENTROPY.has(model.loss)) {
    // fit's own loss: the penalties it adds are ≥ 0, so a negative total is impossible too (and needs no
    // penalty subtracted).
    const loss = record.steps.loss;
    for (let i = Math.max(fit.startIndex, loss.length - 1); i < loss.length; i++) {
      if (loss[i] < NEGATIVE_LOSS) return draft('error', { issue: 'impossible_loss', invalid: loss[i] });
    }
  }
  const labels = record.labels;
  if (!labels || labels.samples === 0) return [];
  const units = model.layers[model.layers.length - 1]?.outputShape?.slice(-1)[0] ?? NaN;
  const binaryLoss = model.loss === 'binaryCrossentropy' || model.loss === 'sigmoidCrossEntropy';
  const sparse = model.loss === 'sparseCategoricalCrossentropy';
  const outOfRange =
    (sparse && (!labels.integerValued || labels.min < 0 || (Number.isFinite(units) && labels.max >= units))) ||
    (binaryLoss && (labels.min < 0 || labels.max > 1));
  if (outOfRange) return draft('error', { issue: 'out_of_range', numClasses: sparse ? units : 2, invalid: NaN, missingClasses: 'none', majorityShare: NaN, imbalanceRatio: NaN, labelMin: labels.min, labelMax: labels.max });

  const classes = labels.counts.length;
  const epochCounted = Number.isFinite(fit.samples) && labels.samples >= fit.samples;
  if (model.task === 'multiclass' && epochCounted && classes >= 2 && labels.samples >= MIN_PER_CLASS * classes) {
    const missing = labels.counts.map((c, i) => (c === 0 ? i : -1)).filter((i) => i >= 0);
    if (missing.length) {
      const epoch = record.epochs[record.epochs.length - 1]?.logs;
      const gap = epoch && epoch.val_loss >= GAP_FACTOR * epoch.loss;
      return draft(gap ? 'error' : 'warning', { issue: 'missing_in_training', missingClasses: missing.join(', '), invalid: missing.length });
    }
  }
  return [];
}

function checkupRules(record: RunRecord): FindingDraft<'label_problems'>[] {
  {
    const labels = record.checkup!.labels!;
    const { model } = record;
    if (!labels || (model.task !== 'multiclass' && model.task !== 'binary' && model.task !== 'multilabel')) return [];
    const n = labels.samples;
    const binaryLoss = model.loss === 'binaryCrossentropy' || model.loss === 'sigmoidCrossEntropy';
    const numClasses = labels.width > 1 ? labels.width : binaryLoss ? 2 : model.numClasses ?? labels.max + 1;
    const counts = Array.from({ length: Number.isFinite(numClasses) ? Math.max(numClasses, 0) : 0 }, (_, i) => labels.counts[i] ?? 0);
    const counted = labels.counts.reduce((a, b) => a + b, 0);

    const issues: Issue[] = [];
    let invalid = labels.nonFinite;
    if (labels.width === 1) {
      // Whole numbers in [0, numClasses) are valid class ids; binary losses also take soft labels in [0, 1].
      const softBinary = binaryLoss && labels.min >= 0 && labels.max <= 1;
      if (!softBinary) invalid += n - labels.nonFinite - counts.reduce((a, b) => a + b, 0);
    } else if (binaryLoss) {
      if (labels.min < 0 || labels.max > 1) invalid += n; // count unknown per row: the whole set is suspect
    }
    if (invalid > 0) issues.push('out_of_range');
    let notOneHot = 0;
    if (labels.width > 1 && model.loss === 'categoricalCrossentropy' && labels.notDistributionRows > 0) {
      notOneHot = labels.notDistributionRows;
      issues.push('not_one_hot');
    }

    let missing: number[] = [];
    let majorityShare = NaN;
    let imbalanceRatio = NaN;
    // Class counts mean something for hard integer ids and for (possibly smoothed) one-hot rows.
    const classLabels = model.task !== 'multilabel' && counted > 0 && counts.length >= 2 && (labels.width > 1 || labels.integerValued);
    if (classLabels && n >= MIN_PER_CLASS * numClasses) {
      missing = counts.map((c, i) => (c === 0 ? i : -1)).filter((i) => i >= 0);
      const present = counts.filter((c) => c > 0);
      const total = counts.reduce((a, b) => a + b, 0);
      majorityShare = Math.max(...counts) / total;
      imbalanceRatio = present.length > 1 ? Math.max(...present) / Math.min(...present) : Infinity;
      if (missing.length) issues.push('missing_class');
      if (present.length > 1 && (imbalanceRatio >= RATIO_LIMIT || majorityShare >= SHARE_LIMIT)) issues.push('imbalance');
    }
    if (issues.length === 0) return [];
    const issue = issues[0];
    return [
      {
        code: 'label_problems',
        severity: issue === 'out_of_range' || issue === 'not_one_hot' ? 'error' : 'warning',
        ...now(record),
        evidence: {
          issue,
          samples: n,
          numClasses,
          invalid: issue === 'not_one_hot' ? notOneHot : invalid,
          missingClasses: missing.length ? missing.join(', ') : 'none',
          majorityShare,
          imbalanceRatio,
          labelMin: labels.min,
          labelMax: labels.max,
        },
      },
    ];
  }
}
