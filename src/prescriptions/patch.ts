/**
 * How a copy is patched: a trainable copy of the user's model (same topology, the user's current weight
 * values copied, a fresh optimizer of the same class and configuration, the same loss and metrics) with
 * one mechanical fix applied. The user's model, weights and optimizer are only read.
 *
 * The logits fix edits the copy's JSON: the output layer's `activation: 'softmax'` becomes linear and
 * the copy is compiled with tf.losses.softmaxCrossEntropy. It is skipped (returns null) where that is not
 * a one-field edit — several outputs, or a softmax that is its own layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { freshOptimizer } from '../checkup/clone-model';
import { CnnDoctorError } from '../errors';
import { innerModel } from '../model-info';
import { errorText } from '../util';
import type { Treatment } from './prescription';

export interface PatchedCopy {
  model: LayersModel;
  /** Disposes the copy's weights and optimizer state (never the user's). */
  dispose(): void;
}

/** The logits loss the logits fix compiles with (named, so the copy's doctor reads it as softmaxCrossEntropy). */
const softmaxCrossEntropy = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred);

/** Sets the output layer's softmax to linear in a model's JSON; false when it is not a one-field edit. */
function linearOutput(topology: unknown, output: string): boolean {
  let found = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as { class_name?: unknown; config?: { name?: unknown; activation?: unknown } };
    if (typeof n.class_name === 'string' && n.config?.name === output && n.config.activation === 'softmax') {
      n.config.activation = 'linear';
      found++;
    }
    Object.values(node).forEach(visit);
  };
  visit(topology);
  return found === 1;
}

/** A copy of `model` with `treatment` applied (no treatment: the untreated copy), or null when the fix cannot be applied to this model. */
export async function patchedCopy(model: LayersModel, treatment: Treatment | null, seed = 1): Promise<PatchedCopy | null> {
  const inner = innerModel(model);
  const topology = model.toJSON(null, false) as Record<string, unknown>;
  const has = (kind: Treatment['kind']) => treatment?.kind === kind || !!treatment?.parts?.some((t) => t.kind === kind);
  const logits = has('logits_output');
  if (logits && (inner.outputs.length !== 1 || !linearOutput(topology, inner.outputLayers[0].name))) return null;
  let copy: LayersModel;
  try {
    copy = (await tfl.models.modelFromJSON({ modelTopology: topology as tf.io.ModelJSON['modelTopology'] })) as LayersModel;
  } catch (e) {
    throw new CnnDoctorError(
      'model_not_cloneable',
      `could not copy model "${model.name}" to try a fix on: ${errorText(e)}.`,
      'register custom layers with tf.serialization.registerClass so model.toJSON() round-trips',
    );
  }
  let optimizer: tf.Optimizer | null = null;
  try {
    const values = model.getWeights().map((w) => tf.clone(w));
    copy.setWeights(values);
    tf.dispose(values);
    if (has('reinit')) reinitialise(copy, treatment?.layers ?? [], seed);
    const lr = treatment?.learningRate?.to;
    optimizer = freshOptimizer(inner.optimizer, has('lower_lr') || has('raise_lr') ? lr : undefined);
    const compiled = inner as unknown as { loss: tfl.ModelCompileArgs['loss']; metrics?: tfl.ModelCompileArgs['metrics'] };
    copy.compile({ optimizer, loss: logits ? softmaxCrossEntropy : compiled.loss, ...(compiled.metrics ? { metrics: compiled.metrics } : {}) });
  } catch (e) {
    copy.dispose(); // a half-made copy must not keep its weights alive
    optimizer?.dispose();
    throw e;
  }
  const made = optimizer;
  return {
    model: copy,
    dispose() {
      copy.dispose();
      made.dispose();
    },
  };
}

/** New kernels (He or Glorot normal, seeded) and zero biases for the named layers of the copy; their other weights are kept. */
function reinitialise(copy: LayersModel, layers: { name: string; init: 'he' | 'glorot' }[], seed: number): void {
  layers.forEach(({ name, init }, i) => {
    const layer = innerModel(copy).getLayer(name);
    const initializer = init === 'he' ? tfl.initializers.heNormal({ seed: seed + i }) : tfl.initializers.glorotNormal({ seed: seed + i });
    const fresh = tf.tidy(() =>
      layer.weights.map((w, j) => {
        const current = layer.getWeights()[j];
        if (/(^|\/)kernel(_\d+)?$/.test(w.originalName) || /(^|\/)kernel(_\d+)?$/.test(w.name)) return initializer.apply(w.shape as number[], 'float32');
        if (/(^|\/)bias(_\d+)?$/.test(w.originalName) || /(^|\/)bias(_\d+)?$/.test(w.name)) return tf.zeros(w.shape as number[]);
        return tf.clone(current);
      }),
    );
    layer.setWeights(fresh);
    tf.dispose(fresh);
  });
}

/**
 * The first input scaled as the fix says: x / 255 when it lies in [0, 255] (pixels), otherwise
 * standardised per feature with its own mean and std (a constant feature is only centred). Returns new
 * tensors the caller disposes, and the words for what was done.
 */
export function scaleInputs(xs: tf.Tensor[]): { xs: tf.Tensor[]; how: 'div255' | 'standardise' } {
  const x = xs[0];
  const range = tf.tidy(() => tf.stack([tf.min(tf.cast(x, 'float32')), tf.max(tf.cast(x, 'float32'))]));
  const [min, max] = range.dataSync();
  range.dispose();
  if (min >= 0 && max <= 255 && max > 1) return { xs: [tf.tidy(() => tf.div(tf.cast(x, 'float32'), 255)), ...xs.slice(1)], how: 'div255' };
  const scaled = tf.tidy(() => {
    const f = tf.cast(x, 'float32');
    const { mean, variance } = tf.moments(f, 0);
    const std = tf.sqrt(variance);
    return tf.div(tf.sub(f, mean), tf.where(tf.greater(std, 1e-12), std, tf.onesLike(std)));
  });
  return { xs: [scaled, ...xs.slice(1)], how: 'standardise' };
}
