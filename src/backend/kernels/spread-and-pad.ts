/**
 * Lays an NHWC tensor out on a larger zero grid: sample (h, w) lands at
 * (before_h + h·stride_h, before_w + w·stride_w); samples falling outside the grid are dropped.
 *
 * This is the "dilate dy by the stride, then pad" step of a transposed convolution. It is done
 * in plain JS on the wasm heap because tfjs-wasm has no strided-scatter kernel; one pass over
 * the output, a few ms for a 64×32×32×32 gradient.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { InputGradAxisPlan } from './conv-geometry';
import type { WasmKernelScope } from './wasm-kernel-scope';

export function spreadAndPad(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  heightPlan: InputGradAxisPlan,
  widthPlan: InputGradAxisPlan,
  strideHeight: number,
  strideWidth: number,
): tf.TensorInfo {
  const [batch, inHeight, inWidth, channels] = x.shape;
  const outHeight = heightPlan.length;
  const outWidth = widthPlan.length;
  const out = scope.make([batch, outHeight, outWidth, channels], x.dtype);
  // Views only after the allocation above: it may grow (and detach) the heap.
  const outValues = scope.floats(out);
  const xValues = scope.floats(x);
  outValues.fill(0);
  const outRowStride = outWidth * channels;
  const outImageStride = outHeight * outRowStride;
  for (let n = 0; n < batch; n++) {
    for (let h = 0; h < inHeight; h++) {
      const outH = heightPlan.before + h * strideHeight;
      if (outH < 0 || outH >= outHeight) continue;
      for (let w = 0; w < inWidth; w++) {
        const outW = widthPlan.before + w * strideWidth;
        if (outW < 0 || outW >= outWidth) continue;
        const from = ((n * inHeight + h) * inWidth + w) * channels;
        const to = n * outImageStride + outH * outRowStride + outW * channels;
        for (let c = 0; c < channels; c++) outValues[to + c] = xValues[from + c];
      }
    }
  }
  return out;
}
