/**
 * Gradient overrides that make BatchNorm training cheap on wasm. Each override runs only when
 * the active backend is 'wasm' (and the shapes fit); otherwise it calls tfjs-core's original
 * gradient, so cpu/webgl/tensorflow results are untouched.
 *
 * - FusedBatchNorm: all five gradients from one kernel pass (kernels/FusedBatchNormGrad.ts)
 *   instead of ~13 full-size tensor ops.
 * - Mean: dx = broadcastTo(dy / reduceSize, x.shape) — one small division and one Tile (a
 *   memmove-based kernel here) instead of ones(x.shape)·dy / n (three full-size ops). tf.layers'
 *   training-mode BatchNorm takes two means (tf.moments) per layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_BATCH_NORM_GRAD } from './kernels/FusedBatchNormGrad';

type GradConfig = ReturnType<typeof tf.getGradient>;

/** Originals, captured once (before the first override). */
const originals = new Map<string, GradConfig>();
const ours = new Map<string, GradConfig>();
let enabled = true;

function onWasm(): boolean {
  return tf.getBackend() === 'wasm';
}

/** A per-channel parameter that the fused kernel can read as a flat [C] vector. */
function isChannelVector(t: tf.Tensor | undefined, channels: number): boolean {
  if (t == null) return false;
  return t.dtype === 'float32' && t.size === channels && t.shape[t.shape.length - 1] === channels;
}

function fusedBatchNormGradient(original: GradConfig): GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved;
      const single = Array.isArray(dy) ? dy[0] : dy;
      const channels = x.shape[x.shape.length - 1];
      const fits =
        onWasm() &&
        x.dtype === 'float32' &&
        single.dtype === 'float32' &&
        x.rank >= 1 &&
        isChannelVector(mean, channels) &&
        isChannelVector(variance, channels) &&
        (scale == null || isChannelVector(scale, channels));
      if (!fits) return original.gradFunc(dy, saved, attrs);
      const inputs: tf.NamedTensorMap = { x, dy: single, mean, variance };
      if (scale != null) inputs.scale = scale;
      // Run eagerly (not inside the per-input thunks): the engine wraps each thunk in its own
      // tidy, which would dispose the other four outputs. Unused outputs are freed by the
      // engine's enclosing backward tidy.
      const [dx, dMean, dVariance, dScale, dOffset] = tf.engine().runKernel(
        FUSED_BATCH_NORM_GRAD,
        inputs,
        { varianceEpsilon: (attrs as { varianceEpsilon: number }).varianceEpsilon },
      ) as unknown as tf.Tensor[];
      const like = (t: tf.Tensor, shape: number[]) => () => tf.reshape(t, shape);
      return {
        x: () => dx,
        mean: like(dMean, mean.shape),
        variance: like(dVariance, variance.shape),
        scale: like(dScale, scale == null ? [channels] : scale.shape),
        offset: () => dOffset,
      };
    },
  };
}

function meanGradient(original: GradConfig): GradConfig {
  return {
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const single = Array.isArray(dy) ? dy[0] : dy;
      if (!onWasm() || single.dtype !== 'float32') return original.gradFunc(dy, saved, attrs);
      const axes = tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape);
      const expandedShape = x.shape.slice();
      let reduceSize = 1;
      for (const axis of axes) {
        reduceSize *= x.shape[axis];
        expandedShape[axis] = 1;
      }
      return {
        x: () => tf.broadcastTo(tf.div(tf.reshape(single, expandedShape), reduceSize), x.shape),
      };
    },
  };
}

const builders: Record<string, (original: GradConfig) => GradConfig> = {
  FusedBatchNorm: fusedBatchNormGradient,
  Mean: meanGradient,
};

/**
 * Installs the overrides; cheap and idempotent (two registry look-ups when already installed).
 * tfjs-core's gradients are registered by whoever loads them (tfjs-layers, @tensorflow/tfjs) and a
 * later load replaces ours, so this is also called from the wasm forward kernels of FusedBatchNorm
 * and Mean (see register-wasm-training-kernels.ts): the engine looks the gradient up only after
 * the forward kernel ran. Until tfjs-core's gradients exist there is nothing to wrap and nothing
 * is installed. Returns the kernel names whose gradients are overridden.
 */
export function registerWasmTrainingGradients(): string[] {
  enabled = true;
  return ensureWasmTrainingGradients();
}

/** Re-installs the overrides if something replaced them, unless disabled (the forward-kernel hook). */
export function ensureWasmTrainingGradients(): string[] {
  if (!enabled) return [];
  const installed: string[] = [];
  for (const [name, build] of Object.entries(builders)) {
    const current = tf.getGradient(name);
    if (current == null) continue;
    installed.push(name);
    if (current === ours.get(name)) continue;
    // A config that is not ours is tfjs-core's (first install, or re-registered by a later load).
    originals.set(name, current);
    const config = build(current);
    ours.set(name, config);
    tf.registerGradient(config);
  }
  return installed;
}

/** Restores tfjs-core's gradients until the next registerWasmTrainingGradients() (benchmarks' "before" state). */
export function unregisterWasmTrainingGradients(): void {
  enabled = false;
  for (const [name, original] of originals) {
    if (tf.getGradient(name) === ours.get(name)) tf.registerGradient(original);
  }
}
