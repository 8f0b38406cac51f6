/** Shared helpers for the wasm-kernel tests: run the same kernel on cpu and wasm and compare. */
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend';

export type Backend = 'cpu' | 'wasm';

/** Loads wasm + cnn-doctor's kernels once; leaves cpu (the suite default) active. */
export async function loadBothBackends(): Promise<void> {
  await setupBackend('wasm');
  await tf.setBackend('cpu');
}

/**
 * max|actual − expected| / max(max|expected|, 1e-6): relative to the largest expected
 * magnitude, so elements near zero do not blow it up.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let maxDiff = 0;
  let maxExpected = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxExpected = Math.max(maxExpected, Math.abs(expected[i]));
  }
  return maxDiff / maxExpected;
}

/** Deterministic pseudo-random values in [-1, 1) (mulberry32), identical on every backend. */
export function randomValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

export interface KernelCall {
  kernelName: string;
  /** Input values and shapes; tensors are created on each backend from these. */
  inputs: Record<string, { values: ArrayLike<number>; shape: number[]; dtype?: 'float32' | 'int32' }>;
  attrs: tf.NamedAttrMap;
}

/** Runs one kernel on `backend` and returns its output values; disposes everything it made. */
export async function runOn(backend: Backend, call: KernelCall): Promise<Float32Array | Int32Array> {
  await tf.setBackend(backend);
  const inputs: Record<string, tf.Tensor> = {};
  for (const [name, spec] of Object.entries(call.inputs)) {
    inputs[name] = tf.tensor(Array.from(spec.values), spec.shape, spec.dtype ?? 'float32');
  }
  const output = tf.engine().runKernel(call.kernelName, inputs, call.attrs) as tf.Tensor;
  const values = output.dataSync() as Float32Array | Int32Array;
  output.dispose();
  Object.values(inputs).forEach((t) => t.dispose());
  return values;
}

/**
 * Runs `call` on wasm and `reference` (default: the same call) on cpu. Returns the relative
 * error and how many wasm buffers the call left behind (must be 0).
 */
export async function wasmVsCpu(
  call: KernelCall,
  reference?: KernelCall,
): Promise<{ error: number; leakedBuffers: number }> {
  const expected = await runOn('cpu', reference ?? call);
  await tf.setBackend('wasm');
  const buffersBefore = wasmDataIdCount();
  const actual = await runOn('wasm', call);
  const leakedBuffers = wasmDataIdCount() - buffersBefore;
  await tf.setBackend('cpu');
  return { error: relativeError(actual, expected), leakedBuffers };
}

/** Live buffers in the wasm backend (its dataIdMap): the leak measure for kernels below the engine. */
export function wasmDataIdCount(): number {
  return (tf.findBackend('wasm') as unknown as { numDataIds(): number }).numDataIds();
}

/** A convolution shape for kernel tests: input NHWC, filter height × width, output channels, strides, padding. */
export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number];
  /** Output channels (regular) or channel multiplier (depthwise). */
  out: number;
  strides: number | [number, number];
  pad: 'same' | 'valid';
  dilations?: number;
}

/** A readable test name for a ConvCase. */
export function convLabel(c: ConvCase): string {
  return `x${c.x.join('x')} k${c.filter.join('x')} out${c.out} s${c.strides} ${c.pad} d${c.dilations ?? 1}`;
}

export function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
