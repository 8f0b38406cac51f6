/**
 * `CnnDoctorFusedBatchNormGrad` (a cnn-doctor kernel name, wasm only): every gradient of
 * FusedBatchNorm in one pass over x and dy. tfjs-core's own FusedBatchNorm gradient builds them
 * from ~13 separate full-size tensor ops (Sub, Multiply ×6, Tile, Sum ×4, …).
 *
 * Math, per channel c (the last axis; sums run over all other axes), with
 * r_c = 1/√(variance_c + ε) and g_c = scale_c (1 when there is no scale), exactly the formulas
 * of tfjs-core's gradients/FusedBatchNorm_grad.ts:
 *   dx        = dy · g_c · r_c
 *   dmean_c   = −r_c · g_c · Σ dy
 *   dvar_c    = −½ r_c³ · g_c · Σ dy·(x − mean_c)
 *   dscale_c  = r_c · Σ dy·(x − mean_c)
 *   doffset_c = Σ dy
 * Channel sums accumulate in float64. Outputs: [dx (x's shape), dmean, dvariance, dscale,
 * doffset (each [C])].
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs, WasmBackendLike } from './wasm-kernel-scope';

export const FUSED_BATCH_NORM_GRAD = 'CnnDoctorFusedBatchNormGrad';
const ROW_BLOCK_ELEMENTS = 2048;

function fusedBatchNormGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { x, dy, mean, variance, scale } = inputs as Record<string, tf.TensorInfo | undefined>;
  if (x == null || dy == null || mean == null || variance == null) {
    throw new Error(`cnn-doctor ${FUSED_BATCH_NORM_GRAD}: x, dy, mean and variance are required.`);
  }
  const epsilon = (attrs as { varianceEpsilon: number }).varianceEpsilon;
  const wasm = backend as WasmBackendLike;
  const channels = x.shape[x.shape.length - 1];
  const outputs = [
    wasm.makeOutput(x.shape, 'float32'),
    ...[0, 1, 2, 3].map(() => wasm.makeOutput([channels], 'float32')),
  ];
  // Views only after the allocations above: they may grow (and detach) the heap.
  const read = (info: tf.TensorInfo) => wasm.typedArrayFromHeap(info) as Float32Array;
  const xValues = read(x);
  const dyValues = read(dy);
  const meanValues = read(mean);
  const varianceValues = read(variance);
  const scaleValues = scale == null ? null : read(scale);
  const [dx, dMean, dVariance, dScale, dOffset] = outputs.map(read);

  const rstd = new Float64Array(channels);
  const factor = new Float64Array(channels);
  const centre = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    rstd[c] = 1 / Math.sqrt(varianceValues[c] + epsilon);
    factor[c] = (scaleValues == null ? 1 : scaleValues[c]) * rstd[c];
    centre[c] = meanValues[c];
  }
  const sumDy = new Float64Array(channels);
  const sumDyCentred = new Float64Array(channels);
  const size = xValues.length;
  // Blocks of whole rows small enough for L1; inside a block one channel at a time, so the two
  // running sums stay in registers (a row-major loop with array accumulators is ~3× slower).
  const block = channels * Math.max(1, Math.floor(ROW_BLOCK_ELEMENTS / channels));
  for (let start = 0; start < size; start += block) {
    const end = Math.min(size, start + block);
    for (let c = 0; c < channels; c++) {
      const m = centre[c];
      const f = factor[c];
      let s1 = 0;
      let s2 = 0;
      for (let i = start + c; i < end; i += channels) {
        const g = dyValues[i];
        s1 += g;
        s2 += g * (xValues[i] - m);
        dx[i] = g * f;
      }
      sumDy[c] += s1;
      sumDyCentred[c] += s2;
    }
  }
  for (let c = 0; c < channels; c++) {
    const r = rstd[c];
    dMean[c] = -factor[c] * sumDy[c];
    dVariance[c] = -0.5 * r * r * factor[c] * sumDyCentred[c];
    dScale[c] = r * sumDyCentred[c];
    dOffset[c] = sumDy[c];
  }
  return outputs;
}

export const fusedBatchNormGradConfig: tf.KernelConfig = {
  kernelName: FUSED_BATCH_NORM_GRAD,
  backendName: 'wasm',
  kernelFunc: fusedBatchNormGrad as unknown as tf.KernelFunc,
};
