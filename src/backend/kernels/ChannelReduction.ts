/**
 * Fast `Sum` / `Mean` on wasm for reductions over a contiguous block of axes that does not
 * include the last one — the per-channel reductions of NHWC training: `tf.moments(x, [0, 1, 2])`
 * (two Means per tf.layers BatchNorm layer), Sub's gradient `sum(dy, [0, 1, 2])`, global average
 * pooling (axes [1, 2]). tfjs-wasm's own kernels first transpose the reduced axes innermost (a
 * full copy) and then reduce; this is 3–6× faster. Other axis patterns, other dtypes and empty
 * tensors go to tfjs-wasm's original kernel.
 *
 * Math: view x as [A, R, B] (A = product of the axes before the block, R = of the reduced block,
 * B = of the axes after it, B > 1 by construction). Split R = R1 · R2, where R2 is the product of
 * the innermost reduced axes that stays ≤ MAX_WINDOW. XNNPACK's average pooling (the wasm
 * `AvgPool` kernel) on the view [A·R1, R2, 1, B] with an R2 × 1 window gives
 *   p[a, r1, b] = (1/R2) Σ_{r2} x[a, r1·R2 + r2, b]        (float32, SIMD over b)
 * and a JS pass adds the R1 partial means in float64:
 *   Sum:  out[a, b] = R2 · Σ_{r1} p[a, r1, b]        Mean: out[a, b] = (1/R1) Σ_{r1} p[a, r1, b].
 * When no window fits (innermost reduced axis > MAX_WINDOW) or R2 < MIN_WINDOW, a JS pass over x
 * sums in float64 instead (row blocks, one channel at a time so the running sum stays in a register).
 */
import * as tf from '@tensorflow/tfjs-core';
import { reshaped, withScope, type KernelArgs, type WasmBackendLike } from './wasm-kernel-scope';

type ReductionKind = 'Sum' | 'Mean';

const DEFAULT_MAX_WINDOW = 4096;
let maxWindow = DEFAULT_MAX_WINDOW;
/** Below this many elements per window the pooling call costs more than it saves. */
const MIN_WINDOW = 4;
const ROW_BLOCK_ELEMENTS = 4096;
let fastReductions = true;

/**
 * For tests and benchmarks: turn the fast path off (every call goes to tfjs-wasm's kernel) and/or
 * change the largest pooling window (a small one exercises the R1 > 1 and pure-JS paths).
 */
export function setChannelReductionOptions(options: { enabled?: boolean; maxWindow?: number } = {}): void {
  fastReductions = options.enabled ?? true;
  maxWindow = options.maxWindow ?? DEFAULT_MAX_WINDOW;
}

export interface ReductionPlan {
  /** Product of the axes before the reduced block. */
  outer: number;
  /** R1: reduced elements summed in JS (per output element, per pooled window). */
  rows: number;
  /** R2: elements per pooling window (1: no pooling, pure JS). */
  window: number;
  /** Product of the axes after the reduced block (the channels, for NHWC). */
  inner: number;
}

/**
 * The [A, R1, R2, B] plan for reducing `axes` of `shape`, or null when the fast path does not
 * apply (axes not one contiguous block, the block includes the last axis, or an empty tensor).
 */
export function planChannelReduction(shape: number[], axes: number[]): ReductionPlan | null {
  if (axes.length === 0 || shape.length < 2) return null;
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (last - first + 1 !== sorted.length || last >= shape.length - 1) return null;
  if (shape.some((size) => size === 0)) return null;
  const product = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  const outer = product(0, first);
  const inner = product(last + 1, shape.length);
  const reduced = product(first, last + 1);
  let window = 1;
  for (let axis = last; axis >= first && window * shape[axis] <= maxWindow; axis--) window *= shape[axis];
  if (window < MIN_WINDOW) window = 1;
  return { outer, rows: reduced / window, window, inner };
}

/** out[a·B + b] = Σ_r x[(a·R + r)·B + b] in float64, R = rows, B = inner. */
function sumRowsInto(out: Float64Array, x: Float32Array, outer: number, rows: number, inner: number): void {
  const blockRows = Math.max(1, Math.floor(ROW_BLOCK_ELEMENTS / inner));
  for (let a = 0; a < outer; a++) {
    const base = a * rows * inner;
    const outBase = a * inner;
    for (let r0 = 0; r0 < rows; r0 += blockRows) {
      const start = base + r0 * inner;
      const end = base + Math.min(rows, r0 + blockRows) * inner;
      for (let b = 0; b < inner; b++) {
        let s = 0;
        for (let i = start + b; i < end; i += inner) s += x[i];
        out[outBase + b] += s;
      }
    }
  }
}

function outputShape(shape: number[], axes: number[], keepDims: boolean): number[] {
  const reduced = new Set(axes);
  const out: number[] = [];
  shape.forEach((size, axis) => {
    if (!reduced.has(axis)) out.push(size);
    else if (keepDims) out.push(1);
  });
  return out;
}

function reduce(kind: ReductionKind, args: KernelArgs, plan: ReductionPlan, outShape: number[]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const wasm = args.backend as WasmBackendLike;
  const { outer, rows, window, inner } = plan;
  return withScope(wasm, (scope) => {
    const out = scope.make(outShape, 'float32');
    const totals = new Float64Array(outer * inner);
    let scale: number;
    if (window === 1) {
      sumRowsInto(totals, scope.floats(x), outer, rows, inner);
      scale = kind === 'Sum' ? 1 : 1 / rows;
    } else {
      // Means of R2-element windows, [A·R1, 1, 1, B]; then Σ over R1 in JS.
      const pooled = scope.run(
        'AvgPool',
        { x: reshaped(x, [outer * rows, window, 1, inner]) },
        { filterSize: [window, 1], strides: [window, 1], pad: 'valid' },
      );
      sumRowsInto(totals, scope.floats(pooled), outer, rows, inner);
      scale = kind === 'Sum' ? window : 1 / rows;
    }
    const outValues = scope.floats(out);
    for (let i = 0; i < totals.length; i++) outValues[i] = totals[i] * scale;
    return out;
  });
}

/**
 * Wraps tfjs-wasm's `Sum` or `Mean` kernel function: per-channel-style reductions take the fast
 * path, everything else (and everything while disabled) calls `original`.
 */
export function channelReductionKernel(kind: ReductionKind, original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (!fastReductions || x.dtype !== 'float32') return original(args);
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const plan = planChannelReduction(x.shape, axes);
    if (plan == null) return original(args);
    return reduce(kind, args as KernelArgs, plan, outputShape(x.shape, axes, keepDims));
  };
}
