import * as tf from '@tensorflow/tfjs-core';
import { wasmTrainingKernels } from './kernels';

/**
 * Registers cnn-doctor's training kernels for the 'wasm' backend, replacing tfjs-wasm's slow
 * Conv2DBackpropInput and Tile. Safe to call any number of times, before or after
 * `tf.setBackend('wasm')` (the kernels need no per-backend setup). Returns the kernel names.
 */
export function registerWasmTrainingKernels(): string[] {
  for (const config of wasmTrainingKernels) {
    const current = tf.getKernel(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    // registerKernel only warns on duplicates and keeps the old kernel, so replace explicitly.
    if (current != null) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
  return wasmTrainingKernels.map((config) => config.kernelName);
}
