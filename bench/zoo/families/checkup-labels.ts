/**
 * Generated label_problems families (checkup only: the labels are read by checkup(), never by fit).
 * One family plants labels that are invalid for the loss (out-of-range, NaN, multi-hot); the other
 * plants class distributions that cannot teach the task (severe imbalance, a class missing).
 *
 * Confirmation (../outcome.ts): a fit of our own of the buggy program (200 steps of batch 32, 80 on
 * CIFAR-10) fails to learn the task the user meant — judged on the fixed twin's labels and samples
 * (`intended`) — AND the fixed twin (the same model trained on those labels for as long) learns it.
 * Criterion per family: invalid labels — the standard one (cross-entropy < 0.9 × the label prior's
 * entropy and accuracy ≥ 10 points over the majority share; a fit that throws or goes non-finite
 * fails); class distribution — the standard one AND every class recognised on at least half of its
 * samples (the harm of a missing or starved class is that it is never predicted). Noted, not gated:
 * the defect counted on the label tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { oneHot, rng } from '../data';
import type { Act } from '../models';
import { lossName, outputUnits } from '../oracles';
import { byOutcome, STANDARD } from '../outcome';
import { cnnBody, drawData, drawOptimizer, isImage, labelWidth, mlpBody, seq, values, widthsOf, withLabels, type DataKind, type Spec } from './checkup-kit';
import type { Draw, Family } from './family';

function body(d: Draw, kind: DataKind): { specs: Spec[]; text: string } {
  if (isImage(kind)) {
    const filters = kind === 'cifar' ? d.pick([[8], [8, 16]]) : d.pick([[8], [8, 16]]);
    const head = d.pick([16, 32, 64]);
    return { specs: cnnBody(filters, head), text: `cnn ${filters.join('-')}/${head}` };
  }
  const widths = widthsOf(d, [1, 3]);
  return { specs: mlpBody(widths, 'relu'), text: `mlp ${widths.join('×')}` };
}

const trialFor = (d: Draw, kind: DataKind) => (!isImage(kind) && d.next() < 0.3 ? { overfitBatch: { samples: d.int(4, 16), steps: d.int(40, 100) } } : undefined);

// ================================================================================ invalid labels

/**
 * Label entries the loss cannot read as classes, counted on the label tensor against the model's
 * output and loss: with a column of class ids (sparse cross-entropy), NaN, negative, fractional or
 * ≥ units ids; with one sigmoid unit (binary cross-entropy), values outside [0, 1] or NaN; with
 * one-hot rows (categorical cross-entropy), rows that are not a probability distribution (an entry
 * outside [0, 1] or NaN, or a row sum ≠ 1 ± 1e-3).
 */
export function invalidLabels(model: tfl.LayersModel, y: tf.Tensor): { invalid: number; rows: number } {
  const width = labelWidth(y);
  const v = values(y);
  const rows = v.length / width;
  const units = outputUnits(model);
  const loss = lossName(model);
  let invalid = 0;
  if (width === 1 && loss === 'sparseCategoricalCrossentropy') invalid = v.filter((l) => !Number.isInteger(l) || l < 0 || l >= units).length;
  else if (width === 1 && loss === 'binaryCrossentropy') invalid = v.filter((l) => !(l >= 0 && l <= 1)).length;
  else if (width > 1) {
    for (let r = 0; r < rows; r++) {
      const row = v.slice(r * width, (r + 1) * width);
      const sum = row.reduce((a, b) => a + b, 0);
      if (row.some((e) => !(e >= 0 && e <= 1)) || !(Math.abs(sum - 1) <= 1e-3)) invalid++;
    }
  }
  return { invalid, rows };
}

/**
 * label_problems, invalid labels: class ids exported 1-based (R, MATLAB, a CSV with ids 1…C) for a
 * sparse loss; −1 left for "unlabelled" rows (2–20%); NaN for missing labels (1–10% of rows, as ids or
 * as whole one-hot rows from a failed join); multi-hot rows for a softmax (5–35% of rows with a second
 * 1, annotations merged with OR); the label column normalised with the features (ids / (C − 1)); or
 * binary labels in the SVM convention −1/+1 for a sigmoid. MLPs on blobs/spirals/binary, CNNs on bars
 * or CIFAR-10 slices; any optimizer; 30% of the vector variants also run the overfit-batch trial.
 * Fixed twin: the same model on the valid labels (0-based ids, one-hot rows, 0/1), judged — with the
 * buggy model — on those (`intended`). Noted: `invalidLabels`, the labels the loss cannot read.
 */
export const labelsInvalid: Family = {
  id: 'label_problems/invalid-labels',
  expected: ['label_problems'],
  kind: 'checkup',
  what: 'labels the loss cannot read: 1-based ids, −1 unlabelled, NaN, multi-hot rows, ids normalised to [0, 1], ±1 binary; MLP/CNN incl. CIFAR-10',
  sample(d) {
    const mech = d.pick(['one-based', 'minus-one-unlabelled', 'nan-missing', 'multi-hot', 'normalised-ids', 'plus-minus-one'] as const);
    const kind: DataKind = mech === 'plus-minus-one' ? 'binary' : d.pick(['blobs', 'blobs', 'spirals', 'bars', 'cifar'] as const);
    const data = drawData(d, kind, { n: [240, 600], classes: mech === 'normalised-ids' ? [3, 6] : [2, 6] });
    const b = body(d, kind);
    const opt = drawOptimizer(d);
    const share = mech === 'minus-one-unlabelled' ? d.uniform(0.02, 0.2) : mech === 'nan-missing' ? d.uniform(0.01, 0.1) : mech === 'multi-hot' ? d.uniform(0.05, 0.35) : 1;
    const nanAsOneHot = mech === 'nan-missing' && d.next() < 0.5;
    const onehot = mech === 'multi-hot' || nanAsOneHot;
    const binaryOut = mech === 'plus-minus-one';
    const seed = d.seed();
    const trial = trialFor(d, kind);
    const output: Spec = binaryOut ? { dense: 1, act: 'sigmoid' as Act, name: 'output' } : { dense: data.classes, act: 'softmax' as Act, name: 'output' };
    const loss = binaryOut ? 'binaryCrossentropy' : onehot ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy';
    return {
      what: `${mech}${share < 1 ? ` ${(100 * share).toFixed(0)}% of rows` : ''}${nanAsOneHot ? ' (one-hot rows)' : ''}: ${b.text}, ${data.text}, ${loss}, ${opt.text}${trial ? ', overfit trial' : ''}`,
      build: () => seq(data.inputShape, [...b.specs, output], opt.make(), loss),
      data: async () => {
        const c = await data.load();
        const next = rng(seed);
        const C = c.classes;
        const hit = c.labels.map(() => next() < share);
        if (!hit.some(Boolean)) hit[Math.floor(next() * hit.length)] = true;
        let y: tf.Tensor;
        if (mech === 'multi-hot') {
          const rows = c.labels.map((l, i) => Array.from({ length: C }, (_, j) => (j === l || (hit[i] && j === (l + 1 + Math.floor(next() * (C - 1))) % C) ? 1 : 0)));
          y = tf.tensor2d(rows.flat(), [rows.length, C]);
        } else if (nanAsOneHot) {
          const rows = c.labels.map((l, i) => Array.from({ length: C }, (_, j) => (hit[i] ? NaN : j === l ? 1 : 0)));
          y = tf.tensor2d(rows.flat(), [rows.length, C]);
        } else {
          const ids = c.labels.map((l, i) => {
            if (mech === 'one-based') return l + 1;
            if (mech === 'normalised-ids') return l / (C - 1);
            if (mech === 'plus-minus-one') return 2 * l - 1;
            if (!hit[i]) return l;
            return mech === 'minus-one-unlabelled' ? -1 : NaN;
          });
          y = tf.tensor2d(ids, [ids.length, 1]);
        }
        return { x: c.x, y };
      },
      checkup: trial,
      twin: { fix: 'valid labels', intended: true, build: () => seq(data.inputShape, [...b.specs, output], opt.make(), loss), data: withLabels(data, onehot ? 'onehot' : 'ids') },
    };
  },
  confirm: byOutcome({
    describe: ({ model, data }) => {
      const { invalid, rows } = invalidLabels(model, data.y);
      return `${invalid} of ${rows} labels invalid for ${lossName(model)} on ${outputUnits(model)} units`;
    },
  }),
};

// ============================================================================ class distribution

/**
 * Class counts over the model's classes (its output units, or 2 for one sigmoid unit), and what they
 * say: a class with no sample (judged only with ≥ 5 samples per class on average, so a tiny batch is
 * not called deficient), or severe imbalance — the majority class has ≥ 10× the samples of the
 * rarest present class, or ≥ 90% of all samples (He & Garcia, "Learning from Imbalanced Data", 2009,
 * treat 10:1 and beyond as the imbalanced regime where accuracy stops meaning anything).
 */
export function classDistribution(model: tfl.LayersModel, y: tf.Tensor): { counts: number[]; missing: number; ratio: number; share: number; perClass: number } {
  const units = outputUnits(model);
  const C = units === 1 ? 2 : units;
  const ids = labelWidth(y) === 1 ? values(y) : values(tf.tidy(() => tf.argMax(y, -1)));
  const counts = Array.from({ length: C }, (_, c) => ids.filter((l) => l === c).length);
  const present = counts.filter((n) => n > 0);
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    counts,
    missing: counts.filter((n) => n === 0).length,
    ratio: present.length > 1 ? Math.max(...present) / Math.min(...present) : Infinity,
    share: Math.max(...counts) / total,
    perClass: ids.length / C,
  };
}

/**
 * label_problems, class distribution: a rare positive class in a binary task (1–7% positives, an
 * unfiltered log of rare events); a long tail (one or two of 3–6 classes kept at 2–8% of their
 * samples); a dominant "background" class at 90–97%; a data set sorted by label and then sliced for
 * the training split (50% to (C−1)/C − 5% kept, so the last classes are missing); or a JavaScript
 * `filter(s => s.label)` that silently drops every class-0 sample. MLPs on blobs/spirals/binary, CNNs
 * on bars or CIFAR-10 slices; one-hot or id labels; 30% of the vector variants also run the
 * overfit-batch trial. Fixed twin: the same model on every sample of the drawn set (its classes
 * balanced), judged — with the buggy model — on that set (`intended`). Noted: the class counts.
 */
export const labelsDistribution: Family = {
  id: 'label_problems/class-distribution',
  expected: ['label_problems'],
  kind: 'checkup',
  what: 'class distributions that cannot teach the task: 1–7% positives, a long tail at 2–8%, a 90–97% dominant class, sorted-then-sliced (classes missing), class 0 dropped by a truthy filter',
  sample(d) {
    const mech = d.pick(['rare-positive', 'long-tail', 'dominant-class', 'sorted-then-sliced', 'falsy-filter'] as const);
    // A dominant class keeps all of its samples and a few of the others: start from a larger set (not CIFAR's ≤ 384).
    const kind: DataKind = mech === 'rare-positive' ? 'binary' : d.pick(mech === 'dominant-class' ? (['blobs', 'spirals', 'bars'] as const) : (['blobs', 'blobs', 'spirals', 'bars', 'cifar'] as const));
    const data = drawData(d, kind, { n: mech === 'rare-positive' ? [300, 800] : mech === 'dominant-class' ? [900, 1800] : [300, 900], classes: [3, 6] });
    const b = body(d, kind);
    const opt = drawOptimizer(d);
    const binaryOut = kind === 'binary';
    const format = binaryOut || d.next() < 0.4 ? 'ids' : 'onehot';
    const seed = d.seed();
    const C = data.classes;
    const positives = d.uniform(0.01, 0.07);
    const rare = Array.from({ length: d.int(1, 2) }, () => d.int(0, C - 1));
    const keepRare = d.uniform(0.02, 0.08);
    const dominantShare = d.uniform(0.9, 0.97);
    const sliceShare = d.uniform(0.5, (C - 1) / C - 0.05);
    const trial = trialFor(d, kind);
    const detail = {
      'rare-positive': `${(100 * positives).toFixed(1)}% positives`,
      'long-tail': `class${rare.length > 1 ? 'es' : ''} ${[...new Set(rare)].join(', ')} kept at ${(100 * keepRare).toFixed(1)}%`,
      'dominant-class': `class 0 at ${(100 * dominantShare).toFixed(1)}%`,
      'sorted-then-sliced': `first ${(100 * sliceShare).toFixed(0)}% of the label-sorted data`,
      'falsy-filter': 'class 0 dropped',
    }[mech];
    const loss = binaryOut ? 'binaryCrossentropy' : format === 'ids' ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy';
    const output: Spec = binaryOut ? { dense: 1, act: 'sigmoid', name: 'output' } : { dense: C, act: 'softmax', name: 'output' };
    return {
      what: `${mech} (${detail}): ${b.text}, ${data.text}, ${loss}, ${opt.text}${trial ? ', overfit trial' : ''}`,
      build: () => seq(data.inputShape, [...b.specs, output], opt.make(), loss),
      data: async () => {
        const c = await data.load();
        const next = rng(seed);
        let labels = c.labels;
        let idx = labels.map((_, i) => i);
        if (mech === 'rare-positive') {
          // Keep every negative and a positives/(1 − positives) share of the positives: ≈ `positives` of the rows are positive.
          idx = idx.filter((i) => labels[i] === 0 || next() < positives / (1 - positives));
        } else if (mech === 'long-tail') {
          idx = idx.filter((i) => !rare.includes(labels[i]) || next() < keepRare);
        } else if (mech === 'dominant-class') {
          const n0 = labels.filter((l) => l === 0).length;
          const others = labels.length - n0;
          const keep = (n0 * (1 - dominantShare)) / dominantShare / others;
          idx = idx.filter((i) => labels[i] === 0 || next() < keep);
        } else if (mech === 'sorted-then-sliced') {
          idx = [...idx].sort((a, b2) => labels[a] - labels[b2] || a - b2).slice(0, Math.floor(sliceShare * labels.length));
        } else {
          idx = idx.filter((i) => labels[i] !== 0);
        }
        const x = tf.tidy(() => tf.gather(c.x, tf.tensor1d(idx, 'int32')));
        c.x.dispose();
        labels = idx.map((i) => labels[i]);
        const y = format === 'ids' ? tf.tensor2d(labels, [labels.length, 1]) : oneHot(labels, C);
        return { x, y };
      },
      checkup: trial,
      twin: { fix: 'every sample kept', intended: true, build: () => seq(data.inputShape, [...b.specs, output], opt.make(), loss), data: withLabels(data, format) },
    };
  },
  confirm: byOutcome({
    criterion: { ...STANDARD, minRecall: 0.5 },
    describe: ({ model, data }) => {
      const m = classDistribution(model, data.y);
      return `class counts ${m.counts.join('/')} (majority share ${(100 * m.share).toFixed(0)}%)`;
    },
  }),
};
