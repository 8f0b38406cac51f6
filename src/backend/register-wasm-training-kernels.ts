import * as tf from '@tensorflow/tfjs-core';
import { ensureWasmTrainingGradients, registerWasmTrainingGradients } from './gradients';
import { wasmTrainingKernels } from './kernels';

/** tfjs-wasm forward kernels whose gradients cnn-doctor overrides (src/backend/gradients.ts). */
const GRADIENT_HOOKED = ['FusedBatchNorm', 'Mean'];
const hooked = new Set<tf.KernelFunc>();

/**
 * Registers cnn-doctor's training kernels for the 'wasm' backend, replacing tfjs-wasm's slow
 * Conv2DBackpropInput and Tile. Safe to call any number of times, before or after
 * `tf.setBackend('wasm')` (the kernels need no per-backend setup). Also overrides the gradients
 * of FusedBatchNorm and Mean, only while 'wasm' is the active backend (src/backend/gradients.ts).
 * Returns the kernel names.
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
  for (const kernelName of GRADIENT_HOOKED) {
    const current = tf.getKernel(kernelName, 'wasm');
    if (current == null || hooked.has(current.kernelFunc)) continue;
    const forward = current.kernelFunc;
    const kernelFunc: tf.KernelFunc = (args) => {
      ensureWasmTrainingGradients();
      return forward(args);
    };
    hooked.add(kernelFunc);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...current, kernelFunc });
  }
  return wasmTrainingKernels.map((config) => config.kernelName);
}
