/**
 * Generated families for the codes checkup()'s trial runs raise: input_independent (baseline: real vs
 * zeroed inputs) and cannot_overfit (overfit one tiny batch). Two families each — a data-side and a
 * model-side cause of input independence; "no learning signal at all" and "a crippled network" for
 * the overfit test.
 *
 * Confirmation, every family (../outcome.ts): a fit of our own of the buggy program (200 steps of
 * batch 32, 80 on CIFAR-10) fails to learn by the standard criterion (cross-entropy not below 0.9 × the
 * label prior's entropy, or accuracy not 10 points over the majority share, or a non-finite loss) AND
 * the fixed twin, named per family, trained for as long, learns by the same criterion. Noted, not
 * gated: the cause measured directly (identical inputs; a first layer whose output and kernel gradient
 * carry nothing of the input; the trainable weights and learning rate).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { constant, optimizer, type Act, type OptName } from '../models';
import { byOutcome } from '../outcome';
import {
  classIds, cnnBody, drawData, drawOptimizer, isImage, isWeighted, labelTensor, mlpBody, outputFor, rowSpread, runLayers, seq,
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
 * vector variants also with the overfit trial. Fixed twin: the real inputs. Noted: the largest
 * difference of any row of x from the first (0 when every input is the same).
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
      twin: { fix: 'the real inputs', build: () => seq(data.inputShape, [...body, out.spec], opt.make(), out.loss), data: withLabels(data, out.format) },
    };
  },
  confirm: byOutcome({
    describe: ({ data }) => `max |xᵢ − x₀| = ${rowSpread(data.x).toExponential(1)}, ${new Set(classIds(data.y)).size} classes in the labels`,
  }),
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
 * any optimizer; baseline trial as above. Fixed twin: the first layer with its default initialiser
 * (He behind a ReLU, Glorot otherwise), trainable. Noted: the first layer's output spread over up to
 * 256 training samples and the loss gradient w.r.t. its kernel (0 when frozen).
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
    // The twin: the first layer with its default initialiser, trainable.
    const fixFirst = (specs: Spec[]): Spec[] => specs.map((s, i) => (i === 0 && ('dense' in s || 'conv' in s) ? { ...s, kernel: undefined, frozen: false } : s));
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
      twin: { fix: 'default init, trainable', build: () => seq(data.inputShape, [...fixFirst(specs), out.spec], opt.make(), out.loss), data: withLabels(data, out.format) },
    };
  },
  confirm: byOutcome({
    describe: ({ model, data }) => {
      const i = firstWeighted(model);
      const n = Math.min(256, data.x.shape[0]);
      const x = tf.slice(data.x, 0, n);
      const y = tf.slice(data.y, 0, n);
      const h = runLayers(model, x, 0, i + 1);
      const spread = rowSpread(h);
      const layer = model.layers[i];
      const grad = layer.trainable ? kernelGradNorm(model, layer, x, y) : 0;
      tf.dispose([x, y, h]);
      return `${layer.name}${layer.trainable ? '' : ' (frozen)'}: output spread ${spread.toExponential(1)}, kernel gradient ${grad.toExponential(1)}`;
    },
  }),
};

// ================================================================================ cannot_overfit

/** Note: how many weights are trainable, and what the optimizer's learning rate is. */
const signalNote: NonNullable<Parameters<typeof byOutcome>[0]>['describe'] = ({ model }) => {
  const lr = (model.optimizer as unknown as { learningRate?: number }).learningRate;
  return `${model.trainableWeights.length} trainable weight tensors, learning rate ${typeof lr === 'number' ? lr.toExponential(1) : '?'}`;
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
 * bars; overfit trial of 4–16 samples × 50–150 steps. Fixed twin: every layer trainable, at the
 * usual learning rate (adam/rmsprop 1e-3, sgd/momentum 0.05).
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
    const usual = name === 'adam' || name === 'rmsprop' ? 1e-3 : 0.05;
    const lr = mech === 'tiny-lr' ? (name === 'adam' || name === 'rmsprop' ? d.logUniform(1e-8, 2e-6) : d.logUniform(1e-7, 2e-5)) : usual;
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
      twin: { fix: `all trainable, ${name} ${usual}`, build: () => seq(data.inputShape, [...b.specs, out.spec], optimizer(name, usual), out.loss), data: withLabels(data, out.format) },
    };
  },
  confirm: byOutcome({ describe: signalNote }),
};

/**
 * cannot_overfit, crippled network: every hidden bias initialised to −(8…25) so the ReLUs are dead
 * on every sample (only the output bias learns); dropout of 0.9–0.98 right before the output (the
 * keep probability written as the rate: training-mode noise swamps the signal); a deep stack of 6–10
 * sigmoid layers trained with plain SGD/momentum (the 1990s recipe: gradients vanish before reaching
 * the lower layers); or an L2 penalty of 1–10 on every kernel (a coefficient off by 10⁴: Keras's
 * `l2(1e-4)` written `l2(1)`). MLPs (1–3 layers of 32–128) on blobs/spirals/binary or a small CNN on
 * bars; healthy learning rates; overfit trial of 4–16 samples × 50–150 steps. Fixed twin, per
 * mechanism: zero hidden biases; dropout 1 − rate; ReLU with He init in place of the sigmoids; L2 1e-4.
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
    const fixed = (s: Spec): Spec => {
      if ('dropout' in s) return { dropout: Math.round(100 * (1 - rate)) / 100 };
      if (!('dense' in s || 'conv' in s)) return s;
      if (mech === 'dead-hidden-bias') return { ...s, bias: undefined };
      if (mech === 'huge-l2') return { ...s, l2: 1e-4 };
      if (mech === 'deep-sigmoid-sgd') return { ...s, act: 'relu' };
      return s;
    };
    const fix = { 'dead-hidden-bias': 'zero biases', 'extreme-dropout': `dropout ${(1 - rate).toFixed(2)}`, 'deep-sigmoid-sgd': 'ReLU + He init', 'huge-l2': 'L2 1e-4' }[mech];
    return {
      what: `${mech} (${detail}): ${b.text}, ${data.text}, ${opt.text}, overfit ${overfitBatch.samples}×${overfitBatch.steps}`,
      build: () => seq(data.inputShape, [...b.specs, out.spec], opt.make(), out.loss),
      data: withLabels(data, out.format),
      checkup: { overfitBatch },
      twin: { fix, build: () => seq(data.inputShape, [...b.specs.map(fixed), out.spec], opt.make(), out.loss), data: withLabels(data, out.format) },
    };
  },
  confirm: byOutcome({ describe: () => null }),
};
