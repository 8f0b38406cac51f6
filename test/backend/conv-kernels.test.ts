/**
 * Conv2DBackpropInput / Conv2DBackpropFilter and their depthwise versions on wasm (cnn-doctor's
 * kernels) against the cpu backend. Dilated cases use an exact cpu reference: a dilated filter
 * equals an undilated one with zeros between its taps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { convLabel, loadBothBackends, randomValues, relativeError, runOn, size, wasmVsCpu, type ConvCase, type KernelCall } from './helpers';

const TOLERANCE = 1e-4;

const cases: ConvCase[] = [
  { x: [1, 5, 5, 1], filter: [3, 3], out: 1, strides: 1, pad: 'same' },
  { x: [2, 7, 9, 3], filter: [3, 3], out: 4, strides: 1, pad: 'same' },
  { x: [3, 9, 7, 2], filter: [3, 2], out: 2, strides: 2, pad: 'valid' },
  { x: [2, 8, 8, 3], filter: [3, 3], out: 2, strides: 2, pad: 'same' },
  { x: [1, 11, 10, 4], filter: [5, 5], out: 3, strides: [2, 3], pad: 'same' },
  { x: [2, 6, 7, 2], filter: [1, 1], out: 3, strides: 1, pad: 'valid' },
  { x: [2, 10, 9, 3], filter: [4, 4], out: 1, strides: 2, pad: 'same' },
  { x: [1, 7, 7, 1], filter: [3, 3], out: 2, strides: 3, pad: 'valid' },
];

const dilatedCases: ConvCase[] = [
  { x: [2, 9, 9, 3], filter: [3, 3], out: 2, strides: 1, pad: 'valid', dilations: 2 },
  { x: [1, 10, 7, 2], filter: [2, 3], out: 1, strides: 1, pad: 'same', dilations: 3 },
];

/** Zero-inserted copy of a [kh, kw, a, b] filter: tap (i, j) moves to (i·d, j·d). */
function dilateFilter(values: Float32Array, shape: number[], d: number): { values: Float32Array; shape: number[] } {
  const [kh, kw, a, b] = shape;
  const kh2 = (kh - 1) * d + 1;
  const kw2 = (kw - 1) * d + 1;
  const out = new Float32Array(kh2 * kw2 * a * b);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < a * b; c++) out[(i * d * kw2 + j * d) * a * b + c] = values[(i * kw + j) * a * b + c];
    }
  }
  return { values: out, shape: [kh2, kw2, a, b] };
}

/** Keeps taps (i·d, j·d) of a dilated-shape filter gradient. */
function undilate(values: ArrayLike<number>, dilatedShape: number[], d: number): Float32Array {
  const [kh2, kw2, a, b] = dilatedShape;
  const kh = (kh2 - 1) / d + 1;
  const kw = (kw2 - 1) / d + 1;
  const out = new Float32Array(kh * kw * a * b);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < a * b; c++) out[(i * kw + j) * a * b + c] = values[(i * d * kw2 + j * d) * a * b + c];
    }
  }
  return out;
}

function gradientCalls(c: ConvCase, depthwise: boolean, seed: number) {
  const channels = c.x[3];
  const filterShape = [c.filter[0], c.filter[1], channels, c.out];
  const dilations = c.dilations ?? 1;
  const info = tf.backend_util.computeConv2DInfo(
    c.x, filterShape as [number, number, number, number], c.strides, dilations, c.pad, undefined, depthwise,
  );
  const x = { values: randomValues(size(c.x), seed), shape: c.x };
  const filter = { values: randomValues(size(filterShape), seed + 1), shape: filterShape };
  const dy = { values: randomValues(size(info.outShape), seed + 2), shape: info.outShape };
  const base = { strides: c.strides, pad: c.pad, dilations, dataFormat: 'NHWC' };
  const prefix = depthwise ? 'DepthwiseConv2dNative' : 'Conv2D';
  const input: KernelCall = {
    kernelName: `${prefix}BackpropInput`,
    inputs: { dy, filter },
    attrs: { ...base, inputShape: c.x },
  };
  const filterGrad: KernelCall = {
    kernelName: `${prefix}BackpropFilter`,
    inputs: { x, dy },
    attrs: { ...base, filterShape },
  };
  return { input, filterGrad, filter, filterShape, dilations };
}

describe('wasm conv gradient kernels match cpu', () => {
  beforeAll(loadBothBackends);
  afterAll(() => tf.setBackend('cpu'));

  for (const depthwise of [false, true]) {
    const kind = depthwise ? 'DepthwiseConv2dNative' : 'Conv2D';
    cases.forEach((c, index) => {
      test(`${kind} ${convLabel(c)}`, async () => {
        const { input, filterGrad } = gradientCalls(c, depthwise, 100 + index);
        for (const call of [input, filterGrad]) {
          const { error, leakedBuffers } = await wasmVsCpu(call);
          expect({ kernel: call.kernelName, error: error <= TOLERANCE ? 'ok' : error, leakedBuffers }).toEqual({
            kernel: call.kernelName, error: 'ok', leakedBuffers: 0,
          });
        }
      });
    });

    dilatedCases.forEach((c, index) => {
      test(`${kind} dilated ${convLabel(c)}`, async () => {
        const { input, filterGrad, filter, filterShape, dilations } = gradientCalls(c, depthwise, 300 + index);
        const dilatedFilter = dilateFilter(filter.values, filterShape, dilations);
        const undilatedAttrs = { ...input.attrs, dilations: 1 };
        // dx: the cpu reference runs the equivalent zero-inserted filter without dilation.
        const inputReference: KernelCall = {
          ...input,
          inputs: { ...input.inputs, filter: dilatedFilter },
          attrs: undilatedAttrs,
        };
        expect((await wasmVsCpu(input, inputReference)).error).toBeLessThanOrEqual(TOLERANCE);
        // dw: the cpu gradient for the zero-inserted filter, sampled at the real taps.
        const fullGradient = await runOn('cpu', {
          ...filterGrad,
          attrs: { ...filterGrad.attrs, dilations: 1, filterShape: dilatedFilter.shape },
        });
        const expected = undilate(fullGradient, dilatedFilter.shape, dilations);
        const actual = await runOn('wasm', filterGrad);
        await tf.setBackend('cpu');
        expect(relativeError(actual, expected)).toBeLessThanOrEqual(TOLERANCE);
      });
    });
  }

  test('NCHW is rejected with a clear error', async () => {
    await tf.setBackend('wasm');
    const dy = tf.zeros([1, 2, 4, 4]);
    const filter = tf.zeros([3, 3, 2, 2]);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
        strides: 1, pad: 'same', dataFormat: 'NCHW', inputShape: [1, 2, 4, 4],
      }),
    ).toThrow(/NCHW.*not supported/);
    tf.dispose([dy, filter]);
    await tf.setBackend('cpu');
  });
});
