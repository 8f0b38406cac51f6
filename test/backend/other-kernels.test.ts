/** UnsortedSegmentSum, Tile and MaxPoolGrad on wasm (cnn-doctor's kernels) against the cpu backend. */
import * as tf from '@tensorflow/tfjs-core';
import { loadBothBackends, randomValues, runOn, wasmVsCpu, type KernelCall } from './helpers';

const TOLERANCE = 1e-4;

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

async function expectMatch(call: KernelCall): Promise<void> {
  const { error, leakedBuffers } = await wasmVsCpu(call);
  expect({ error: error <= TOLERANCE ? 'ok' : error, leakedBuffers }).toEqual({ error: 'ok', leakedBuffers: 0 });
}

describe('wasm UnsortedSegmentSum / Tile / MaxPoolGrad match cpu', () => {
  beforeAll(loadBothBackends);
  afterAll(() => tf.setBackend('cpu'));

  test.each([
    { x: [7, 3], ids: [0, 2, 2, 4, 1, 0, 2], numSegments: 5, dtype: 'float32' as const },
    { x: [6], ids: [3, 3, 0, 1, 1, 1], numSegments: 4, dtype: 'float32' as const },
    { x: [5, 2, 3], ids: [1, 0, 1, 1, 0], numSegments: 3, dtype: 'int32' as const },
    { x: [4, 2], ids: [0, 9, 1, 0], numSegments: 2, dtype: 'float32' as const },
  ])('UnsortedSegmentSum x$x ids$ids $dtype', async ({ x, ids, numSegments, dtype }) => {
    const values = Array.from(randomValues(size(x), 7), (v) => (dtype === 'int32' ? Math.round(v * 10) : v));
    await expectMatch({
      kernelName: 'UnsortedSegmentSum',
      inputs: {
        x: { values, shape: x, dtype },
        segmentIds: { values: ids, shape: [ids.length], dtype: 'int32' },
      },
      attrs: { numSegments },
    });
  });

  test.each([
    { shape: [2, 3], reps: [2, 2], dtype: 'float32' as const },
    { shape: [1, 1, 1, 4], reps: [3, 2, 5, 1], dtype: 'float32' as const },
    { shape: [3, 1, 2], reps: [1, 4, 2], dtype: 'int32' as const },
    { shape: [2, 3, 2], reps: [1, 1, 1], dtype: 'float32' as const },
    { shape: [5], reps: [3], dtype: 'float32' as const },
    { shape: [2, 1, 3, 1], reps: [2, 3, 1, 2], dtype: 'float32' as const },
  ])('Tile $shape reps $reps $dtype', async ({ shape, reps, dtype }) => {
    const values = Array.from(randomValues(size(shape), 11), (v) => (dtype === 'int32' ? Math.round(v * 10) : v));
    await expectMatch({ kernelName: 'Tile', inputs: { x: { values, shape, dtype } }, attrs: { reps } });
  });

  test.each([
    { x: [2, 7, 7, 3], filterSize: 2, strides: 2, pad: 'valid' as const, ties: false },
    { x: [1, 7, 6, 2], filterSize: 3, strides: 2, pad: 'same' as const, ties: false },
    { x: [2, 5, 5, 1], filterSize: 3, strides: 1, pad: 'same' as const, ties: false },
    { x: [3, 6, 6, 4], filterSize: 2, strides: 2, pad: 'valid' as const, ties: true },
    { x: [1, 9, 8, 3], filterSize: [3, 2] as [number, number], strides: [2, 1] as [number, number], pad: 'valid' as const, ties: true },
    // Tiling windows (stride = window, exact cover): the write-once fast path, 2×2 unrolled and general.
    { x: [2, 8, 6, 5], filterSize: 2, strides: 2, pad: 'same' as const, ties: false },
    { x: [3, 4, 10, 7], filterSize: 2, strides: 2, pad: 'valid' as const, ties: true },
    { x: [2, 9, 6, 3], filterSize: [3, 2] as [number, number], strides: [3, 2] as [number, number], pad: 'valid' as const, ties: true },
    { x: [1, 6, 9, 2], filterSize: 3, strides: 3, pad: 'valid' as const, ties: false },
  ])('MaxPoolGrad x$x pool $filterSize s$strides $pad ties=$ties', async ({ x, filterSize, strides, pad, ties }) => {
    // Ties (few distinct values) check that both backends pick the same (first) maximum.
    const input = Array.from(randomValues(size(x), 13), (v) => (ties ? Math.round(v * 2) : v));
    const inputTensor = tf.tensor(input, x, 'float32');
    const output = tf.maxPool(inputTensor as tf.Tensor4D, filterSize, strides, pad);
    const outputValues = Array.from(output.dataSync());
    const outShape = output.shape;
    tf.dispose([inputTensor, output]);
    await expectMatch({
      kernelName: 'MaxPoolGrad',
      inputs: {
        dy: { values: randomValues(size(outShape), 17), shape: outShape },
        input: { values: input, shape: x },
        output: { values: outputValues, shape: outShape },
      },
      attrs: { filterSize, strides, pad },
    });
  });

  test('MaxPoolGrad tiling path: NaN and −∞ windows get no gradient, like cpu', async () => {
    const x = [2, 4, 4, 3];
    const input = Array.from(randomValues(size(x), 19));
    // Window (0,0) channel 0 all NaN, window (0,1) channel 1 all −∞, a NaN next to a real value.
    for (const [h, w] of [[0, 0], [0, 1], [1, 0], [1, 1]]) input[(h * 4 + w) * 3] = Number.NaN;
    for (const [h, w] of [[0, 2], [0, 3], [1, 2], [1, 3]]) input[(h * 4 + w) * 3 + 1] = Number.NEGATIVE_INFINITY;
    input[((4 + 2) * 4 + 2) * 3 + 2] = Number.NaN;
    const outShape = [2, 2, 2, 3];
    await expectMatch({
      kernelName: 'MaxPoolGrad',
      inputs: {
        dy: { values: randomValues(size(outShape), 23), shape: outShape },
        input: { values: input, shape: x },
        output: { values: new Float32Array(size(outShape)), shape: outShape },
      },
      attrs: { filterSize: 2, strides: 2, pad: 'valid' },
    });
  });

  test('Tile keeps int32 values exact', async () => {
    const values = await runOn('wasm', {
      kernelName: 'Tile',
      inputs: { x: { values: [1, 2, 3], shape: [3], dtype: 'int32' } },
      attrs: { reps: [2] },
    });
    await tf.setBackend('cpu');
    expect(Array.from(values)).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
