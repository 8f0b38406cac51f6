/**
 * Conv2DBackpropInput for the wasm backend (replaces tfjs-wasm's own, which is ~13× slower
 * than its forward convolution because it is a naive loop, not XNNPACK).
 *
 * Math (NHWC, filter w[kh, kw, inC, outC], stride s, dilation d, padding p):
 *   dx[n, h, w, ci] = Σ_{oh, ow, i, j, co : oh·s − p_top + i·d = h, ow·s − p_left + j·d = w}
 *                        dy[n, oh, ow, co] · w[i, j, ci, co]
 *   = conv2d(dyLaidOut, flip_ij(w) with in/out channels swapped, stride 1, dilation d, 'valid')
 * where dyLaidOut spreads dy by the stride and pads it by (k−1)·d − p (see conv-geometry.ts).
 * For stride 1 the spreading is a no-op and the padding is handed to XNNPACK directly.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  convInfoFor,
  explicitPadding,
  heightAxis,
  inputGradAxisPlan,
  readConvAttrs,
  widthAxis,
  type ConvInfo,
} from './conv-geometry';
import { spreadAndPad } from './spread-and-pad';
import { withScope, type KernelArgs, type WasmBackendLike, type WasmKernelScope } from './wasm-kernel-scope';

/**
 * Shared by the regular and the depthwise input gradient: lays dy out and returns the padding
 * the stride-1 conv must add itself.
 */
export function layOutGradientForTransposedConv(
  scope: WasmKernelScope,
  dy: tf.TensorInfo,
  info: ConvInfo,
): { laidOut: tf.TensorInfo; pad: tf.backend_util.ExplicitPadding } {
  const heightPlan = inputGradAxisPlan(heightAxis(info));
  const widthPlan = inputGradAxisPlan(widthAxis(info));
  const spreadHeight = (info.outHeight - 1) * info.strideHeight + 1;
  const spreadWidth = (info.outWidth - 1) * info.strideWidth + 1;
  const padAfterHeight = heightPlan.length - heightPlan.before - spreadHeight;
  const padAfterWidth = widthPlan.length - widthPlan.before - spreadWidth;
  const convCanPad =
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    Math.min(heightPlan.before, widthPlan.before, padAfterHeight, padAfterWidth) >= 0;
  if (convCanPad) {
    return {
      laidOut: dy,
      pad: explicitPadding(heightPlan.before, padAfterHeight, widthPlan.before, padAfterWidth),
    };
  }
  return {
    laidOut: spreadAndPad(scope, dy, heightPlan, widthPlan, info.strideHeight, info.strideWidth),
    pad: explicitPadding(0, 0, 0, 0),
  };
}

function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const convAttrs = readConvAttrs('Conv2DBackpropInput', attrs);
  const inputShape = (attrs as { inputShape: number[] }).inputShape;
  const info = convInfoFor(inputShape, filter.shape, convAttrs, false);

  return withScope(backend as WasmBackendLike, (scope) => {
    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = scope.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    const { laidOut, pad } = layOutGradientForTransposedConv(scope, dy, info);
    return scope.run(
      'Conv2D',
      { x: laidOut, filter: swapped },
      { strides: [1, 1], pad, dilations: [info.dilationHeight, info.dilationWidth], dataFormat: 'NHWC' },
    );
  });
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
