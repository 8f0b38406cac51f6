/**
 * Generated families for the structural codes — output_loss_mismatch, missing_activation and
 * dropout_too_high. cnn-doctor judges them from the model (and, for the label-based output/loss rules,
 * from the labels checkup() sees), so they are raised from step 0 of fit as well as by checkup(): one
 * family per code runs under fit (short runs: the fault is there before the first step), the other
 * under checkup.
 *
 * Confirmation, every family (../outcome.ts): the buggy program fails to learn by the standard
 * criterion (cross-entropy not below 0.9 × the label prior's entropy or accuracy not 10 points over the
 * majority share; a regression's MSE not below 0.9 × var(y); a non-finite loss; or a fit that throws)
 * AND its fixed twin, named per family, learns by the same criterion. Fit families: the harness's run
 * and a twin of the same steps; checkup families: a fit of our own of each (200 steps of batch 32, 80
 * on CIFAR-10). Noted, not gated: the structural fact measured on the model (the mismatch, the affine
 * layer pair, the dropout share).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ZooData } from '../data';
import type { Act } from '../models';
import { activationOf, atInitialWeights, lossName, outputUnits, pct } from '../oracles';
import { byOutcome } from '../outcome';
import {
  affinePairs, cnnBody, drawData, drawOptimizer, dropoutRuns, isImage, labelWidth, measuredDropShare, mlpBody, outputFor, seq, values, widthsOf,
  withLabels, type DataKind, type Spec,
} from './checkup-kit';
import type { Draw, Family } from './family';

const PROBABILITY_LOSSES = ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy'];
const fmt = (v: number) => (Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : v.toExponential(1));

/**
 * Measured output/loss/label mismatches of a model and its labels: each entry names what the loss is
 * given against what it needs, with a measurement on the model's own predictions (on up to 64
 * training samples) or on the label tensor. Empty when output, loss and labels belong together.
 */
export function outputLossMismatches(model: tfl.LayersModel, data: ZooData): string[] {
  const found: string[] = [];
  const act = activationOf(model.layers[model.layers.length - 1]);
  const units = outputUnits(model);
  const loss = lossName(model);
  const xs = tf.slice(data.x, 0, Math.min(64, data.x.shape[0]));
  const p = model.predict(xs) as tf.Tensor;
  const pv = values(p);
  const sums = values(tf.tidy(() => tf.sum(p, -1)));
  tf.dispose([xs, p]);
  const outside = pv.filter((v) => !(v >= 0 && v <= 1)).length / pv.length;
  const badSums = sums.filter((s) => !(Math.abs(s - 1) <= 1e-3)).length / sums.length;
  const width = labelWidth(data.y);
  const yv = values(data.y);
  const rows = yv.length / width;

  if (act === 'softmax' && units === 1) {
    const off = Math.max(...pv.map((v) => Math.abs(v - 1)));
    if (off < 1e-6) found.push(`softmax over 1 unit: every prediction is 1 (max |p − 1| = ${fmt(off)})`);
  }
  if (act === 'softmax' && units > 1 && loss === 'binaryCrossentropy') found.push(`softmax over ${units} units scored by binaryCrossentropy as ${units} independent yes/no outputs`);
  if (PROBABILITY_LOSSES.includes(loss) && act !== 'softmax' && act !== 'sigmoid' && (outside > 0 || (units > 1 && badSums > 0))) {
    found.push(`${act} output into ${loss}: ${(100 * outside).toFixed(0)}% of predictions outside [0, 1], ${(100 * badSums).toFixed(0)}% of rows not summing to 1`);
  }
  if (act === 'sigmoid' && units > 1 && (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') && badSums > 0) {
    found.push(`sigmoid over ${units} units into ${loss}: ${(100 * badSums).toFixed(0)}% of prediction rows do not sum to 1`);
  }
  if (loss === 'categoricalCrossentropy' && width === 1 && units > 1) {
    found.push(`width-1 labels (values ${Math.min(...yv)}…${Math.max(...yv)}) given to categoricalCrossentropy over ${units} units`);
  }
  if (loss === 'sparseCategoricalCrossentropy' && width > 1) {
    let oneHot = 0;
    for (let r = 0; r < rows; r++) {
      const row = yv.slice(r * width, (r + 1) * width);
      if (row.filter((v) => v === 1).length === 1 && row.filter((v) => v === 0).length === width - 1) oneHot++;
    }
    found.push(`sparseCategoricalCrossentropy given ${width}-wide label rows (${(100 * oneHot / rows).toFixed(0)}% one-hot) instead of class ids`);
  }
  if (loss === 'categoricalCrossentropy' && width > 1 && width !== units) found.push(`${width}-wide one-hot labels on a ${units}-unit output`);
  if (loss === 'sparseCategoricalCrossentropy' && width === 1) {
    const beyond = yv.filter((v) => Number.isFinite(v) && v >= units).length;
    if (beyond > 0) found.push(`${beyond} of ${rows} class ids ≥ the ${units} output units`);
  }
  if (loss === 'binaryCrossentropy' && width !== units) found.push(`binaryCrossentropy with ${width}-wide labels on a ${units}-unit output`);
  return found;
}

/** Note: the output/loss/label mismatches measured on the model and its labels. */
const mismatchNote = ({ model, data }: { model: tfl.LayersModel; data: ZooData }): string => {
  const found = outputLossMismatches(model, data);
  return found.length ? found.join('; ') : `no mismatch measured (output ${activationOf(model.layers[model.layers.length - 1])} × ${outputUnits(model)}, loss ${lossName(model)}, labels ${labelWidth(data.y)} wide)`;
};

/** The hidden specs with a ReLU wherever a Dense/Conv has no activation (He init follows) and after every BatchNorm. */
function withRelu(specs: Spec[]): Spec[] {
  return specs.flatMap((s, i): Spec[] => {
    if (('dense' in s || 'conv' in s) && (s.act === undefined || s.act === 'linear')) return [{ ...s, act: 'relu' }];
    if ('bn' in s && !(specs[i + 1] && 'activation' in specs[i + 1])) return [s, { activation: 'relu' }];
    return [s];
  });
}

/** Every dropout rate set to `rate`, runs of adjacent dropouts merged into one. */
function dropoutAt(specs: Spec[], rate: number): Spec[] {
  return specs.filter((s, i) => !('dropout' in s && i > 0 && 'dropout' in specs[i - 1])).map((s) => ('dropout' in s ? { dropout: rate } : s));
}

/** A classification body for the data: an MLP for vectors, a small CNN for images. */
function body(d: Draw, kind: DataKind, act: Act = 'relu'): { specs: Spec[]; text: string } {
  if (isImage(kind)) {
    const filters = kind === 'cifar' ? d.pick([[8], [8, 16]]) : d.pick([[8], [8, 16], [16]]);
    const head = d.pick([16, 32, 64]);
    return { specs: cnnBody(filters, head, act), text: `cnn ${filters.join('-')}/${head}` };
  }
  const widths = widthsOf(d, [1, 3]);
  return { specs: mlpBody(widths, act), text: `mlp ${widths.join('×')} ${act}` };
}

// ============================================================================ output_loss_mismatch

/**
 * output_loss_mismatch, under fit: the output activation does not match the loss — the pairings
 * people write when porting code between frameworks or copying a binary example to a multi-class
 * problem: softmax + binaryCrossentropy; a linear (logits) output into categorical or sparse
 * cross-entropy (the PyTorch CrossEntropyLoss habit); a multi-unit sigmoid with categoricalCrossentropy;
 * softmax over a single unit with binaryCrossentropy; a linear single unit into binaryCrossentropy (the
 * BCEWithLogits habit). MLPs (1–3 hidden layers, relu/tanh) on blobs (2–6 classes), spirals, binary
 * blobs, or a small CNN on bars; any optimizer at a healthy rate; batch 16–128; 40–80 steps.
 * Fixed twin: the output and loss that belong together — softmax + categoricalCrossentropy on one-hot
 * labels, or one sigmoid unit + binaryCrossentropy for binary data. Noted: `outputLossMismatches`.
 */
export const olmActivationVsLoss: Family = {
  id: 'output_loss_mismatch/activation-vs-loss',
  expected: ['output_loss_mismatch'],
  kind: 'fit',
  what: 'output activation and loss that do not belong together (softmax+BCE, logits into CCE/sparse CE/BCE, multi-unit sigmoid+CCE, softmax on 1 unit), MLP or bars CNN, 40–80 steps',
  sample(d) {
    const mech = d.pick(['softmax+bce', 'logits+cce', 'logits+sparse', 'sigmoid+cce', 'softmax1+bce', 'logits1+bce'] as const);
    const binaryOut = mech === 'softmax1+bce' || mech === 'logits1+bce';
    const kind: DataKind = binaryOut ? 'binary' : d.pick(['blobs', 'spirals', 'bars'] as const);
    const data = drawData(d, kind, { n: [300, 900], classes: kind === 'blobs' ? [2, 6] : [2, 4] });
    const b = body(d, kind, kind === 'spirals' || isImage(kind) ? 'relu' : d.pick(['relu', 'relu', 'tanh'] as const));
    const opt = drawOptimizer(d);
    const batchSize = d.pick([16, 32, 64, 128]);
    const maxSteps = d.int(40, 80);
    const out: { units: number; act: Act; loss: string; format: 'onehot' | 'ids' } = {
      'softmax+bce': { units: data.classes, act: 'softmax' as Act, loss: 'binaryCrossentropy', format: 'onehot' as const },
      'logits+cce': { units: data.classes, act: 'linear' as Act, loss: 'categoricalCrossentropy', format: 'onehot' as const },
      'logits+sparse': { units: data.classes, act: 'linear' as Act, loss: 'sparseCategoricalCrossentropy', format: 'ids' as const },
      'sigmoid+cce': { units: data.classes, act: 'sigmoid' as Act, loss: 'categoricalCrossentropy', format: 'onehot' as const },
      'softmax1+bce': { units: 1, act: 'softmax' as Act, loss: 'binaryCrossentropy', format: 'ids' as const },
      'logits1+bce': { units: 1, act: 'linear' as Act, loss: 'binaryCrossentropy', format: 'ids' as const },
    }[mech];
    const fixed = binaryOut
      ? { units: 1, act: 'sigmoid' as Act, loss: 'binaryCrossentropy', format: 'ids' as const }
      : { units: data.classes, act: 'softmax' as Act, loss: 'categoricalCrossentropy', format: 'onehot' as const };
    return {
      what: `${mech}: ${b.text}, ${data.text}, ${opt.text}, batch ${batchSize}, ${maxSteps} steps`,
      build: () => seq(data.inputShape, [...b.specs, { dense: out.units, act: out.act, name: 'output' }], opt.make(), out.loss),
      data: withLabels(data, out.format),
      fit: { batchSize, maxSteps },
      twin: {
        fix: `${fixed.act} + ${fixed.loss}`,
        build: () => seq(data.inputShape, [...b.specs, { dense: fixed.units, act: fixed.act, name: 'output' }], opt.make(), fixed.loss),
        data: withLabels(data, fixed.format),
      },
    };
  },
  confirm: byOutcome({ describe: mismatchNote }),
};

/**
 * output_loss_mismatch, under checkup: the labels do not fit the output and loss — class ids in a
 * column given to categoricalCrossentropy (the one-hot step forgotten); one-hot rows given to
 * sparseCategoricalCrossentropy; a head sized for another data set (one-hot width ≠ units, e.g. the
 * 10-unit head of a CIFAR example on a 3–6 class problem, or 3 units for 4–6 classes); class ids
 * beyond the units with sparse cross-entropy; a 0/1 column on a 2-unit sigmoid with binaryCrossentropy.
 * MLPs on blobs/spirals/binary, CNNs on bars or CIFAR-10 slices; a third of the variants also ask for
 * the overfit-batch trial. Fixed twin: a softmax head of one unit per class with categorical
 * cross-entropy on one-hot labels (one sigmoid unit and binaryCrossentropy for binary data); the buggy
 * model is judged on those labels too (`intended`). Noted: the label tensor measured against the output.
 */
export const olmLabelsVsOutput: Family = {
  id: 'output_loss_mismatch/labels-vs-output',
  expected: ['output_loss_mismatch'],
  kind: 'checkup',
  what: 'labels that do not fit the output/loss (ids with CCE, one-hot with sparse CE, head width ≠ classes, ids ≥ units, 0/1 column on a 2-unit sigmoid), MLP/CNN incl. CIFAR-10',
  sample(d) {
    const mech = d.pick(['ids+cce', 'onehot+sparse', 'width-vs-units', 'ids-beyond-units', 'binary-column-2-units'] as const);
    const kind: DataKind = mech === 'binary-column-2-units' ? 'binary' : d.pick(['blobs', 'blobs', 'spirals', 'bars', 'cifar'] as const);
    const data = drawData(d, kind, { n: [240, 600], classes: mech === 'ids-beyond-units' || mech === 'width-vs-units' ? [3, 6] : [2, 6] });
    const b = body(d, kind);
    const opt = drawOptimizer(d);
    const C = data.classes;
    let units = C;
    let act: Act = 'softmax';
    let loss = 'categoricalCrossentropy';
    let format: 'onehot' | 'ids' = 'onehot';
    if (mech === 'ids+cce') format = 'ids';
    else if (mech === 'onehot+sparse') loss = 'sparseCategoricalCrossentropy';
    else if (mech === 'width-vs-units') units = C === 10 ? d.pick([2, 3, 5]) : d.pick([C - 1, C + 1, 10].filter((u) => u >= 2 && u !== C));
    else if (mech === 'ids-beyond-units') {
      loss = 'sparseCategoricalCrossentropy';
      format = 'ids';
      units = d.int(Math.max(2, C - 3), C - 1);
    } else {
      units = 2;
      act = 'sigmoid';
      loss = 'binaryCrossentropy';
      format = 'ids';
    }
    const trial = !isImage(kind) && d.next() < 0.35 ? { overfitBatch: { samples: d.int(4, 16), steps: d.int(40, 100) } } : undefined;
    const binaryData = mech === 'binary-column-2-units';
    return {
      what: `${mech}: ${units}-unit ${act} + ${loss}, labels ${format} of ${C} classes, ${b.text}, ${data.text}, ${opt.text}${trial ? ', overfit trial' : ''}`,
      build: () => seq(data.inputShape, [...b.specs, { dense: units, act, name: 'output' }], opt.make(), loss),
      data: withLabels(data, format),
      checkup: trial,
      twin: {
        fix: binaryData ? '1 sigmoid unit + binaryCrossentropy' : `${C}-unit softmax + categoricalCrossentropy on one-hot labels`,
        intended: true,
        build: () =>
          seq(data.inputShape, [...b.specs, binaryData ? { dense: 1, act: 'sigmoid', name: 'output' } : { dense: C, act: 'softmax', name: 'output' }], opt.make(), binaryData ? 'binaryCrossentropy' : 'categoricalCrossentropy'),
        data: withLabels(data, binaryData ? 'ids' : 'onehot'),
      },
    };
  },
  confirm: byOutcome({ describe: mismatchNote }),
};

// ============================================================================== missing_activation

/**
 * Note: the pairs of consecutive weighted layers whose map from the first one's input to the second
 * one's pre-activation is affine on the training data (midpoint test on real sample pairs, with the
 * initial weights) — layers that collapse into one.
 */
const affineNote: NonNullable<Parameters<typeof byOutcome>[0]>['describe'] = (ctx) => {
  // The fault is in the architecture: measure it on the initial weights (a fit may have diverged to NaN).
  const pairs = atInitialWeights(ctx, () => affinePairs(ctx.model, ctx.data.x));
  return pairs.length ? `affine layer pairs: ${pairs.map((p) => p.pair).join(', ')}` : 'no pair of consecutive weighted layers composes to an affine map on the data';
};

const confirmMissingActivation = byOutcome({ describe: affineNote });

/**
 * missing_activation, under fit: Dense layers written without `activation` (tfjs's default is linear)
 * — every hidden layer of a 2–4-layer classifier; a regression net whose 1–3 hidden layers and linear
 * output are all linear; Dense → BatchNorm → Dense with the Activation after the BatchNorm forgotten;
 * a relu block followed by two copy-pasted linear layers; or the one-hidden-layer classifier whose
 * only hidden layer has no activation (a linear model with a low-rank weight matrix). Blobs, spirals,
 * binary or regression data; any optimizer at a healthy rate; batch 16–128; 40–80 steps. Fixed twin:
 * a ReLU on every hidden layer written without one (and after every BatchNorm). Noted: `affinePairs`.
 */
export const missingActivationDense: Family = {
  id: 'missing_activation/dense-without-activation',
  expected: ['missing_activation'],
  kind: 'fit',
  what: 'Dense layers written without an activation (all hidden linear, linear regression stack, Dense→BN→Dense, linear block after relu, one linear hidden layer), 40–80 steps',
  sample(d) {
    const mech = d.pick(['all-hidden-linear', 'regression-linear', 'bn-without-activation', 'linear-block-after-relu', 'single-linear-hidden'] as const);
    const kind: DataKind = mech === 'regression-linear' ? 'blobs' : d.pick(['blobs', 'spirals', 'binary'] as const);
    const data = drawData(d, kind, { n: [300, 900], classes: [2, 5] });
    const opt = drawOptimizer(d);
    const batchSize = d.pick([16, 32, 64, 128]);
    const maxSteps = d.int(40, 80);
    let specs: Spec[];
    let what: string;
    if (mech === 'all-hidden-linear') {
      const w = widthsOf(d, [2, 4]);
      specs = w.map((u) => ({ dense: u }));
      what = `hidden ${w.join('×')} linear`;
    } else if (mech === 'regression-linear') {
      const w = widthsOf(d, [1, 3]);
      specs = w.map((u) => ({ dense: u }));
      what = `regression, hidden ${w.join('×')} linear + linear output`;
    } else if (mech === 'bn-without-activation') {
      const w = widthsOf(d, [2, 3]);
      specs = w.flatMap((u): Spec[] => [{ dense: u }, { bn: true }]);
      what = `hidden ${w.join('×')} Dense→BN, no activation`;
    } else if (mech === 'linear-block-after-relu') {
      const r = widthsOf(d, [1, 2]);
      const l = widthsOf(d, [2, 2]);
      specs = [...mlpBody(r, 'relu'), ...l.map((u): Spec => ({ dense: u }))];
      what = `relu ${r.join('×')} then linear ${l.join('×')}`;
    } else {
      const u = d.pick([16, 32, 64, 128]);
      specs = [{ dense: u }];
      what = `one linear hidden layer of ${u}`;
    }
    if (mech === 'regression-linear') {
      // Regression targets: a fixed random linear-plus-sine function of the blob features.
      const seed = d.seed();
      const targets = async () => {
        const c = await data.load();
        const w = tf.randomNormal([data.inputShape[0], 1], 0, 1, 'float32', seed);
        const y = tf.tidy(() => tf.add(tf.div(tf.matMul(c.x as tf.Tensor2D, w), Math.sqrt(data.inputShape[0])), tf.sin(tf.slice(c.x, [0, 0], [-1, 1]))));
        w.dispose();
        return { x: c.x, y };
      };
      return {
        what: `${mech}: ${what}, ${data.text} → regression, ${opt.text}, batch ${batchSize}, ${maxSteps} steps`,
        build: () => seq(data.inputShape, [...specs, { dense: 1, name: 'output' }], opt.make(), 'meanSquaredError', false),
        data: targets,
        fit: { batchSize, maxSteps },
        twin: { fix: 'ReLU on the hidden layers', build: () => seq(data.inputShape, [...withRelu(specs), { dense: 1, name: 'output' }], opt.make(), 'meanSquaredError', false), data: targets },
      };
    }
    const out = outputFor(kind, data.classes);
    return {
      what: `${mech}: ${what}, ${data.text}, ${opt.text}, batch ${batchSize}, ${maxSteps} steps`,
      build: () => seq(data.inputShape, [...specs, out.spec], opt.make(), out.loss),
      data: withLabels(data, out.format),
      fit: { batchSize, maxSteps },
      twin: { fix: 'ReLU on the hidden layers', build: () => seq(data.inputShape, [...withRelu(specs), out.spec], opt.make(), out.loss), data: withLabels(data, out.format) },
    };
  },
  confirm: confirmMissingActivation,
};

/**
 * missing_activation, under checkup: conv layers written without `activation` (tfjs's conv2d default
 * is linear) — two stacked linear convs; a linear conv → average pooling → flatten → linear dense head
 * (the hand-written CIFAR case); a linear conv → flatten → linear dense; linear conv → BatchNorm →
 * linear conv (the Activation after the BatchNorm forgotten); or a linear first conv feeding a relu
 * conv (the first conv collapses into the second). Bars images (8–16 px) or CIFAR-10 slices; a quarter
 * of the bars variants also run the overfit-batch trial. Fixed twin: a ReLU on every conv/dense layer
 * written without one (and after every BatchNorm). Noted: `affinePairs`.
 */
export const missingActivationConv: Family = {
  id: 'missing_activation/conv-without-activation',
  expected: ['missing_activation'],
  kind: 'checkup',
  what: 'conv layers without an activation (conv→conv, conv→avgpool→dense, conv→dense, conv→BN→conv, linear conv before a relu conv), bars or CIFAR-10',
  sample(d) {
    const mech = d.pick(['conv-conv', 'conv-avgpool-dense', 'conv-dense', 'conv-bn-conv', 'linear-conv-before-relu-conv'] as const);
    const kind: DataKind = d.next() < 0.25 ? 'cifar' : 'bars';
    const data = drawData(d, kind, { n: [240, 480] });
    const opt = drawOptimizer(d);
    const f1 = d.pick([8, 16]);
    const f2 = d.pick([8, 16, 32]);
    const head = d.pick([16, 32, 64]);
    let specs: Spec[];
    if (mech === 'conv-conv') specs = [{ conv: f1 }, { conv: f2 }, { pool: 'max' }, { flatten: true }, { dense: head, act: 'relu' }];
    else if (mech === 'conv-avgpool-dense') specs = [{ conv: f1, act: 'relu' }, { pool: 'max' }, { conv: f2 }, { pool: 'avg' }, { flatten: true }, { dense: head }];
    else if (mech === 'conv-dense') specs = [{ conv: f1 }, { pool: 'avg' }, { flatten: true }, { dense: head }];
    else if (mech === 'conv-bn-conv') specs = [{ conv: f1 }, { bn: true }, { conv: f2 }, { bn: true }, { activation: 'relu' }, { pool: 'max' }, { flatten: true }, { dense: head, act: 'relu' }];
    else specs = [{ conv: f1 }, { conv: f2, act: 'relu' }, { pool: 'max' }, { flatten: true }, { dense: head, act: 'relu' }];
    const trial = kind === 'bars' && d.next() < 0.25 ? { overfitBatch: { samples: d.int(4, 8), steps: d.int(30, 60) } } : undefined;
    return {
      what: `${mech}: filters ${f1}/${f2}, head ${head}, ${data.text}, ${opt.text}${trial ? ', overfit trial' : ''}`,
      build: () => seq(data.inputShape, [...specs, { dense: data.classes, act: 'softmax', name: 'output' }], opt.make(), 'categoricalCrossentropy'),
      data: withLabels(data, 'onehot'),
      checkup: trial,
      twin: {
        fix: 'ReLU on every conv/dense layer',
        build: () => seq(data.inputShape, [...withRelu(specs), { dense: data.classes, act: 'softmax', name: 'output' }], opt.make(), 'categoricalCrossentropy'),
        data: withLabels(data, 'onehot'),
      },
    };
  },
  confirm: confirmMissingActivation,
};

// =============================================================================== dropout_too_high

/**
 * Note: the share of its input each run of adjacent dropout layers zeroes, measured by running the
 * model's own dropout layers in training mode on 20,000 ones.
 */
const dropoutNote = ({ model }: { model: tfl.LayersModel }): string => `dropout runs zero ${dropoutRuns(model).map((r) => pct(measuredDropShare(r))).join(', ') || 'nothing'}`;

const confirmDropout = byOutcome({ describe: dropoutNote });

/**
 * dropout_too_high, under fit: rates of 0.7–0.95 — `rate` confused with the keep probability of TF1
 * and Keras 1 (`keep_prob=0.2` written as `rate: 0.8`). After every hidden layer or only the last of
 * an MLP (1–3 layers of 32–256 units) on blobs/spirals/binary, or before/after the dense head of a
 * bars CNN; any optimizer; batch 16–128; 40–80 steps. Fixed twin: the rate meant, 1 − rate (0.05–0.3).
 * Noted: the measured drop share of the dropout layers.
 */
export const dropoutRateAsKeepProb: Family = {
  id: 'dropout_too_high/rate-as-keep-prob',
  expected: ['dropout_too_high'],
  kind: 'fit',
  what: 'dropout rate 0.7–0.95 (keep probability written as the rate) after hidden layers of an MLP or around a bars CNN head, 40–80 steps',
  sample(d) {
    const rate = d.uniform(0.7, 0.95);
    const kind: DataKind = d.pick(['blobs', 'spirals', 'binary', 'bars'] as const);
    const data = drawData(d, kind, { n: [300, 900], classes: [2, 5] });
    const opt = drawOptimizer(d);
    const batchSize = d.pick([16, 32, 64, 128]);
    const maxSteps = d.int(40, 80);
    let specs: Spec[];
    let what: string;
    if (isImage(kind)) {
      const filters = d.pick([[8], [8, 16], [16]]);
      const head = d.pick([32, 64]);
      const where = d.pick(['before-head', 'after-head', 'both'] as const);
      specs = [...filters.flatMap((f): Spec[] => [{ conv: f, act: 'relu' }, { pool: 'max' }]), { flatten: true }];
      if (where !== 'after-head') specs.push({ dropout: rate });
      specs.push({ dense: head, act: 'relu' });
      if (where !== 'before-head') specs.push({ dropout: rate });
      what = `cnn ${filters.join('-')}/${head}, dropout ${where}`;
    } else {
      const w = widthsOf(d, [1, 3], [32, 64, 128, 256]);
      const everyLayer = d.next() < 0.6;
      specs = w.flatMap((u, i): Spec[] => (everyLayer || i === w.length - 1 ? [{ dense: u, act: 'relu' }, { dropout: rate }] : [{ dense: u, act: 'relu' }]));
      what = `mlp ${w.join('×')}, dropout ${everyLayer ? 'after every layer' : 'after the last'}`;
    }
    const out = outputFor(kind, data.classes);
    return {
      what: `rate ${rate.toFixed(2)}: ${what}, ${data.text}, ${opt.text}, batch ${batchSize}, ${maxSteps} steps`,
      build: () => seq(data.inputShape, [...specs, out.spec], opt.make(), out.loss),
      data: withLabels(data, out.format),
      fit: { batchSize, maxSteps },
      twin: { fix: `dropout ${(1 - rate).toFixed(2)}`, build: () => seq(data.inputShape, [...dropoutAt(specs, 1 - rate), out.spec], opt.make(), out.loss), data: withLabels(data, out.format) },
    };
  },
  confirm: confirmDropout,
};

/**
 * dropout_too_high, under checkup: dropout piled up rather than one high rate — two dropout layers
 * stacked directly (0.5–0.7 each, e.g. one at the end of a block and one at the start of the head,
 * combined ≥ 0.75), or dropout of 0.5–0.65 after every one of 3–5 layers of a small MLP (16–64 units)
 * or after every conv block and the head of a CNN (bars or CIFAR-10). A fifth of the MLP variants
 * also run the overfit-batch trial. Fixed twin: one dropout of 0.2 where the pile was (adjacent
 * dropouts merged), 0.2 after each layer for the every-layer variants. Noted: the measured drop shares.
 */
export const dropoutPiledUp: Family = {
  id: 'dropout_too_high/piled-up',
  expected: ['dropout_too_high'],
  kind: 'checkup',
  what: 'dropout piled up: two directly stacked dropouts (0.5–0.7 each) or 0.5–0.65 after each of 3–5 layers, MLP or CNN (bars, CIFAR-10)',
  sample(d) {
    const mech = d.pick(['stacked', 'every-layer'] as const);
    const kind: DataKind = d.pick(['blobs', 'spirals', 'bars', 'cifar'] as const);
    const data = drawData(d, kind, { n: [240, 600], classes: [2, 5] });
    const opt = drawOptimizer(d);
    let specs: Spec[];
    let what: string;
    if (mech === 'stacked') {
      const r1 = d.uniform(0.5, 0.7);
      const r2 = d.uniform(0.5, 0.7);
      const b = body(d, kind);
      specs = [...b.specs, { dropout: r1 }, { dropout: r2 }];
      what = `${b.text} + dropout ${r1.toFixed(2)} → dropout ${r2.toFixed(2)}`;
    } else if (isImage(kind)) {
      const filters = kind === 'cifar' ? d.pick([[8, 16], [8, 16, 16]]) : d.pick([[8, 16], [8, 8, 16]]);
      const rate = d.uniform(0.5, 0.65);
      const head = d.pick([32, 64]);
      specs = [...filters.flatMap((f): Spec[] => [{ conv: f, act: 'relu' }, { pool: 'max' }, { dropout: rate }]), { flatten: true }, { dense: head, act: 'relu' }, { dropout: rate }];
      what = `cnn ${filters.join('-')}/${head}, dropout ${rate.toFixed(2)} after each of ${filters.length + 1} blocks`;
    } else {
      const depth = d.int(3, 5);
      const w = Array.from({ length: depth }, () => d.pick([16, 32, 64]));
      const rate = d.uniform(0.5, 0.65);
      specs = w.flatMap((u): Spec[] => [{ dense: u, act: 'relu' }, { dropout: rate }]);
      what = `mlp ${w.join('×')}, dropout ${rate.toFixed(2)} after each`;
    }
    const trial = !isImage(kind) && d.next() < 0.2 ? { overfitBatch: { samples: d.int(4, 16), steps: d.int(40, 100) } } : undefined;
    return {
      what: `${mech}: ${what}, ${data.text}, ${opt.text}${trial ? ', overfit trial' : ''}`,
      build: () => seq(data.inputShape, [...specs, { dense: data.classes, act: 'softmax', name: 'output' }], opt.make(), 'categoricalCrossentropy'),
      data: withLabels(data, 'onehot'),
      checkup: trial,
      twin: {
        fix: 'dropout 0.2',
        build: () => seq(data.inputShape, [...dropoutAt(specs, 0.2), { dense: data.classes, act: 'softmax', name: 'output' }], opt.make(), 'categoricalCrossentropy'),
        data: withLabels(data, 'onehot'),
      },
    };
  },
  confirm: confirmDropout,
};
