/**
 * Tile for the wasm backend (replaces tfjs-wasm's, which computes a multi-index per element and
 * took 0.55 s per training step of a BatchNorm CNN: FusedBatchNorm's gradient tiles a [C]
 * vector up to the full [N, H, W, C] activation shape).
 *
 * Math: out[i_0, …, i_r] = x[i_0 mod s_0, …, i_r mod s_r], out shape s_k · reps_k.
 * Done by block copies: write the input once into its first tile, then repeat each axis's
 * finished block with copyWithin (a native memmove), doubling the copied span each time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { withScope, type KernelArgs, type WasmBackendLike } from './wasm-kernel-scope';

type Values = Float32Array | Int32Array | Uint8Array;

/**
 * Merges every axis that is not repeated into its left neighbour: for shape (a, b), reps (r, 1),
 * out[i, j] = x[(i·b + j) mod (a·b)], i.e. shape (a·b), reps (r). Fewer, longer block copies.
 */
function simplify(shape: number[], reps: number[]): { shape: number[]; reps: number[] } {
  const outShape: number[] = [];
  const outReps: number[] = [];
  for (let axis = 0; axis < shape.length; axis++) {
    const last = outShape.length - 1;
    if (last >= 0 && reps[axis] === 1) {
      outShape[last] *= shape[axis];
      continue;
    }
    outShape.push(shape[axis]);
    outReps.push(reps[axis]);
  }
  if (outShape.length === 0) return { shape: [1], reps: [1] };
  return { shape: outShape, reps: outReps };
}

/** Repeats out[start, start + span) `times` times in place, doubling the copied span each round. */
function repeatBlock(out: Values, start: number, span: number, times: number): void {
  let filled = span;
  const total = span * times;
  while (filled < total) {
    const chunk = Math.min(filled, total - filled);
    out.copyWithin(start + filled, start, start + chunk);
    filled += chunk;
  }
}

function fillTiles(
  out: Values,
  x: Values,
  shape: number[],
  reps: number[],
  inStrides: number[],
  outStrides: number[],
  axis: number,
  outOffset: number,
  inOffset: number,
): void {
  const size = shape[axis];
  if (axis === shape.length - 1) {
    out.set(x.subarray(inOffset, inOffset + size), outOffset);
  } else {
    for (let i = 0; i < size; i++) {
      fillTiles(out, x, shape, reps, inStrides, outStrides, axis + 1,
        outOffset + i * outStrides[axis], inOffset + i * inStrides[axis]);
    }
  }
  // One tile of this axis is finished; repeat it along the axis.
  const tileSpan = axis === shape.length - 1 ? size : size * outStrides[axis];
  repeatBlock(out, outOffset, tileSpan, reps[axis]);
}

function tile({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as { x: tf.TensorInfo };
  const reps = (attrs as { reps: number[] }).reps;
  if (x.dtype === 'string' || x.dtype === 'complex64') {
    throw new Error(`cnn-doctor Tile (wasm): dtype ${x.dtype} is not supported.`);
  }
  const outShape = x.shape.map((size, axis) => size * reps[axis]);
  const wasm = backend as WasmBackendLike;

  return withScope(wasm, (scope) => {
    const out = scope.make(outShape, x.dtype);
    if (tf.util.sizeFromShape(outShape) === 0) return out;
    const simple = simplify(x.shape, reps);
    const outValues = wasm.typedArrayFromHeap(out);
    const xValues = wasm.typedArrayFromHeap(x);
    const inStrides = [...tf.util.computeStrides(simple.shape), 1];
    const outStrides = [...tf.util.computeStrides(simple.shape.map((s, i) => s * simple.reps[i])), 1];
    fillTiles(outValues, xValues, simple.shape, simple.reps, inStrides, outStrides, 0, 0, 0);
    return out;
  });
}

export const tileConfig: tf.KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tile,
};
