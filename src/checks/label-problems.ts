/**
 * label_problems — the labels `checkup()` was given cannot teach the model what the user thinks.
 *
 * Rules, on the label summary (classification only; `checkup()` fills it, fit never does); all issues
 * found go into one finding, named by the most serious:
 *  - out_of_range → error: NaN/Infinity labels; integer labels that are negative, fractional or ≥ the
 *    number of classes; binary labels outside [0, 1];
 *  - not_one_hot → error: with categoricalCrossentropy, label rows that are not a probability
 *    distribution (a value outside [0, 1] or a row sum ≠ 1 ± 1e-3; smoothed labels are fine);
 *  - missing_class → warning: a class with no sample, judged only with ≥ 5 samples per class;
 *  - imbalance → warning: the majority class has ≥ 10× the samples of the minority class, or ≥ 90%
 *    of all samples (same sample floor).
 * Sources: Karpathy, "A Recipe for Training Neural Networks" (2019) — "become one with the data";
 * He & Garcia, "Learning from Imbalanced Data" (IEEE TKDE 2009) for the imbalance ratios.
 */
import type { EvidenceByCode } from '../findings';
import type { Check } from './check';
import { now } from './check';

const MIN_PER_CLASS = 5;
const RATIO_LIMIT = 10;
const SHARE_LIMIT = 0.9;

type Issue = EvidenceByCode['label_problems']['issue'];

export const labelProblems: Check<'label_problems'> = {
  code: 'label_problems',
  run(record) {
    const labels = record.checkup?.labels;
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
        },
      },
    ];
  },
};
