/**
 * Measurements the dead_relu / chance_plateau / saturated_output / vanishing_gradients notes use beyond
 * bench/zoo/oracles.ts (what went wrong — the families confirm by outcome, ../outcome.ts). Plain tfjs
 * only — nothing from src/probes, src/checks or src/doctor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { crossEntropy, onHead } from '../oracles';

/**
 * ‖∂L/∂W‖ / ‖W‖ for every Dense/Conv kernel, in model order, measured on up to 256 training samples
 * with the mean cross-entropy of the model's probability output (categorical or binary, clipped like
 * tfjs's losses) in training mode. Own measurement of the backward signal reaching each layer.
 */
export function relativeKernelGradients(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): number[] {
  const kernels = model.trainableWeights.filter((w) => /kernel/.test(w.name));
  const vars = kernels.map((w) => w.read() as tf.Variable);
  return onHead(x, y, 256, (xs, ys) =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => crossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), vars);
      return vars.map((v) => tf.div(tf.norm(grads[v.name]), tf.norm(v)).dataSync()[0]);
    }),
  );
}
