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
  const xs = head(x);
  const ys = head(y);
  const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
  const share = tf.tidy(() => {
    const trueProb = p.shape[p.shape.length - 1] === 1 ? tf.add(tf.mul(ys, p), tf.mul(tf.sub(1, ys), tf.sub(1, p))) : tf.sum(tf.mul(ys, p), -1);
    return tf.mean(tf.cast(tf.less(tf.reshape(trueProb, [-1]), 1e-7), 'float32'));
  });
  const value = share.dataSync()[0];
  tf.dispose([p, share, ...(xs !== x ? [xs] : []), ...(ys !== y ? [ys] : [])]);
  return value;
}

/** True when any trainable weight holds a NaN or ±Infinity. */
export function hasNonFiniteWeights(model: tfl.LayersModel): boolean {
  return model.trainableWeights.some((w) => {
    const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(w.read()))));
    const value = bad.dataSync()[0];
    bad.dispose();
    return value !== 0;
  });
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
  const xs = head(x);
  const ys = head(y);
  const p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
  const acc = tf.tidy(() =>
    p.shape[p.shape.length - 1] === 1
      ? tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(ys, 0.5)), 'float32'))
      : tf.mean(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(ys, -1)), 'float32')),
  );
  const value = acc.dataSync()[0];
  tf.dispose([p, acc, ...(xs !== x ? [xs] : []), ...(ys !== y ? [ys] : [])]);
  return value;
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

/** `because` when the condition fails, else null — so confirmations read as a list of requirements. */
export const require_ = (ok: boolean, because: string): string | null => (ok ? null : because);

/** The first failed requirement, or null when all hold. */
export const all = (...reasons: (string | null)[]): string | null => reasons.find((r) => r !== null) ?? null;
