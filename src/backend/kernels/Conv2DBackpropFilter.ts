/**
 * Conv2DBackpropFilter for the wasm backend (tfjs-wasm has none; the cpu fallback is ~1000× slower).
 *
 * Two routes, picked per call by shape (`chooseFilterGradRoute`):
 *
 * 'gemm' (stride 1): one XNNPACK matrix product over the padded pixel grid.
 *   Lay x out channel-first on a zero-gapped grid, xGrid[ci, n, h, w] (Transpose + PadV2; see
 *   GemmGrid), flattened per channel. Put dy on the same grid, dyGrid[q, co] with q = (n, oh, ow)
 *   and zeros where (oh, ow) is not an output position. Then for tap (i, j) the input pixel grid
 *   position q reads is q + i·d·rowStride + j·d − lead, so
 *     dw[i, j, ci, co] = Σ_q xGrid[ci, q + i·d·rowStride + j·d − lead] · dyGrid[q, co]
 *   and stacking the 9 (kh·kw) shifted rows of every channel gives A[(i, j, ci), q]: the whole
 *   filter gradient is A · dyGrid, already in the [kh, kw, Cin, Cout] layout. Building A is
 *   kh·kw·Cin contiguous memmoves; dy needs no transpose. Wrapped reads (a tap running past the
 *   row end) meet zeros in the gaps. Costs (grid size)/(outH·outW) more multiply-adds than the conv;
 *   batches are split so A stays below 24 Mi floats.
 *
 * 'conv' (any stride):
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
import { reshaped, withScope, type KernelArgs, type WasmBackendLike, type WasmKernelScope } from './wasm-kernel-scope';

export type FilterGradRoute = 'gemm' | 'conv';
/** Largest shifted-row matrix A (floats) built at once; larger batches are split into chunks. */
const DEFAULT_GEMM_CHUNK_FLOATS = 24 * 1024 * 1024;
let gemmChunkFloats = DEFAULT_GEMM_CHUNK_FLOATS;
/** Use 'gemm' while (grid size)/(output size) is at most this. */
const GEMM_MAX_GRID_OVERHEAD = 1.6;
let forcedRoute: FilterGradRoute | 'auto' = 'auto';

/**
 * For tests and benchmarks: force one route ('auto' restores the shape-based choice) and
 * optionally shrink the 'gemm' chunk size (to exercise batch splitting).
 */
export function setFilterGradRoute(route: FilterGradRoute | 'auto', options: { chunkFloats?: number } = {}): void {
  forcedRoute = route;
  gemmChunkFloats = options.chunkFloats ?? DEFAULT_GEMM_CHUNK_FLOATS;
}

/**
 * Grid of the 'gemm' route. Images are stacked with one shared zero gap between neighbours:
 * gapHeight = max(top, bottom) zero rows after each image, gapWidth = max(left, right) zero
 * columns after each row, so a gap serves as the bottom (right) padding of one image (row) and
 * the top (left) padding of the next. Grid position q = n·imageStride + oh·rowStride + ow.
 */
interface GemmGrid {
  gapHeight: number;
  gapWidth: number;
  rowStride: number;
  imageStride: number;
  /** Flat distance from a grid position to the pixel its tap (0, 0) reads: top·rowStride + left. */
  lead: number;
}

function gemmGrid(info: ConvInfo): GemmGrid | null {
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const { top, bottom, left, right } = info.padInfo;
  if (Math.min(top, bottom, left, right) < 0) return null;
  const gapHeight = Math.max(top, bottom);
  const gapWidth = Math.max(left, right);
  const rowStride = info.inWidth + gapWidth;
  const imageRows = info.inHeight + gapHeight;
  // Every tap must read inside its own image's padded window (geometry of a stride-1 conv), and an
  // output row must fit in a grid row.
  const fits =
    info.outHeight - 1 + (info.filterHeight - 1) * info.dilationHeight <= top + info.inHeight + bottom - 1 &&
    info.outWidth - 1 + (info.filterWidth - 1) * info.dilationWidth <= left + info.inWidth + right - 1 &&
    info.outWidth <= rowStride &&
    info.outHeight <= imageRows;
  if (!fits) return null;
  return { gapHeight, gapWidth, rowStride, imageStride: imageRows * rowStride, lead: top * rowStride + left };
}

/**
 * 'gemm' where it applies and the grid is not much larger than the output grid (it pays
 * (grid size)/(outH·outW) more multiply-adds); measured on the reference CNN's layers (docs/backend.md).
 */
export function chooseFilterGradRoute(info: ConvInfo): FilterGradRoute {
  const grid = gemmGrid(info);
  if (grid == null) return 'conv';
  if (forcedRoute !== 'auto') return forcedRoute;
  return grid.imageStride / (info.outHeight * info.outWidth) <= GEMM_MAX_GRID_OVERHEAD ? 'gemm' : 'conv';
}

function gemmFilterGradient(scope: WasmKernelScope, x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo): tf.TensorInfo {
  const grid = gemmGrid(info) as GemmGrid;
  const { batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { rowStride, imageStride, lead } = grid;
  // xGrid[ci, n, h, w]: x channel-first with the zero gaps after each image and each row.
  const xT = scope.run('Transpose', { x }, { perm: [3, 0, 1, 2] });
  const xGrid =
    grid.gapHeight + grid.gapWidth > 0
      ? scope.run('PadV2', { x: xT }, { paddings: [[0, 0], [0, 0], [0, grid.gapHeight], [0, grid.gapWidth]], constantValue: 0 })
      : xT;
  const rows = filterHeight * filterWidth * inChannels;
  const lastOffset = (outHeight - 1) * rowStride + outWidth;
  const imagesPerChunk = Math.max(
    1,
    Math.min(batchSize, Math.floor((gemmChunkFloats / rows - lastOffset) / imageStride) + 1),
  );
  const channelStride = batchSize * imageStride;
  const dyRow = outWidth * outChannels;
  let total: tf.TensorInfo | null = null;
  for (let n0 = 0; n0 < batchSize; n0 += imagesPerChunk) {
    const images = Math.min(imagesPerChunk, batchSize - n0);
    const length = (images - 1) * imageStride + lastOffset;
    const a = scope.make([rows, length], 'float32');
    const b = scope.make([length, outChannels], 'float32');
    // Views only after the allocations above: they may grow (and detach) the heap.
    const aValues = scope.floats(a);
    const bValues = scope.floats(b);
    const xValues = scope.floats(xGrid);
    const dyValues = scope.floats(dy);
    for (let i = 0; i < filterHeight; i++) {
      for (let j = 0; j < filterWidth; j++) {
        const offset = n0 * imageStride + i * info.dilationHeight * rowStride + j * info.dilationWidth - lead;
        const rowBase = (i * filterWidth + j) * inChannels;
        for (let ci = 0; ci < inChannels; ci++) {
          // A read before channel ci's block lands in channel ci−1's trailing gap (zeros), except
          // before the very first element: there the row starts with explicit zeros.
          let from = ci * channelStride + offset;
          let to = (rowBase + ci) * length;
          if (from < 0) {
            aValues.fill(0, to, to - from);
            to -= from;
            from = 0;
          }
          aValues.set(xValues.subarray(from, from + length - (to - (rowBase + ci) * length)), to);
        }
      }
    }
    bValues.fill(0);
    for (let n = 0; n < images; n++) {
      for (let oh = 0; oh < outHeight; oh++) {
        const from = ((n0 + n) * outHeight + oh) * dyRow;
        bValues.set(dyValues.subarray(from, from + dyRow), (n * imageStride + oh * rowStride) * outChannels);
      }
    }
    const part = scope.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    scope.release(a);
    scope.release(b);
    total = total == null ? part : scope.run('Add', { a: total, b: part });
  }
  return reshaped(total as tf.TensorInfo, [filterHeight, filterWidth, inChannels, outChannels]);
}

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
    if (chooseFilterGradRoute(info) === 'gemm') return gemmFilterGradient(scope, x, dy, info);
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
