/**
 * HEALTHY control families, continued (expected: []): setups people train outside the tutorials, each of
 * which a diagnostic tuned on clean textbook runs could flag — batch sizes of 1–8 on tables of 100–500
 * rows; L1/L2 weight penalties; learning-rate warm-up and decay schedules changed between epochs by a
 * callback; old-style uniform(±0.05) and N(0, 1) inits on small nets; regression targets in raw units
 * (0–500); 100-class tasks; second fits at a lower learning rate; transfer learning with frozen layers
 * and a recompile; class weights; augmentation (fresh noise or flips every epoch, or a GaussianNoise
 * layer); runs of 2,000+ steps.
 *
 * The programs that need more than one `model.fit` (schedules, second fits, frozen layers, class weights,
 * per-epoch augmentation) run as `fit.run` (../types.ts): every fit they make gets the doctor — as a
 * user's program would — and the doctor must judge each fit from its own start.
 *
 * Every family is confirmed by `learns()` (healthy-util.ts): finite losses and weights, the last 30
 * logged losses ≤ 70% of max(the first 10, the constant predictor's loss), the trained model's loss
 * ≤ 70% of the constant predictor's, and a classifier's accuracy clearly above the majority share.
 * Variants that do not learn are listed and not scored. Tune/held-out 3/8 variants per family (validate:
 * 8), each a few seconds on wasm.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { bars, binary, blobs, mapY, oneHot, regression, rng, spirals, standardizeX, zscore, type ZooData } from '../data';
import { cnn, compile, optimizer, type OptName } from '../models';
import type { FitProgram } from '../types';
import { drawOpt, optLabel, widths, type LrRanges } from './common';
import type { Draw, Family } from './family';
import { learns } from './healthy-util';

const COUNT = { tune: 3, heldout: 8 };

// ------------------------------------------------------------------------------------------ tasks

type TaskKind = 'classes' | 'binary' | 'regression';

interface Task {
  kind: TaskKind;
  inputDim: number;
  /** Output units: classes (softmax), 1 (sigmoid or linear). */
  units: number;
  label: string;
  make(): ZooData;
}

const HEADS: Record<TaskKind, { act: 'softmax' | 'sigmoid' | 'linear'; loss: string }> = {
  classes: { act: 'softmax', loss: 'categoricalCrossentropy' },
  binary: { act: 'sigmoid', loss: 'binaryCrossentropy' },
  regression: { act: 'linear', loss: 'meanSquaredError' },
};

/**
 * A table of `n` rows, z-scored features (what a careful user feeds): blobs of 2–4 classes, a binary
 * sigmoid task, or a regression with a z-scored target. Draws: the kind, the width (4–12), the classes,
 * then the seed.
 */
function drawTable(d: Draw, n: number, kinds: readonly TaskKind[] = ['classes', 'binary', 'regression']): Task {
  const kind = d.pick(kinds);
  const dims = d.int(4, 12);
  const classes = d.int(2, 4);
  const seed = d.seed();
  if (kind === 'classes') return { kind, inputDim: dims, units: classes, label: `blobs ${n}×${dims} ${classes} cls`, make: () => standardizeX(blobs(n, { classes, dims, seed })) };
  if (kind === 'binary') return { kind, inputDim: dims, units: 1, label: `binary ${n}×${dims}`, make: () => standardizeX(binary(n, { dims, seed })) };
  return { kind, inputDim: dims, units: 1, label: `regression ${n}×${dims}`, make: () => mapY(regression(n, { dims, seed }), zscore) };
}

type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;
type Regularizer = ReturnType<typeof tfl.regularizers.l2>;

interface NetOptions {
  task: Pick<Task, 'kind' | 'inputDim' | 'units'>;
  hidden: number[];
  act?: 'relu' | 'tanh';
  /** Kernel initialiser of every Dense layer (default: He behind a ReLU, Glorot otherwise). */
  init?: () => Initializer;
  /** Kernel regulariser of every Dense layer. */
  reg?: () => Regularizer;
  /** A GaussianNoise layer on the inputs (train-time augmentation). */
  noise?: number;
  optimizer: tf.Optimizer;
}

/** An MLP for the task: hidden Dense layers, then the task's head and loss (accuracy metric for classifiers). */
function net(o: NetOptions): tfl.LayersModel {
  const m = tfl.sequential();
  const act = o.act ?? 'relu';
  if (o.noise) m.add(tfl.layers.gaussianNoise({ stddev: o.noise, inputShape: [o.task.inputDim], name: 'noise' }));
  o.hidden.forEach((units, i) =>
    m.add(
      tfl.layers.dense({
        units,
        activation: act,
        inputShape: i === 0 && !o.noise ? [o.task.inputDim] : undefined,
        kernelInitializer: o.init?.() ?? (act === 'relu' ? 'heNormal' : 'glorotUniform'),
        kernelRegularizer: o.reg?.(),
        name: `hidden${i + 1}`,
      }),
    ),
  );
  const head = HEADS[o.task.kind];
  m.add(tfl.layers.dense({ units: o.task.units, activation: head.act, kernelInitializer: o.init?.() ?? 'glorotUniform', kernelRegularizer: o.reg?.(), name: 'output' }));
  return compile(m, o.optimizer, head.loss, o.task.kind !== 'regression');
}

// -------------------------------------------------------------------------------- fit programs

/** Sets an optimizer's learning rate as a user's callback does (SGD and momentum keep it in a scalar: their setter). */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { setLearningRate?: (v: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** One `model.fit` of `steps` steps on `data` (default: the case's), with the case's callbacks and a stop of its own. */
async function fitSteps(p: FitProgram, steps: number, o: { data?: ZooData; extra?: tfl.CustomCallbackArgs[]; classWeight?: Record<number, number> } = {}): Promise<void> {
  const data = o.data ?? p.data;
  const perEpoch = Math.ceil(data.x.shape[0] / p.batchSize);
  let done = 0;
  const stop: tfl.CustomCallbackArgs = {
    onBatchEnd: async () => {
      if (++done >= steps) p.model.stopTraining = true;
    },
  };
  await p.model.fit(data.x, data.y, {
    batchSize: p.batchSize,
    epochs: Math.ceil(steps / perEpoch),
    shuffle: true,
    verbose: 0,
    ...(o.classWeight ? { classWeight: o.classWeight } : {}),
    callbacks: [...p.callbacks, ...(o.extra ?? []), stop],
  });
}

/** One fit whose learning rate a callback sets at the start of every epoch. */
const scheduled =
  (lrAt: (epoch: number) => number) =>
  (p: FitProgram): Promise<void> =>
    fitSteps(p, p.maxSteps, { extra: [{ onEpochBegin: async (epoch: number) => setLearningRate(p.model.optimizer, lrAt(epoch)) }] });

const SMALL_BATCH_LR: Required<LrRanges> = { adam: [3e-4, 1.5e-3], rmsprop: [2e-4, 1e-3], sgd: [3e-3, 2e-2], momentum: [5e-4, 3e-3] };
const ORDINARY_LR: Required<LrRanges> = { adam: [1e-3, 5e-3], rmsprop: [1e-3, 3e-3], sgd: [0.03, 0.1], momentum: [5e-3, 2e-2] };

// ------------------------------------------------------------------------------------- families

/**
 * healthy/field-small-batch — batch size 1, 2, 4 or 8 on a table of 100–500 rows (blobs of 2–4 classes,
 * a binary task, or a regression with a z-scored target): every step sees a handful of samples, so the
 * per-step loss jumps by an order of magnitude from step to step. ReLU/tanh MLP of 1–2 layers of 8–32
 * units; learning rates a small batch wants (Adam 3e-4…1.5e-3, RMSProp 2e-4…1e-3, SGD 3e-3…2e-2,
 * momentum 5e-4…3e-3); 400 steps.
 */
const smallBatch: Family = {
  id: 'healthy/field-small-batch',
  expected: [],
  kind: 'fit',
  what: 'batch 1–8 on tables of 100–500 rows (blobs, binary, z-scored regression), MLP 1–2 × 8–32 relu/tanh, small-batch LRs, 400 steps',
  count: COUNT,
  sample(d) {
    const n = d.int(100, 500);
    const task = drawTable(d, n);
    const hidden = widths(d, d.int(1, 2), [8, 16, 32]);
    const act = d.pick(['relu', 'tanh'] as const);
    const opt = drawOpt(d, SMALL_BATCH_LR);
    const batchSize = d.pick([1, 2, 4, 8]);
    return {
      what: `${task.label}, ${act} ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => net({ task, hidden, act, optimizer: optimizer(opt.name, opt.lr) }),
      data: task.make,
      fit: { batchSize, maxSteps: 400 },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-weight-penalty — L2 (1e-5…1e-3), L1 (1e-6…1e-4) or L1+L2 kernel penalties on every Dense
 * layer (kernelRegularizer), as people add them against overfitting: fit's loss is the data loss plus
 * the penalty. Tables of 300–900 rows (blobs, binary, regression) with a ReLU/tanh MLP of 1–3 layers of
 * 16–64 units, or a bars CNN with the penalty on its conv and dense layers; ordinary learning rates;
 * batch 16–64.
 */
const weightPenalty: Family = {
  id: 'healthy/field-weight-penalty',
  expected: [],
  kind: 'fit',
  what: 'L2 1e-5…1e-3, L1 1e-6…1e-4 or L1+L2 kernel penalties on every Dense layer: MLP on tables (blobs/binary/regression) or a bars CNN, ordinary LRs, batch 16–64',
  count: COUNT,
  sample(d) {
    const kind = d.pick(['l2', 'l2', 'l1', 'l1l2'] as const);
    const l2 = d.logUniform(1e-5, 1e-3);
    const l1 = d.logUniform(1e-6, 1e-4);
    const reg = () => (kind === 'l2' ? tfl.regularizers.l2({ l2 }) : kind === 'l1' ? tfl.regularizers.l1({ l1 }) : tfl.regularizers.l1l2({ l1, l2 }));
    const label = kind === 'l2' ? `l2 ${l2.toExponential(1)}` : kind === 'l1' ? `l1 ${l1.toExponential(1)}` : `l1 ${l1.toExponential(1)} + l2 ${l2.toExponential(1)}`;
    const opt = drawOpt(d, ORDINARY_LR);
    const batchSize = d.pick([16, 32, 64]);
    if (d.next() < 0.25) {
      const seed = d.seed();
      const dense = d.pick([16, 32]);
      return {
        what: `${label}, bars CNN conv 8 dense ${dense} (penalty on every layer), ${optLabel(opt)}, batch ${batchSize}`,
        build: () => {
          const m = tfl.sequential();
          m.add(tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [12, 12, 1], kernelInitializer: 'heNormal', kernelRegularizer: reg(), name: 'conv1' }));
          m.add(tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
          m.add(tfl.layers.flatten({ name: 'flatten' }));
          m.add(tfl.layers.dense({ units: dense, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: reg(), name: 'fc1' }));
          m.add(tfl.layers.dense({ units: 3, activation: 'softmax', kernelRegularizer: reg(), name: 'output' }));
          return compile(m, optimizer(opt.name, opt.lr), 'categoricalCrossentropy');
        },
        data: () => bars(480, { seed }),
        fit: { batchSize },
      };
    }
    const task = drawTable(d, d.pick([300, 600, 900]));
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const act = d.pick(['relu', 'relu', 'tanh'] as const);
    return {
      what: `${label}, ${task.label}, ${act} ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => net({ task, hidden, act, reg, optimizer: optimizer(opt.name, opt.lr) }),
      data: task.make,
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-lr-schedule — the learning rate changed between epochs by a callback
 * (`onEpochBegin: model.optimizer.learningRate = …`, setLearningRate for SGD): a linear warm-up from
 * lr/20 to lr over the first 2–4 epochs, a step decay (× 0.5 every 2–4 epochs), an exponential decay
 * (× 0.8–0.95 per epoch) or a cosine decay to lr/100 over the run. ReLU MLP of 1–3 layers on z-scored
 * blobs/binary tables of 480–960 rows, or a bars CNN; Adam/RMSProp 1e-3…5e-3, SGD 0.03…0.1, momentum
 * 5e-3…2e-2; batch 16–64; 300 steps.
 */
const lrSchedule: Family = {
  id: 'healthy/field-lr-schedule',
  expected: [],
  kind: 'fit',
  what: 'learning rate set between epochs by a callback: warm-up, step, exponential or cosine decay; MLP on tables or bars CNN, adam/rmsprop/sgd/momentum, batch 16–64',
  count: COUNT,
  sample(d) {
    const schedule = d.pick(['warm-up', 'step', 'exponential', 'cosine'] as const);
    const warm = d.int(2, 4);
    const every = d.int(2, 4);
    const gamma = d.uniform(0.8, 0.95);
    const opt = drawOpt(d, ORDINARY_LR);
    const batchSize = d.pick([16, 32, 64]);
    const image = d.next() < 0.3;
    const n = image ? 480 : d.pick([480, 720, 960]);
    const task = image ? null : drawTable(d, n, ['classes', 'binary']);
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const seed = d.seed();
    const epochs = Math.ceil(300 / Math.ceil(n / batchSize));
    const lrAt = (e: number): number => {
      if (schedule === 'warm-up') return e < warm ? opt.lr * (1 / 20 + ((1 - 1 / 20) * e) / warm) : opt.lr;
      if (schedule === 'step') return opt.lr * 0.5 ** Math.floor(e / every);
      if (schedule === 'exponential') return opt.lr * gamma ** e;
      return opt.lr / 100 + ((opt.lr - opt.lr / 100) * (1 + Math.cos((Math.PI * e) / epochs))) / 2;
    };
    const label = schedule === 'warm-up' ? `warm-up over ${warm} epochs` : schedule === 'step' ? `× 0.5 every ${every} epochs` : schedule === 'exponential' ? `× ${gamma.toFixed(2)} per epoch` : 'cosine to lr/100';
    return {
      what: `${label}, ${task ? `${task.label}, relu ${hidden.join('×')}` : 'bars CNN conv 8/16 dense 32'}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => (task ? net({ task, hidden, optimizer: optimizer(opt.name, opt.lr) }) : cnn({ inputShape: [12, 12, 1], filters: [8, 16], dense: 32, optimizer: optimizer(opt.name, opt.lr) })),
      data: () => (task ? task.make() : bars(n, { seed })),
      fit: { batchSize, maxSteps: 300, run: scheduled(lrAt) },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-old-init — the initialisers of old Keras code and hand-written nets on small networks
 * that still learn: uniform(±0.05) (Keras 1's default) on every Dense layer, or N(0, 1) (randomNormal
 * with its default stddev) on a narrow net (1–2 layers of 8–16 units, 2–8 inputs) where a std of 1 is
 * only 1–3× He. Blobs (2–4 classes), binary or spirals; ReLU or tanh; Adam 2e-3…1e-2, SGD 0.05…0.3,
 * momentum 5e-3…3e-2; batch 16–64; 300 steps.
 */
const oldInit: Family = {
  id: 'healthy/field-old-init',
  expected: [],
  kind: 'fit',
  what: 'uniform(±0.05) or N(0, 1) kernels on small MLPs (1–2 × 8–32, 2–8 inputs) that still learn: blobs, binary or spirals; relu/tanh; adam/sgd/momentum',
  count: COUNT,
  sample(d) {
    const init = d.pick(['uniform-0.05', 'normal-1'] as const);
    const data = d.pick(['blobs', 'binary', 'spirals'] as const);
    const dims = data === 'spirals' ? 2 : d.int(2, 8);
    const classes = data === 'binary' ? 2 : data === 'spirals' ? 3 : d.int(2, 4);
    const hidden = widths(d, d.int(1, 2), init === 'normal-1' ? [8, 16] : [16, 32]);
    const act = d.pick(['relu', 'tanh'] as const);
    const opt = drawOpt(d, { adam: [2e-3, 1e-2], sgd: [0.05, 0.3], momentum: [5e-3, 3e-2] });
    const batchSize = d.pick([16, 32, 64]);
    const n = d.pick([480, 720, 960]);
    const seed = d.seed();
    const task: Task['kind'] = data === 'binary' ? 'binary' : 'classes';
    const initializer = () => (init === 'uniform-0.05' ? tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }) : tfl.initializers.randomNormal({ mean: 0, stddev: 1 }));
    return {
      what: `${init}, ${data} ${n}×${dims} ${classes} cls, ${act} ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => net({ task: { kind: task, inputDim: dims, units: task === 'binary' ? 1 : classes }, hidden, act, init: initializer, optimizer: optimizer(opt.name, opt.lr) }),
      data: () => (data === 'spirals' ? spirals(n, { seed }) : data === 'binary' ? standardizeX(binary(n, { dims, seed })) : standardizeX(blobs(n, { classes, dims, seed }))),
      fit: { batchSize },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-unscaled-targets — a regression on targets left in their units, 0–500 (prices, counts,
 * minutes): mean 50–300, spread 20–120, on z-scored features; MSE; ReLU MLP of 1–2 layers of 32–64
 * units trained with Adam/RMSProp at 1e-2…5e-2, the step size that lets the output reach the targets'
 * scale; batch 16–64; 600 steps. The loss starts in the tens of thousands and falls by two to three
 * orders of magnitude — learning, not a fault.
 */
const unscaledTargets: Family = {
  id: 'healthy/field-unscaled-targets',
  expected: [],
  kind: 'fit',
  what: 'MSE regression on targets in raw units 0–500 (mean 50–300, spread 20–120) that still learns: relu MLP 1–2 × 32–64, adam/rmsprop 1e-2…5e-2, 600 steps',
  count: COUNT,
  sample(d) {
    const mean = d.uniform(50, 300);
    const spread = d.uniform(20, Math.min(120, mean / 2));
    const dims = d.int(4, 12);
    const n = d.pick([480, 640, 960]);
    const hidden = widths(d, d.int(1, 2), [32, 64]);
    const opt = drawOpt(d, { adam: [1e-2, 5e-2], rmsprop: [1e-2, 3e-2] });
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    return {
      what: `targets ${mean.toFixed(0)} ± ${spread.toFixed(0)}, ${n}×${dims}, relu ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => net({ task: { kind: 'regression', inputDim: dims, units: 1 }, hidden, optimizer: optimizer(opt.name, opt.lr) }),
      data: () => mapY(regression(n, { dims, seed }), (y) => tf.add(tf.mul(zscore(y), spread), mean)),
      fit: { batchSize, maxSteps: 600 },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-100-classes — a 100-class task (product categories, CIFAR-100-sized label sets): 100
 * Gaussian blobs in 16–32 dimensions, 20–30 samples a class, one-hot labels with categorical
 * cross-entropy or class ids with sparse categorical cross-entropy; ReLU MLP of 1–2 layers of 64–128
 * units; Adam/RMSProp 2e-3…5e-3; batch 32–64; 400 steps. The loss starts at ln 100 = 4.6 and the
 * accuracy at 1%.
 */
const manyClasses: Family = {
  id: 'healthy/field-100-classes',
  expected: [],
  kind: 'fit',
  what: '100-class blobs (16–32 dims, 20–30 a class), one-hot + CCE or ids + sparse CCE, relu MLP 1–2 × 64–128, adam/rmsprop 2e-3…5e-3, 400 steps',
  count: COUNT,
  sample(d) {
    const dims = d.int(16, 32);
    const perClass = d.int(20, 30);
    const sparse = d.next() < 0.5;
    const hidden = widths(d, d.int(1, 2), [64, 128]);
    const opt = drawOpt(d, { adam: [2e-3, 5e-3], rmsprop: [2e-3, 4e-3] });
    const batchSize = d.pick([32, 64]);
    const seed = d.seed();
    const n = 100 * perClass;
    return {
      what: `100 classes × ${perClass}, ${dims} dims, ${sparse ? 'ids + sparse CCE' : 'one-hot + CCE'}, relu ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => {
        const m = net({ task: { kind: 'classes', inputDim: dims, units: 100 }, hidden, optimizer: optimizer(opt.name, opt.lr) });
        if (sparse) m.compile({ optimizer: m.optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
        return m;
      },
      data: () => {
        const b = standardizeX(blobs(n, { classes: 100, dims, seed, spread: 1 }));
        if (!sparse) return { x: b.x, y: b.y };
        b.y.dispose();
        return { x: b.x, y: tf.tensor2d(b.labels, [n, 1]) };
      },
      fit: { batchSize, maxSteps: 400 },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-second-fit — fit, then fit again at a lower learning rate (fine-tuning the same model
 * on the same data): either the optimizer's rate lowered in place (× 1/3…1/20, Adam keeping its moments)
 * or the model recompiled with a fresh optimizer at the lower rate. 150–200 steps, then the rest of
 * 320. ReLU MLP of 1–3 layers on tables (blobs/binary/regression) of 480–960 rows; ordinary learning
 * rates; batch 16–64. The second fit starts where the first ended: its loss is low from its first step.
 */
const secondFit: Family = {
  id: 'healthy/field-second-fit',
  expected: [],
  kind: 'fit',
  what: 'two fits, the second at lr × 1/3…1/20 (rate lowered in place, or a recompile with a fresh optimizer); MLP on tables, ordinary LRs, batch 16–64',
  count: COUNT,
  sample(d) {
    const task = drawTable(d, d.pick([480, 720, 960]));
    const hidden = widths(d, d.int(1, 3), [16, 32, 64]);
    const opt = drawOpt(d, ORDINARY_LR);
    const factor = d.logUniform(1 / 20, 1 / 3);
    const how = d.pick(['in-place', 'recompile'] as const);
    const first = d.int(150, 200);
    const batchSize = d.pick([16, 32, 64]);
    return {
      what: `${task.label}, relu ${hidden.join('×')}, ${optLabel(opt)} for ${first} steps, then lr × ${factor.toFixed(3)} (${how}), batch ${batchSize}`,
      build: () => net({ task, hidden, optimizer: optimizer(opt.name, opt.lr) }),
      data: task.make,
      fit: {
        batchSize,
        maxSteps: 320,
        run: async (p) => {
          await fitSteps(p, first);
          const previous = p.model.optimizer;
          if (how === 'in-place') setLearningRate(p.model.optimizer, opt.lr * factor);
          else p.model.compile({ optimizer: optimizer(opt.name, opt.lr * factor), loss: HEADS[task.kind].loss, metrics: task.kind === 'regression' ? [] : ['accuracy'] });
          await fitSteps(p, p.maxSteps - first);
          if (previous !== p.model.optimizer) previous.dispose();
        },
      },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-frozen-transfer — transfer learning as the tfjs guides write it: train a network on
 * one part of the data, set the first 1–2 hidden layers `trainable = false`, recompile with a fresh
 * optimizer at lr × 1/10…1/2, and fit again on the rest of the data. Blobs (3–4 classes) or binary
 * tables of 600–1,200 rows split in half, ReLU MLP of 2–3 layers of 32–64 units, or a bars CNN whose
 * conv layer is frozen; ordinary learning rates; batch 16–64; 150 + 150 steps.
 */
const frozenTransfer: Family = {
  id: 'healthy/field-frozen-transfer',
  expected: [],
  kind: 'fit',
  what: 'train, freeze the first 1–2 layers, recompile (fresh optimizer, lr × 1/10…1/2), fit again on new samples: MLP on tables or bars CNN, batch 16–64',
  count: COUNT,
  sample(d) {
    const image = d.next() < 0.3;
    const n = d.pick([600, 960, 1200]);
    const task = drawTable(d, n, ['classes', 'binary']);
    const hidden = widths(d, d.int(2, 3), [32, 64]);
    const freeze = image ? 1 : d.int(1, 2);
    const opt = drawOpt(d, ORDINARY_LR);
    const factor = d.logUniform(1 / 10, 1 / 2);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    const loss = image ? 'categoricalCrossentropy' : HEADS[task.kind].loss;
    return {
      what: `${image ? `bars ${n} CNN conv 8/16 dense 32, conv1 frozen` : `${task.label}, relu ${hidden.join('×')}, first ${freeze} frozen`}, ${optLabel(opt)} then × ${factor.toFixed(2)}, batch ${batchSize}`,
      build: () => (image ? cnn({ inputShape: [12, 12, 1], filters: [8, 16], dense: 32, optimizer: optimizer(opt.name, opt.lr) }) : net({ task, hidden, optimizer: optimizer(opt.name, opt.lr) })),
      data: () => (image ? bars(n, { seed }) : task.make()),
      fit: {
        batchSize,
        maxSteps: 300,
        run: async (p) => {
          const half = Math.floor(p.data.x.shape[0] / 2);
          const part = (from: number, size: number): ZooData => ({ x: tf.slice(p.data.x, from, size), y: tf.slice(p.data.y, from, size) });
          const a = part(0, half);
          const b = part(half, p.data.x.shape[0] - half);
          const previous = p.model.optimizer;
          try {
            await fitSteps(p, 150, { data: a });
            p.model.layers.filter((l) => ['Dense', 'Conv2D'].includes(l.getClassName())).slice(0, freeze).forEach((l) => (l.trainable = false));
            p.model.compile({ optimizer: optimizer(opt.name, opt.lr * factor), loss, metrics: ['accuracy'] });
            await fitSteps(p, p.maxSteps - 150, { data: b });
          } finally {
            tf.dispose([a.x, a.y, b.x, b.y]);
            if (previous !== p.model.optimizer) previous.dispose();
          }
        },
      },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-class-weights — an imbalanced table (binary with 10–30% positives, or 3 classes at
 * about 65/25/10%) trained with `classWeight` = inverse class frequency (normalised to mean 1), the
 * tfjs way to rebalance: fit's loss is then a weighted mean. ReLU MLP of 1–2 layers of 16–64 units;
 * ordinary learning rates; batch 16–64; 300 steps.
 */
const classWeights: Family = {
  id: 'healthy/field-class-weights',
  expected: [],
  kind: 'fit',
  what: 'imbalanced tables (10–30% positives, or 3 classes ≈ 65/25/10%) with classWeight = inverse frequency; relu MLP 1–2 × 16–64, ordinary LRs, batch 16–64',
  count: COUNT,
  sample(d) {
    const binaryTask = d.next() < 0.5;
    const positives = d.uniform(0.1, 0.3);
    const dims = d.int(4, 12);
    const n = d.pick([600, 900, 1200]);
    const hidden = widths(d, d.int(1, 2), [16, 32, 64]);
    const opt = drawOpt(d, ORDINARY_LR);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    const shares = binaryTask ? [1 - positives, positives] : [0.65, 0.25, 0.1];
    const data = (): ZooData & { labels: number[] } => {
      if (binaryTask) return standardizeX(binary(n, { dims, seed, positiveShare: positives }));
      // Three blobs, then each sample kept with its class's share (class 0 all, the others thinned).
      const b = standardizeX(blobs(Math.round(n / shares[2] / 3) * 3, { classes: 3, dims, seed }));
      const next = rng(seed + 1);
      const keep = b.labels.map((c, i) => [c, i] as const).filter(([c]) => next() < shares[c] / shares[0]).map(([, i]) => i);
      const idx = tf.tensor1d(keep, 'int32');
      const x = tf.gather(b.x, idx);
      const labels = keep.map((i) => b.labels[i]);
      tf.dispose([idx, b.x, b.y]);
      return { x, y: oneHot(labels, 3), labels };
    };
    return {
      what: `${binaryTask ? `binary ${n}×${dims}, ${(100 * positives).toFixed(0)}% positives` : `3 classes ≈ 65/25/10%, ${dims} dims`}, relu ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => net({ task: { kind: binaryTask ? 'binary' : 'classes', inputDim: dims, units: binaryTask ? 1 : 3 }, hidden, optimizer: optimizer(opt.name, opt.lr) }),
      data,
      fit: {
        batchSize,
        maxSteps: 300,
        run: async (p) => {
          const ids = p.data.y.shape[1] === 1 ? Array.from(p.data.y.dataSync()) : Array.from(tf.tidy(() => tf.argMax(p.data.y, -1)).dataSync());
          const classes = Math.max(2, p.data.y.shape[1] ?? 1);
          const counts = Array.from({ length: classes }, (_, c) => ids.filter((v) => v === c).length);
          const inverse = counts.map((k) => ids.length / (classes * Math.max(1, k)));
          await fitSteps(p, p.maxSteps, { classWeight: Object.fromEntries(inverse.map((w, c) => [c, w])) });
        },
      },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-augmentation — data augmented as people do it in tfjs: a loop of one-epoch fits, each on
 * a freshly augmented copy (Gaussian noise of 0.05–0.3 feature std on a z-scored table, or bar images
 * rotated by 180° at random — a flip of both axes, which keeps a bar's orientation and so its class),
 * or a GaussianNoise(0.05–0.3) layer on the inputs (noise at training time only). ReLU MLP of 1–2 layers
 * of 16–64 units or a bars CNN; ordinary learning rates; batch 16–64; 300 steps in all.
 */
const augmentation: Family = {
  id: 'healthy/field-augmentation',
  expected: [],
  kind: 'fit',
  what: 'augmentation: per-epoch fits on fresh noise (tables) or random 180° flips (bars CNN), or a GaussianNoise input layer; ordinary LRs, batch 16–64, 300 steps',
  count: COUNT,
  sample(d) {
    const how = d.pick(['noise-per-epoch', 'flips-per-epoch', 'noise-layer'] as const);
    const sigma = d.uniform(0.05, 0.3);
    const n = d.pick([480, 720, 960]);
    const task = drawTable(d, n, ['classes', 'binary']);
    const hidden = widths(d, d.int(1, 2), [16, 32, 64]);
    const opt = drawOpt(d, ORDINARY_LR);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    const image = how === 'flips-per-epoch';
    const augment = (x: tf.Tensor, epoch: number): tf.Tensor =>
      tf.tidy(() => {
        if (!image) return tf.add(x, tf.randomNormal(x.shape, 0, sigma, 'float32', seed + epoch));
        const next = rng(seed + epoch);
        const flip = tf.tensor4d(Array.from({ length: x.shape[0] }, () => (next() < 0.5 ? 1 : 0)), [x.shape[0], 1, 1, 1], 'bool');
        return tf.where(flip, tf.reverse(x, [1, 2]), x);
      });
    const label = how === 'noise-layer' ? `GaussianNoise(${sigma.toFixed(2)}) layer` : how === 'noise-per-epoch' ? `noise σ ${sigma.toFixed(2)} per epoch` : 'random 180° flips per epoch';
    return {
      what: `${label}, ${image ? `bars ${n} CNN conv 8/16 dense 32` : `${task.label}, relu ${hidden.join('×')}`}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () =>
        image
          ? cnn({ inputShape: [12, 12, 1], filters: [8, 16], dense: 32, optimizer: optimizer(opt.name, opt.lr) })
          : net({ task, hidden, noise: how === 'noise-layer' ? sigma : undefined, optimizer: optimizer(opt.name, opt.lr) }),
      data: () => (image ? bars(n, { seed }) : task.make()),
      fit: {
        batchSize,
        maxSteps: 300,
        ...(how === 'noise-layer'
          ? {}
          : {
              run: async (p: FitProgram) => {
                const perEpoch = Math.ceil(p.data.x.shape[0] / p.batchSize);
                const epochs = Math.ceil(p.maxSteps / perEpoch);
                for (let e = 0; e < epochs; e++) {
                  const x = augment(p.data.x, e);
                  try {
                    await p.model.fit(x, p.data.y, { batchSize: p.batchSize, epochs: 1, shuffle: true, verbose: 0, callbacks: p.callbacks });
                  } finally {
                    x.dispose();
                  }
                }
              },
            }),
      },
    };
  },
  confirm: learns(),
};

/**
 * healthy/field-long-run — 2,000–2,500 steps on a tiny MLP (1–2 layers of 8–16 units): blobs (2–4
 * classes), binary, spirals or a z-scored regression of 300–600 rows; Adam/RMSProp 1e-3…5e-3, SGD
 * 0.03…0.1, momentum 5e-3…2e-2; batch 16–32. Long after the loss has flattened the run goes on: a
 * converged run sits on a plateau that is not a fault, and probes are sparse.
 */
const longRun: Family = {
  id: 'healthy/field-long-run',
  expected: [],
  kind: 'fit',
  what: '2,000–2,500 steps on a tiny MLP (1–2 × 8–16) on blobs, binary, spirals or a regression of 300–600 rows; ordinary LRs, batch 16–32',
  count: COUNT,
  sample(d) {
    const n = d.pick([300, 450, 600]);
    const spiral = d.next() < 0.25;
    const task: Task = spiral
      ? (() => {
          const seed = d.seed();
          return { kind: 'classes', inputDim: 2, units: 3, label: `spirals ${n}`, make: () => spirals(n, { seed }) };
        })()
      : drawTable(d, n);
    const hidden = widths(d, d.int(1, 2), spiral ? [16] : [8, 16]);
    const act = d.pick(['relu', 'tanh'] as const);
    const opt = drawOpt(d, ORDINARY_LR);
    const batchSize = d.pick([16, 32]);
    const steps = d.int(2000, 2500);
    return {
      what: `${steps} steps, ${task.label}, ${act} ${hidden.join('×')}, ${optLabel(opt)}, batch ${batchSize}`,
      build: () => net({ task, hidden, act, optimizer: optimizer(opt.name as OptName, opt.lr) }),
      data: task.make,
      fit: { batchSize, maxSteps: steps },
    };
  },
  confirm: learns(),
};

export const HEALTHY_FIELD_FAMILIES: Family[] = [smallBatch, weightPenalty, lrSchedule, oldInit, unscaledTargets, manyClasses, secondFit, frozenTransfer, classWeights, augmentation, longRun];
