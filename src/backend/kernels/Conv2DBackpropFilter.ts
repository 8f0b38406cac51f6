/**
 * Conv2DBackpropFilter for the wasm backend (tfjs-wasm has none; the cpu fallback is ~1000× slower).
 *
 * Math (NHWC, x[N, H, W, inC], dy[N, outH, outW, outC], stride s, dilation d, padding p):
 *   dw[i, j, ci, co] = Σ_{n, oh, ow} x[n, oh·s − p_top + i·d, ow·s − p_left + j·d, ci] · dy[n, oh, ow, co]
 * Swap x's batch and channel axes (xT[ci, h, w, n]) and use dy as a filter (dyT[oh, ow, n, co]):
 *   dwT[ci, i, j, co] = Σ_{oh, ow, n} xT[ci, i·d + oh·s − p_top, j·d + ow·s − p_left, n] · dyT[oh, ow, n, co]
 * which is one forward conv2d (stride d, dilation s, x's padding) run by XNNPACK;
 * dw = transpose(dwT, [1, 2, 0, 3]).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  convInfoFor,
  explicitPadding,
  filterGradAxisPlan,
  heightAxis,
  readConvAttrs,
  widthAxis,
  type ConvInfo,
} from './conv-geometry';
import { withScope, type KernelArgs, type WasmBackendLike, type WasmKernelScope } from './wasm-kernel-scope';

/**
 * Spatial padding for a conv in which dy is the filter, and the trailing input crop it needs.
 * Shared by the regular and the depthwise filter gradient. `x` is NHWC-like with H, W at axes 1, 2.
 */
export function prepareInputForFilterGradient(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  info: ConvInfo,
): { input: tf.TensorInfo; pad: tf.backend_util.ExplicitPadding } {
  const heightPlan = filterGradAxisPlan(heightAxis(info));
  const widthPlan = filterGradAxisPlan(widthAxis(info));
  let input = x;
  if (heightPlan.cropInputEnd > 0 || widthPlan.cropInputEnd > 0) {
    const [d0, height, width, d3] = x.shape;
    input = scope.run(
      'Slice',
      { x },
      {
        begin: [0, 0, 0, 0],
        size: [d0, height - heightPlan.cropInputEnd, width - widthPlan.cropInputEnd, d3],
      },
    );
  }
  return {
    input,
    pad: explicitPadding(heightPlan.padBefore, heightPlan.padAfter, widthPlan.padBefore, widthPlan.padAfter),
  };
}

function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const convAttrs = readConvAttrs('Conv2DBackpropFilter', attrs);
  const filterShape = (attrs as { filterShape: number[] }).filterShape;
  const info = convInfoFor(x.shape, filterShape, convAttrs, false);

  return withScope(backend as WasmBackendLike, (scope) => {
    const xT = scope.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyT = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const { input, pad } = prepareInputForFilterGradient(scope, xT, info);
    const dwT = scope.run(
      'Conv2D',
      { x: input, filter: dyT },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad,
        dataFormat: 'NHWC',
      },
    );
    return scope.run('Transpose', { x: dwT }, { perm: [1, 2, 0, 3] });
  });
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
