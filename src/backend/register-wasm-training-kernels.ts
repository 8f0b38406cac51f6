import * as tf from '@tensorflow/tfjs-core';
import { ensureWasmTrainingGradients, registerWasmTrainingGradients } from './gradients';
import { wasmTrainingKernels } from './kernels';
import { channelReductionKernel } from './kernels/ChannelReduction';
import { sharedCastKernel, sharedIdentityKernel } from './kernels/SharedIdentity';

/** Re-installs cnn-doctor's gradient overrides before the forward kernel runs (see below). */
const withGradientCheck = (forward: tf.KernelFunc): tf.KernelFunc => (args) => {
  ensureWasmTrainingGradients();
  return forward(args);
};

/**
 * tfjs-wasm kernels that are wrapped rather than replaced: the wrapper takes its fast path when it
 * applies and otherwise calls tfjs-wasm's kernel (whose setupFunc is kept). FusedBatchNorm and
 * Mean also re-check the gradient overrides of src/backend/gradients.ts.
 */
const WRAPPED: Record<string, (original: tf.KernelFunc) => tf.KernelFunc> = {
  FusedBatchNorm: withGradientCheck,
  Mean: (original) => withGradientCheck(channelReductionKernel('Mean', original)),
  Sum: (original) => channelReductionKernel('Sum', original),
  Identity: sharedIdentityKernel,
  Cast: sharedCastKernel,
};
const wrappers = new Set<tf.KernelFunc>();

/**
 * Registers cnn-doctor's training kernels for the 'wasm' backend, replacing tfjs-wasm's slow
 * Conv2DBackpropInput and Tile, and wrapping its Sum, Mean, Identity and Cast with fast paths.
 * Safe to call any number of times, before or after `tf.setBackend('wasm')` (the kernels need no
 * per-backend setup). Also overrides the gradients of FusedBatchNorm and Mean, only while 'wasm'
 * is the active backend (src/backend/gradients.ts). Returns the kernel names.
 */
export function registerWasmTrainingKernels(): string[] {
  for (const config of wasmTrainingKernels) {
    const current = tf.getKernel(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    // registerKernel only warns on duplicates and keeps the old kernel, so replace explicitly.
    if (current != null) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
  // Gradient overrides that reach the fused kernels; they dispatch on the active backend and
  // fall back to tfjs-core's own gradients off wasm. The forward kernels re-check them because a
  // later import of tfjs-layers re-registers tfjs-core's gradients over ours.
  registerWasmTrainingGradients();
  for (const [kernelName, wrap] of Object.entries(WRAPPED)) {
    const current = tf.getKernel(kernelName, 'wasm');
    if (current == null || wrappers.has(current.kernelFunc)) continue;
    const kernelFunc = wrap(current.kernelFunc);
    wrappers.add(kernelFunc);
    tf.unregisterKernel(kernelName, 'wasm');
    // Keeps setupFunc: tfjs-wasm's kernel (the fallback) needs it when the backend initialises.
    tf.registerKernel({ ...current, kernelFunc });
  }
  return [...wasmTrainingKernels.map((config) => config.kernelName), ...Object.keys(WRAPPED).filter((n) => n !== 'FusedBatchNorm')];
}
