/**
 * Shared geometry for computing convolution gradients as forward convolutions.
 *
 * Forward conv along one spatial axis (input length `in`, filter taps `k`, stride s, dilation d,
 * padding p0 before / p1 after, output length `out`):
 *     y[o] = Σ_t x[o·s − p0 + t·d] · w[t]
 *
 * Input gradient:  dx[h] = Σ_{o,t : o·s − p0 + t·d = h} dy[o] · w[t].
 *   Spread dy out by s (s−1 zeros between samples: "dyDilated"), pad it by (k−1)·d − p0 before,
 *   then dx is a stride-1 forward conv of it with the *flipped* filter at dilation d.
 *
 * Filter gradient: dw[t] = Σ_o x[t·d + o·s − p0] · dy[o].
 *   This is a forward conv of the padded x where dy plays the filter: stride d, dilation s,
 *   output length k. Padding rows that no output tap reaches are dropped (smaller pad or a crop).
 */
import * as tf from '@tensorflow/tfjs-core';

/** tfjs's per-call convolution description (backend_util.Conv2DInfo). */
export type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

/** Reads the convolution attributes and rejects layouts the wasm convolution cannot run. */
export function readConvAttrs(kernelName: string, attrs: tf.NamedAttrMap | undefined): ConvAttrs {
  if (attrs == null) throw new Error(`cnn-doctor ${kernelName}: missing attributes.`);
  const conv = attrs as unknown as ConvAttrs;
  if (conv.dataFormat != null && conv.dataFormat !== 'NHWC') {
    throw new Error(
      `cnn-doctor ${kernelName} (wasm): dataFormat '${conv.dataFormat}' is not supported; ` +
        `use channelsLast (NHWC), the tf.layers default.`,
    );
  }
  return conv;
}

export function convInfoFor(
  inputShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
  depthwise: boolean,
): ConvInfo {
  return tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
    'channelsLast',
  );
}

export interface AxisGeometry {
  inSize: number;
  outSize: number;
  taps: number;
  stride: number;
  dilation: number;
  padBefore: number;
  padAfter: number;
}

export function heightAxis(info: ConvInfo): AxisGeometry {
  return {
    inSize: info.inHeight,
    outSize: info.outHeight,
    taps: info.filterHeight,
    stride: info.strideHeight,
    dilation: info.dilationHeight,
    padBefore: info.padInfo.top,
    padAfter: info.padInfo.bottom,
  };
}

export function widthAxis(info: ConvInfo): AxisGeometry {
  return {
    inSize: info.inWidth,
    outSize: info.outWidth,
    taps: info.filterWidth,
    stride: info.strideWidth,
    dilation: info.dilationWidth,
    padBefore: info.padInfo.left,
    padAfter: info.padInfo.right,
  };
}

/** How to lay dy out (along one axis) so that a 'valid', stride-1 conv with the flipped filter yields dx. */
export interface InputGradAxisPlan {
  /** Zeros before the first dy sample; negative means that many leading samples are dropped. */
  before: number;
  /** Length of the laid-out (spread, padded, cropped) axis. */
  length: number;
}

export function inputGradAxisPlan(axis: AxisGeometry): InputGradAxisPlan {
  const reach = (axis.taps - 1) * axis.dilation;
  // The conv of a length-L signal with a filter reaching `reach` yields L − reach outputs; dx needs inSize.
  return { before: reach - axis.padBefore, length: axis.inSize + reach };
}

/** How to pad/crop x (along one axis) so the dy-as-filter conv yields exactly `taps` outputs. */
export interface FilterGradAxisPlan {
  padBefore: number;
  padAfter: number;
  /** Trailing input samples no tap ever reaches, cut off before the conv. */
  cropInputEnd: number;
}

export function filterGradAxisPlan(axis: AxisGeometry): FilterGradAxisPlan {
  const needed = (axis.taps - 1) * axis.dilation + (axis.outSize - 1) * axis.stride + 1;
  const excess = axis.padBefore + axis.inSize + axis.padAfter - needed;
  const trimmedPad = Math.min(axis.padAfter, Math.max(excess, 0));
  return {
    padBefore: axis.padBefore,
    padAfter: axis.padAfter - trimmedPad,
    cropInputEnd: Math.max(excess - trimmedPad, 0),
  };
}

/** tfjs explicit-padding attribute for NHWC. */
export function explicitPadding(
  top: number,
  bottom: number,
  left: number,
  right: number,
): tf.backend_util.ExplicitPadding {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}
