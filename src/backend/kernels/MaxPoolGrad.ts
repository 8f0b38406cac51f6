/**
 * MaxPoolGrad for the wasm backend (replaces tfjs-wasm's, which took 30 ms for a
 * 64×32×32×32 activation — longer than the forward conv before it).
 *
 * Math: for every pooling window, the gradient flows only to the window's maximum:
 *   dx[n, h, w, c] = Σ_{windows (oh, ow) whose first maximum is at (h, w)} dy[n, oh, ow, c]
 * "First" = row-major order inside the window with a strict `>`, exactly like the cpu
 * backend, so ties and NaNs give identical gradients. One JS pass over the windows that keeps
 * a running max per channel, so memory is read contiguously (NHWC).
 *
 * Tiling windows (stride = window size, no padding, the windows cover the input exactly — every
 * 2×2 / stride 2 pool of an even-sized map) take a faster path: each input element lies in exactly
 * one window, so dx is written once per element (dy at the window's first maximum, 0 elsewhere)
 * without the zero fill and read-modify-write accumulation, and 2×2 windows are unrolled.
 */
import * as tf from '@tensorflow/tfjs-core';
import { withScope, type KernelArgs, type WasmBackendLike } from './wasm-kernel-scope';

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

let tilingPath = true;

/** For benchmarks: route tiling windows through the general loop too while false. */
export function setMaxPoolGradTiling(enabled: boolean): void {
  tilingPath = enabled;
}

function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as PoolAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const wasm = backend as WasmBackendLike;

  const tiling =
    tilingPath &&
    info.strideHeight === info.filterHeight &&
    info.strideWidth === info.filterWidth &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    outHeight * info.filterHeight === inHeight &&
    outWidth * info.filterWidth === inWidth;

  return withScope(wasm, (scope) => {
    const dx = scope.make(input.shape, 'float32');
    const dxValues = scope.floats(dx);
    const xValues = scope.floats(input);
    const dyValues = scope.floats(dy);
    if (tiling) {
      tilingMaxPoolGrad(dxValues, xValues, dyValues, batchSize * outHeight, outWidth, channels, info.filterHeight, info.filterWidth);
      return dx;
    }
    dxValues.fill(0);
    const best = new Float32Array(channels);
    const bestIndex = new Int32Array(channels);
    for (let n = 0; n < batchSize; n++) {
      for (let oh = 0; oh < outHeight; oh++) {
        const top = oh * info.strideHeight - info.padInfo.top;
        const rowStart = Math.max(top, 0);
        const rowEnd = Math.min(top + info.filterHeight, inHeight);
        for (let ow = 0; ow < outWidth; ow++) {
          const left = ow * info.strideWidth - info.padInfo.left;
          const colStart = Math.max(left, 0);
          const colEnd = Math.min(left + info.filterWidth, inWidth);
          best.fill(Number.NEGATIVE_INFINITY);
          bestIndex.fill(-1);
          for (let h = rowStart; h < rowEnd; h++) {
            for (let w = colStart; w < colEnd; w++) {
              const base = ((n * inHeight + h) * inWidth + w) * channels;
              for (let c = 0; c < channels; c++) {
                const value = xValues[base + c];
                if (value > best[c]) {
                  best[c] = value;
                  bestIndex[c] = base + c;
                }
              }
            }
          }
          const dyBase = ((n * outHeight + oh) * outWidth + ow) * channels;
          for (let c = 0; c < channels; c++) {
            if (bestIndex[c] >= 0) dxValues[bestIndex[c]] += dyValues[dyBase + c];
          }
        }
      }
    }
    return dx;
  });
}

/**
 * Windows that tile the input: `bands` = N·outH bands of kh input rows, outW windows of kw columns
 * each. Writes every dx element exactly once. Ties and NaN as in the general path: strict `>`
 * against a running max that starts at −∞, first maximum in row-major order; no maximum (all NaN
 * or −∞) → all zeros.
 */
function tilingMaxPoolGrad(
  dx: Float32Array,
  x: Float32Array,
  dy: Float32Array,
  bands: number,
  outWidth: number,
  channels: number,
  kh: number,
  kw: number,
): void {
  const rowStride = outWidth * kw * channels;
  const colStride = channels;
  let dyBase = 0;
  for (let band = 0; band < bands; band++) {
    const bandBase = band * kh * rowStride;
    for (let ow = 0; ow < outWidth; ow++, dyBase += channels) {
      const base = bandBase + ow * kw * channels;
      if (kh === 2 && kw === 2) {
        const p01 = base + colStride;
        const p10 = base + rowStride;
        const p11 = p10 + colStride;
        for (let c = 0; c < channels; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          let v = x[base + c];
          if (v > best) { best = v; at = base + c; }
          v = x[p01 + c];
          if (v > best) { best = v; at = p01 + c; }
          v = x[p10 + c];
          if (v > best) { best = v; at = p10 + c; }
          v = x[p11 + c];
          if (v > best) { at = p11 + c; }
          dx[base + c] = 0;
          dx[p01 + c] = 0;
          dx[p10 + c] = 0;
          dx[p11 + c] = 0;
          if (at >= 0) dx[at] = dy[dyBase + c];
        }
        continue;
      }
      for (let c = 0; c < channels; c++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const k = base + i * rowStride + j * colStride + c;
            const v = x[k];
            dx[k] = 0;
            if (v > best) { best = v; at = k; }
          }
        }
        if (at >= 0) dx[at] = dy[dyBase + c];
      }
    }
  }
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};
