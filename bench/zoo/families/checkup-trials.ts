/**
 * Generated families for the codes checkup()'s trial runs raise: input_independent (baseline: real vs
 * zeroed inputs) and cannot_overfit (overfit one tiny batch). Two families each — a data-side and a
 * model-side cause of input independence; "no learning signal at all" and "a crippled network" for
 * the overfit test. Confirmations measure the cause directly (identical inputs; a first layer whose
 * output and kernel gradient carry nothing of the input) or run their own overfit trial on the model.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { constant, optimizer, type Act, type OptName } from '../models';
import { all, outputUnits, require_ } from '../oracles';
import {
  classIds, cnnBody, drawData, drawOptimizer, isImage, isWeighted, labelTensor, mlpBody, outputFor, overfitTrial, rowSpread, runLayers, seq,
  trainingCrossEntropy, widthsOf, withLabels, type DataKind, type Spec,
} from './checkup-kit';
import type { Draw, Family } from './family';

function baselineFor(d: Draw, kind: DataKind) {
  return kind === 'cifar' ? { samples: d.int(16, 32), steps: d.int(20, 30) } : { samples: d.int(16, 64), steps: d.int(30, 60) };
}

// ============================================================================= input_independent

/**
 * input_independent, data side: every sample the model is given is the same — an image loader that
 * always returns index 0 (or one fixed sample) for every label; inputs multiplied by 0 or a buffer
 * allocated with tf.zeros and never filled; every feature replaced by its column mean (an imputation
 * step applied to all rows instead of the missing ones); or 0–255 pixels decoded with integer
 * division by 256 (all 0). MLPs on blobs/spirals/binary, CNNs on bars or CIFAR-10 slices; any
 * optimizer; baseline trial of 16–64 samples × 30–60 steps (CIFAR 16–32 × 20–30), a third of the
 * vector variants also with the overfit trial. Confirmed by measuring that every row of x equals the
 * first (max |xᵢ − x₀| ≤ 1e-6) while the labels hold ≥ 2 classes: the inputs carry no information
 * about the label, so no model can do better with them than with zeros.
 */
export const inputsUninformative: Family = {
  id: 'input_independent/identical-inputs',
  expected: ['input_independent'],
  kind: 'checkup',
  what: 'every input identical: the same sample for every label, zeroed inputs, mean-imputed features, integer-divided pixels; MLP or CNN (bars, CIFAR-10), baseline trial',
  sample(d) {
    const kind: DataKind = d.pick(['blobs', 'spirals', 'binary', 'bars', 'cifar'] as const);
    const mech = isImage(kind) ? d.pick(['same-sample', 'zeroed', 'integer-division'] as const) : d.pick(['same-sample', 'zeroed', 'mean-imputed'] as const);
    const data = drawData(d, kind, { n: [240, 480], classes: [2, 6] });
    const act: Act = d.pick(['relu', 'relu', 'tanh']);
    const body = isImage(kind) ? cnnBody(kind === 'cifar' ? [8] : d.pick([[8], [8, 16]]), d.pick([16, 32]), 'relu') : mlpBody(widthsOf(d, [1, 3]), act);
    const opt = drawOptimizer(d);
    const out = outputFor(kind, data.classes);
    const which = d.int(0, 20);
    const baseline = baselineFor(d, kind);
    const overfit = !isImage(kind) && d.next() < 0.33 ? { samples: d.int(4, 16), steps: d.int(40, 100) } : undefined;
    return {
      what: `${mech}: ${isImage(kind) ? 'cnn' : `mlp ${act}`} ${body.length} layers, ${data.text}, ${opt.text}, baseline ${baseline.samples}×${baseline.steps}${overfit ? ', overfit trial' : ''}`,
      build: () => seq(data.inputShape, [...body, out.spec], opt.make(), out.loss),
      data: async () => {
        const c = await data.load();
        const n = c.x.shape[0];
        const x = tf.tidy(() => {
          if (mech === 'same-sample') return tf.tile(tf.slice(c.x, which, 1), [n, ...c.x.shape.slice(1).map(() => 1)]);
          if (mech === 'zeroed') return tf.zerosLike(c.x);
          if (mech === 'mean-imputed') return tf.tile(tf.mean(c.x, 0, true), [n, 1]);
          const bytes = tf.clipByValue(tf.round(tf.mul(c.x, 255)), 0, 255);
          return tf.cast(tf.floorDiv(tf.cast(bytes, 'int32'), 256), 'float32');
        });
        c.x.dispose();
        return { x, y: labelTensor(c.labels, c.classes, out.format) };
      },
      checkup: { baseline, ...(overfit ? { overfitBatch: overfit } : {}) },
    };
  },
  confirm: ({ data }) => {
    const spread = rowSpread(data.x);
    const classes = new Set(classIds(data.y)).size;
    return all(require_(spread <= 1e-6, `inputs differ between samples (max |xᵢ − x₀| = ${spread.toExponential(1)})`), require_(classes >= 2, 'labels hold one class only'));
  },
};

/** Index of the first Dense/Conv2D layer. */
const firstWeighted = (model: tfl.LayersModel) => model.layers.findIndex(isWeighted);

/** ‖∂loss/∂kernel‖ of a layer (cross-entropy on x, y in training mode; 0 when it is not trainable). */
function kernelGradNorm(model: tfl.LayersModel, layer: tfl.layers.Layer, x: tf.Tensor, y: tf.Tensor): number {
  const kernel = layer.trainableWeights[0];
  if (!kernel) return 0;
  const { value, grads } = tf.variableGrads(() => trainingCrossEntropy(model, x, y), [kernel.read() as tf.Variable]);
  const norms = Object.values(grads).map((g) => tf.norm(g).dataSync()[0]);
  tf.dispose([value, ...Object.values(grads)]);
  return Math.max(0, ...norms);
}

/**
 * input_independent, model side: the first layer passes nothing of the input on — a first Dense/Conv
 * layer with `kernelInitializer: 'zeros'` and a ReLU (zero pre-activations, zero ReLU gradient: it
 * never leaves zero, even though it is trainable), or a first layer frozen (trainable = false) with a
 * zero kernel (a pretrained weight load that silently left zeros, then the "pretrained" layer frozen).
 * MLPs (relu/tanh/linear first layer when frozen) on blobs/spirals/binary, CNNs on bars or CIFAR-10;
 * any optimizer; baseline trial as above. Confirmed by measuring, on up to 256 training samples, that
 * the first layer's output is identical for every sample (max spread ≤ 1e-6) AND that it cannot start
 * depending on the input: the layer is frozen, or the loss gradient w.r.t. its kernel is exactly 0.
 */
export const inputsBlockedFirstLayer: Family = {
  id: 'input_independent/blocked-first-layer',
  expected: ['input_independent'],
  kind: 'checkup',
  what: 'a first layer that passes nothing on: zero-initialised ReLU kernel (stuck at 0), or a frozen zero kernel from a failed weight load; MLP or CNN (bars, CIFAR-10), baseline trial',
  sample(d) {
    const kind: DataKind = d.pick(['blobs', 'spirals', 'binary', 'bars', 'bars', 'cifar'] as const);
    const mech = d.pick(['zeros-init-relu', 'frozen-zero-kernel'] as const);
    const data = drawData(d, kind, { n: [240, 480], classes: [2, 6] });
    const firstAct: Act = mech === 'zeros-init-relu' ? 'relu' : d.pick(['relu', 'tanh', 'linear']);
    const opt = drawOptimizer(d);
    const out = outputFor(kind, data.classes);
    const baseline = baselineFor(d, kind);
    let specs: Spec[];
    let text: string;
    const frozen = mech === 'frozen-zero-kernel';
    if (isImage(kind)) {
      const f1 = d.pick([8, 16]);
      const rest = kind === 'cifar' ? [] : d.pick([[], [16]]);
      const head = d.pick([16, 32]);
      specs = [{ conv: f1, act: firstAct, kernel: 'zeros', frozen }, { pool: 'max' }, ...cnnBody(rest, head).slice(0, rest.length * 2), { flatten: true }, { dense: head, act: 'relu' }];
      text = `cnn ${[f1, ...rest].join('-')}/${head}`;
    } else {
      const w = widthsOf(d, [1, 3]);
      specs = [{ dense: w[0], act: firstAct, kernel: 'zeros', frozen }, ...mlpBody(w.slice(1), 'relu')];
      text = `mlp ${w.join('×')}`;
    }
    return {
      what: `${mech} (${firstAct}): ${text}, ${data.text}, ${opt.text}, baseline ${baseline.samples}×${baseline.steps}`,
      build: () => seq(data.inputShape, [...specs, out.spec], opt.make(), out.loss),
      data: withLabels(data, out.format),
      checkup: { baseline },
    };
  },
  confirm: ({ model, data }) => {
    const i = firstWeighted(model);
    const n = Math.min(256, data.x.shape[0]);
    const x = tf.slice(data.x, 0, n);
    const y = tf.slice(data.y, 0, n);
    const h = runLayers(model, x, 0, i + 1);
    const spread = rowSpread(h);
    const layer = model.layers[i];
    const grad = layer.trainable ? kernelGradNorm(model, layer, x, y) : 0;
    tf.dispose([x, y, h]);
    return all(
      require_(spread <= 1e-6, `${layer.name}'s output differs between samples (spread ${spread.toExponential(1)})`),
      require_(grad === 0, `${layer.name} is trainable and its kernel gradient is ${grad.toExponential(1)}: it can learn to use the input`),
    );
  },
};

// ================================================================================ cannot_overfit

/**
 * Our own overfit trial (`overfitTrial`): 150 steps of the model's own optimizer on its first 8
 * samples. Confirmed when the training-mode cross-entropy on that batch (regularisation terms left
 * out) stays above half of min(its starting value, ln C) — 8 samples are memorised by any working
 * network of this size in far fewer steps, to a loss near 0; half the chance level means the true
 * class still gets p ≲ C^−½ on average. Or when nothing is trainable at all and the starting loss is
 * not already near 0.
 */
const confirmCannotOverfit: Family['confirm'] = async ({ model, data }) => {
  const t = await overfitTrial(model, data.x, data.y, 8, 150);
  const units = outputUnits(model);
  const chance = Math.log(units === 1 ? 2 : units);
  if (t.frozen) return require_(t.before > 0.05, `no trainable weight, but the batch loss is already ${t.before.toFixed(3)}`);
  const bar = 0.5 * Math.min(t.before, chance);
  return require_(Number.isFinite(t.after) ? t.after > bar : true, `our 150-step trial fitted the batch: loss ${t.before.toFixed(3)} → ${t.after.toFixed(3)} (≤ ${bar.toFixed(3)})`);
};

function classifier(d: Draw, kind: DataKind, o: { act?: Act; bias?: number; dropout?: number; l2?: number; depth?: [number, number] } = {}): { specs: Spec[]; text: string } {
  const bias = o.bias === undefined ? undefined : constant(o.bias);
  const layer = (s: Spec): Spec => ('dense' in s || 'conv' in s ? { ...s, ...(bias ? { bias } : {}), ...(o.l2 ? { l2: o.l2 } : {}) } : s);
  if (isImage(kind)) {
    const f = d.pick([[8], [8], [8, 16]]);
    const head = d.pick([16, 32]);
    const specs = cnnBody(f, head).map(layer);
    if (o.dropout) specs.push({ dropout: o.dropout });
    return { specs, text: `cnn ${f.join('-')}/${head}` };
  }
  const w = widthsOf(d, o.depth ?? [1, 3], [32, 64, 128]);
  const specs = mlpBody(w, o.act ?? 'relu').map(layer);
  if (o.dropout) specs.push({ dropout: o.dropout });
  return { specs, text: `mlp ${w.join('×')} ${o.act ?? 'relu'}` };
}

/**
 * cannot_overfit, no learning signal: every layer frozen (transfer-learning code that sets
 * `trainable = false` on all layers, head included, before compile); or a learning rate too small to
 * move anything in a few hundred steps (SGD/momentum 1e-7…2e-5, Adam/RMSProp 1e-8…2e-6: a typo, or a
 * schedule that has already decayed to ~0). MLPs on blobs/spirals/binary or a small CNN on 8–12 px
 * bars; overfit trial of 4–16 samples × 50–150 steps. Confirmed by `confirmCannotOverfit`.
 */
export const overfitNoSignal: Family = {
  id: 'cannot_overfit/no-learning-signal',
  expected: ['cannot_overfit'],
  kind: 'checkup',
  what: 'nothing can learn: all layers frozen, or lr 1e-8…2e-5 (typo / decayed schedule); MLP or bars CNN, overfit trial 4–16 × 50–150',
  sample(d) {
    const mech = d.pick(['all-frozen', 'tiny-lr', 'tiny-lr'] as const);
    const kind: DataKind = d.pick(['blobs', 'spirals', 'binary', 'bars'] as const);
    const data = drawData(d, kind, { n: [120, 300], classes: [2, 5] });
    const b = classifier(d, kind, { act: kind === 'spirals' ? 'relu' : d.pick(['relu', 'relu', 'tanh']) });
    const name: OptName = d.pick(['adam', 'rmsprop', 'sgd', 'momentum']);
    const lr = mech === 'tiny-lr' ? (name === 'adam' || name === 'rmsprop' ? d.logUniform(1e-8, 2e-6) : d.logUniform(1e-7, 2e-5)) : name === 'adam' ? 1e-3 : name === 'rmsprop' ? 1e-3 : 0.05;
    const out = outputFor(kind, data.classes);
    const overfitBatch = { samples: d.int(4, 16), steps: d.int(50, 150) };
    return {
      what: `${mech}: ${b.text}, ${data.text}, ${name} ${lr.toExponential(1)}, overfit ${overfitBatch.samples}×${overfitBatch.steps}`,
      build: () => {
        const m = seq(data.inputShape, [...b.specs, out.spec], optimizer(name, lr), out.loss);
        if (mech === 'all-frozen') {
          for (const l of m.layers) l.trainable = false;
          m.compile({ optimizer: m.optimizer, loss: out.loss, metrics: ['accuracy'] });
        }
        return m;
      },
      data: withLabels(data, out.format),
      checkup: { overfitBatch },
    };
  },
  confirm: confirmCannotOverfit,
};

/**
 * cannot_overfit, crippled network: every hidden bias initialised to −(8…25) so the ReLUs are dead
 * on every sample (only the output bias learns); dropout of 0.9–0.98 right before the output (the
 * keep probability written as the rate: training-mode noise swamps the signal); a deep stack of 6–10
 * sigmoid layers trained with plain SGD/momentum (the 1990s recipe: gradients vanish before reaching
 * the lower layers); or an L2 penalty of 1–10 on every kernel (a coefficient off by 10⁴: Keras's
 * `l2(1e-4)` written `l2(1)`). MLPs (1–3 layers of 32–128) on blobs/spirals/binary or a small CNN on
 * bars; healthy learning rates; overfit trial of 4–16 samples × 50–150 steps. Confirmed by
 * `confirmCannotOverfit` (our own trial; the data part of the loss, regularisation left out).
 */
export const overfitCrippled: Family = {
  id: 'cannot_overfit/crippled-network',
  expected: ['cannot_overfit'],
  kind: 'checkup',
  what: 'a network that cannot fit 8 samples: hidden biases −8…−25 (dead ReLUs), dropout 0.9–0.98 before the output, 6–10 sigmoid layers with SGD, L2 1–10 on every kernel; MLP or bars CNN, overfit trial',
  sample(d) {
    const mech = d.pick(['dead-hidden-bias', 'extreme-dropout', 'deep-sigmoid-sgd', 'huge-l2'] as const);
    const kind: DataKind = mech === 'deep-sigmoid-sgd' ? d.pick(['blobs', 'spirals', 'binary'] as const) : d.pick(['blobs', 'spirals', 'binary', 'bars'] as const);
    const data = drawData(d, kind, { n: [120, 300], classes: [2, 5] });
    const bias = -d.uniform(8, 25);
    const rate = d.uniform(0.9, 0.98);
    const l2 = d.logUniform(1, 10);
    const b = classifier(
      d,
      kind,
      mech === 'dead-hidden-bias' ? { bias } : mech === 'extreme-dropout' ? { dropout: rate } : mech === 'huge-l2' ? { l2 } : { act: 'sigmoid', depth: [6, 10] },
    );
    const opt = drawOptimizer(d, mech === 'deep-sigmoid-sgd' ? ['sgd', 'momentum'] : undefined);
    const out = outputFor(kind, data.classes);
    const overfitBatch = { samples: d.int(4, 16), steps: d.int(50, 150) };
    const detail = mech === 'dead-hidden-bias' ? `bias ${bias.toFixed(1)}` : mech === 'extreme-dropout' ? `dropout ${rate.toFixed(2)}` : mech === 'huge-l2' ? `l2 ${l2.toFixed(2)}` : 'sigmoid';
    return {
      what: `${mech} (${detail}): ${b.text}, ${data.text}, ${opt.text}, overfit ${overfitBatch.samples}×${overfitBatch.steps}`,
      build: () => seq(data.inputShape, [...b.specs, out.spec], opt.make(), out.loss),
      data: withLabels(data, out.format),
      checkup: { overfitBatch },
    };
  },
  confirm: confirmCannotOverfit,
};
