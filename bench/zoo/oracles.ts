/**
 * Direct measurements of a pathology, for confirming generated zoo cases (families/family.ts). They
 * measure on the case's own training data with plain tfjs — deliberately nothing from src/probes or
 * src/checks, so a label never depends on the code under test.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ConfirmContext } from './families/family';

/** At most `max` samples of x (and y), from the start. */
export function head<T extends tf.Tensor>(t: T, max = 512): T {
  return t.shape[0] <= max ? t : (tf.slice(t, 0, max) as T);
}

// ------------------------------------------------------------------------------ model structure

/** A layer's activation by name ('relu', 'softmax', …); 'linear' for layers without one. */
export const activationOf = (layer: tfl.layers.Layer): string => String((layer.getConfig() as { activation?: unknown }).activation ?? 'linear');

/** The names of a model's ReLU layers (Dense/Conv with a relu activation, or a separate Activation('relu')). */
export const reluLayers = (model: tfl.LayersModel): string[] => model.layers.filter((l) => activationOf(l) === 'relu').map((l) => l.name);

/** The loss a model was compiled with, by name ('categoricalCrossentropy', …), or 'custom' for a function. */
export function lossName(model: tfl.LayersModel): string {
  const loss = (model as unknown as { loss: unknown }).loss;
  const first = Array.isArray(loss) ? loss[0] : loss;
  return typeof first === 'string' ? first : 'custom';
}

/** Units of the model's output (its last dimension, always known for the zoo's Dense outputs). */
export const outputUnits = (model: tfl.LayersModel): number => {
  const shape = model.outputs[0].shape;
  return shape[shape.length - 1] ?? NaN;
};

// ------------------------------------------------------------------------------- measurements

/** Runs `measure` on the first `max` samples of x and y (see `head`), then disposes those slices. */
export function onHead<T>(x: tf.Tensor, y: tf.Tensor, max: number, measure: (xs: tf.Tensor, ys: tf.Tensor) => T): T {
  const xs = head(x, max);
  const ys = head(y, max);
  try {
    return measure(xs, ys);
  } finally {
    if (xs !== x) xs.dispose();
    if (ys !== y) ys.dispose();
  }
}

/** The output of one layer (after its activation) on `x`, in inference mode. */
export function layerOutput(model: tfl.LayersModel, layerName: string, x: tf.Tensor): tf.Tensor {
  const view = tfl.model({ inputs: model.inputs, outputs: model.getLayer(layerName).output as tfl.SymbolicTensor });
  return view.predict(x, { batchSize: 128 }) as tf.Tensor;
}

/** Share of a layer's units (channels for conv outputs) that are ≤ 0 on every sample and position of `x`. */
export function deadUnitFraction(model: tfl.LayersModel, layerName: string, x: tf.Tensor): number {
  const out = layerOutput(model, layerName, head(x));
  const dead = tf.tidy(() => {
    const units = out.shape[out.shape.length - 1]!;
    const max = tf.max(tf.reshape(out, [-1, units]), 0);
    return tf.mean(tf.cast(tf.lessEqual(max, 0), 'float32'));
  });
  const value = dead.dataSync()[0];
  tf.dispose([out, dead]);
  return value;
}

/**
 * Share of samples whose true class is pinned below 1e-7 (softmax with one-hot y, or sigmoid with 0/1 y):
 * tfjs's clipped cross-entropy gives those samples no gradient at all.
 */
export function wrongPinnedFraction(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  return onHead(x, y, 512, (xs, ys) => {
    const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
    const share = tf.tidy(() => {
      const trueProb = p.shape[p.shape.length - 1] === 1 ? tf.add(tf.mul(ys, p), tf.mul(tf.sub(1, ys), tf.sub(1, p))) : tf.sum(tf.mul(ys, p), -1);
      return tf.mean(tf.cast(tf.less(tf.reshape(trueProb, [-1]), 1e-7), 'float32'));
    });
    const value = share.dataSync()[0];
    tf.dispose([p, share]);
    return value;
  });
}

/** True when the tensor holds a NaN or ±Infinity. */
export function hasNonFinite(t: tf.Tensor): boolean {
  const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(t))));
  const value = bad.dataSync()[0];
  bad.dispose();
  return value !== 0;
}

/** True when any trainable weight holds a NaN or ±Infinity. */
export function hasNonFiniteWeights(model: tfl.LayersModel): boolean {
  return model.trainableWeights.some((w) => hasNonFinite(w.read()));
}

/** Variance of all the entries of t. */
export function variance(t: tf.Tensor): number {
  const v = tf.tidy(() => tf.moments(t).variance);
  const value = v.dataSync()[0];
  v.dispose();
  return value;
}

/** ‖W − W₀‖ / ‖W₀‖ for every trainable weight, by name (Infinity when W₀ is zero and W moved). */
export function relativeChange(ctx: ConfirmContext): Map<string, number> {
  const out = new Map<string, number>();
  const current = new Map(ctx.model.trainableWeights.map((w) => [w.name, w.read()] as const));
  for (const { name, value } of ctx.initialWeights) {
    const now = current.get(name);
    if (!now) continue;
    const [delta, base] = tf.tidy(() => [tf.norm(tf.sub(now, value)).dataSync()[0], tf.norm(value).dataSync()[0]]);
    out.set(name, base > 0 ? delta / base : delta > 0 ? Infinity : 0);
  }
  return out;
}

/** Accuracy of the model on (up to 512 of) its training samples: argmax for softmax, 0.5 for one sigmoid unit. */
export function trainAccuracy(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  return onHead(x, y, 512, (xs, ys) => {
    const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
    const acc = tf.tidy(() =>
      p.shape[p.shape.length - 1] === 1
        ? tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(ys, 0.5)), 'float32'))
        : tf.mean(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(ys, -1)), 'float32')),
    );
    const value = acc.dataSync()[0];
    tf.dispose([p, acc]);
    return value;
  });
}

/**
 * The model's compiled loss (its own, custom losses included) on (up to `samples` of) x and y, in
 * inference mode and in batches of `batchSize`: the mean over batches, as Keras reports it.
 */
export function compiledLoss(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor, o: { batchSize: number; samples?: number }): number {
  return onHead(x, y, o.samples ?? Infinity, (xs, ys) => {
    const out = model.evaluate(xs, ys, { batchSize: o.batchSize });
    const scalars = Array.isArray(out) ? out : [out];
    const value = scalars[0].dataSync()[0];
    tf.dispose(scalars);
    return value;
  });
}

// The probability cross-entropies as tfjs computes them: p clipped to [1e-7, 1 − 1e-7] before the log.

/** Mean binary cross-entropy of sigmoid outputs p against 0/1 targets y. */
export function binaryCrossEntropy(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))))) as tf.Scalar;
}

/** Mean categorical cross-entropy of probability rows p against one-hot rows y. */
export function categoricalCrossEntropy(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1))) as tf.Scalar;
}

/** Binary cross-entropy for one output column, categorical for wider rows. */
export const crossEntropy = (y: tf.Tensor, p: tf.Tensor): tf.Scalar => (p.shape[p.shape.length - 1] === 1 ? binaryCrossEntropy(y, p) : categoricalCrossEntropy(y, p));

/**
 * Runs `measure` with the model's trainable weights set to their values before the first step
 * (ctx.initialWeights), then puts the trained weights back — for measuring the model as it started.
 */
export function atInitialWeights<T>(ctx: ConfirmContext, measure: () => T): T {
  const weights = ctx.model.trainableWeights;
  const saved = weights.map((w) => tf.clone(w.read()));
  const init = new Map(ctx.initialWeights.map((w) => [w.name, w.value] as const));
  try {
    for (const w of weights) {
      const v = init.get(w.name);
      if (v) w.write(v);
    }
    return measure();
  } finally {
    weights.forEach((w, i) => w.write(saved[i]));
    tf.dispose(saved);
  }
}

/** Mean of the last k finite values (NaN when there are none). */
export function tailMean(values: number[], k: number): number {
  const xs = values.slice(-k).filter(Number.isFinite);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Mean of the first k finite values. */
export function headMean(values: number[], k: number): number {
  const xs = values.slice(0, k).filter(Number.isFinite);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Number of classes of a one-hot y (its last dimension), or 2 for a single sigmoid column. */
export const classesOf = (y: tf.Tensor): number => (y.shape[y.shape.length - 1] === 1 ? 2 : y.shape[y.shape.length - 1]!);

/** A share as a whole percentage, for confirmation messages (`0.873` → `87%`). */
export const pct = (v: number): string => `${(100 * v).toFixed(0)}%`;

/** `because` when the condition fails, else null — so confirmations read as a list of requirements. */
export const require_ = (ok: boolean, because: string): string | null => (ok ? null : because);

/** The first failed requirement, or null when all hold. */
export const all = (...reasons: (string | null)[]): string | null => reasons.find((r) => r !== null) ?? null;
