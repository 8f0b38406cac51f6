/**
 * UnsortedSegmentSum for the wasm backend (missing in tfjs-wasm; tf.layers.embedding's
 * gradient — the gradient of Gather — needs it).
 *
 * Math: x[S..., D...] with segmentIds[S...] (int32) and numSegments K:
 *   out[k, d] = Σ_{s : segmentIds[s] = k} x[s, d]      out: [K, D...]
 * Ids outside [0, K) are skipped, as in TensorFlow. A plain JS pass over the wasm heap: it is
 * memory-bound, so nothing faster is available without new wasm code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { withScope, type KernelArgs, type WasmBackendLike } from './wasm-kernel-scope';

function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`cnn-doctor UnsortedSegmentSum (wasm): dtype ${x.dtype} is not supported.`);
  }
  const segmentCount = tf.util.sizeFromShape(segmentIds.shape);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const innerSize = tf.util.sizeFromShape(innerShape);
  const wasm = backend as WasmBackendLike;

  return withScope(wasm, (scope) => {
    const out = scope.make([numSegments, ...innerShape], x.dtype);
    const outValues = wasm.typedArrayFromHeap(out);
    const xValues = wasm.typedArrayFromHeap(x);
    const ids = wasm.typedArrayFromHeap(segmentIds);
    outValues.fill(0);
    for (let s = 0; s < segmentCount; s++) {
      const segment = ids[s];
      if (segment < 0 || segment >= numSegments) continue;
      const from = s * innerSize;
      const to = segment * innerSize;
      for (let d = 0; d < innerSize; d++) outValues[to + d] += xValues[from + d];
    }
    return out;
  });
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
