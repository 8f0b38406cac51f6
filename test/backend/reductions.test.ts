/**
 * The wasm Sum/Mean fast path for per-channel reductions (kernels/ChannelReduction.ts) and the
 * buffer-sharing Identity/Cast (kernels/SharedIdentity.ts), against the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { planChannelReduction, setChannelReductionOptions } from '../../src/backend/kernels/ChannelReduction';
import { loadBothBackends, randomValues, relativeError, runOn, wasmDataIdCount, wasmVsCpu } from './helpers';

const TOLERANCE = 1e-4;

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

async function expectReductionMatches(
  kernelName: 'Sum' | 'Mean',
  shape: number[],
  axis: number | number[],
  keepDims: boolean,
  seed: number,
  dtype: 'float32' | 'int32' = 'float32',
): Promise<void> {
  // Offset values (not centred on 0) so means are not rounding noise around zero.
  const values = Array.from(randomValues(size(shape), seed), (v) => (dtype === 'int32' ? Math.round(v * 50) : v + 0.25));
  const { error, leakedBuffers } = await wasmVsCpu({
    kernelName,
    inputs: { x: { values, shape, dtype } },
    attrs: { axis, keepDims },
  });
  expect({ error: error <= TOLERANCE ? 'ok' : error, leakedBuffers }).toEqual({ error: 'ok', leakedBuffers: 0 });
}

describe('wasm Sum/Mean over leading or middle axes match cpu', () => {
  beforeAll(loadBothBackends);
  afterEach(() => setChannelReductionOptions());
  afterAll(() => tf.setBackend('cpu'));

  const cases: Array<{ shape: number[]; axis: number | number[]; keepDims: boolean }> = [
    { shape: [5, 7, 3, 6], axis: [0, 1, 2], keepDims: false }, // BatchNorm moments: pooled, R1 = 1
    { shape: [5, 7, 3, 6], axis: [0, 1, 2], keepDims: true },
    { shape: [3, 5, 4, 6], axis: [1, 2], keepDims: false }, // global average pooling
    { shape: [4, 9, 11, 13], axis: [0, 1, 2], keepDims: false },
    { shape: [2, 70, 70, 3], axis: [0, 1, 2], keepDims: false }, // window 70 (70·70 > 4096), R1 = 140
    { shape: [9, 4], axis: 0, keepDims: false }, // dense BatchNorm
    { shape: [2, 3, 5], axis: [0], keepDims: true }, // window 2 < 4: pure JS
    { shape: [6, 5, 4, 1], axis: [0, 1, 2], keepDims: false }, // one channel
    { shape: [3, 4, 5, 6, 2], axis: [1, 2, 3], keepDims: false }, // rank 5, middle block
    { shape: [3, 5, 4, 6], axis: [-4, -3], keepDims: false }, // negative axes
    { shape: [1, 1, 1, 7], axis: [0, 1, 2], keepDims: false },
    // Not for the fast path: tfjs-wasm's kernel runs.
    { shape: [3, 5, 4, 6], axis: [0, 2], keepDims: false },
    { shape: [3, 5, 4, 6], axis: [2, 3], keepDims: false },
    { shape: [3, 5, 4, 6], axis: [0, 1, 2, 3], keepDims: false },
    { shape: [3, 5, 4, 6], axis: 3, keepDims: true },
  ];

  for (const kernelName of ['Sum', 'Mean'] as const) {
    cases.forEach(({ shape, axis, keepDims }, index) => {
      test(`${kernelName} x ${shape.join('x')} axis ${JSON.stringify(axis)} keepDims ${keepDims}`, async () => {
        await expectReductionMatches(kernelName, shape, axis, keepDims, 300 + index);
      });
    });
  }

  test('small pooling windows: several pooled rows per output (R1 > 1) and the pure-JS path', async () => {
    setChannelReductionOptions({ maxWindow: 8 });
    expect(planChannelReduction([3, 5, 7, 4], [0, 1, 2])).toEqual({ outer: 1, rows: 15, window: 7, inner: 4 });
    await expectReductionMatches('Sum', [3, 5, 7, 4], [0, 1, 2], false, 401);
    await expectReductionMatches('Mean', [3, 5, 7, 4], [0, 1, 2], false, 402);
    await expectReductionMatches('Mean', [3, 5, 7, 4], [1, 2], true, 403);
    setChannelReductionOptions({ maxWindow: 4 });
    expect(planChannelReduction([3, 5, 7, 4], [0, 1, 2])).toEqual({ outer: 1, rows: 105, window: 1, inner: 4 });
    await expectReductionMatches('Sum', [3, 5, 7, 4], [0, 1, 2], false, 404);
    await expectReductionMatches('Mean', [3, 5, 7, 4], [1, 2], false, 405);
  });

  test('plans: which axis patterns take the fast path', () => {
    expect(planChannelReduction([64, 32, 32, 32], [0, 1, 2])).toEqual({ outer: 1, rows: 64, window: 1024, inner: 32 });
    expect(planChannelReduction([64, 8, 8, 128], [1, 2])).toEqual({ outer: 64, rows: 1, window: 64, inner: 128 });
    expect(planChannelReduction([4, 5, 6], [0, 2])).toBeNull();
    expect(planChannelReduction([4, 5, 6], [2])).toBeNull();
    expect(planChannelReduction([4, 0, 6], [0, 1])).toBeNull();
    expect(planChannelReduction([6], [0])).toBeNull();
  });

  test('int32 Sum and Mean go to tfjs-wasm and stay exact', async () => {
    await expectReductionMatches('Sum', [4, 3, 5], [0, 1], false, 410, 'int32');
    await expectReductionMatches('Mean', [4, 3, 5], [0, 1], false, 411, 'int32');
  });

  test('a full-size BatchNorm activation (64x16x16x32)', async () => {
    await expectReductionMatches('Mean', [64, 16, 16, 32], [0, 1, 2], false, 420);
    await expectReductionMatches('Sum', [64, 16, 16, 32], [0, 1, 2], true, 421);
  });
});

describe('wasm Identity and same-dtype Cast share the buffer', () => {
  beforeAll(loadBothBackends);
  afterAll(() => tf.setBackend('cpu'));

  test('clone and cast values equal cpu; buffers freed only when the last user is disposed', async () => {
    const values = randomValues(2 * 3 * 4, 500);
    const expected = await runOn('cpu', { kernelName: 'Identity', inputs: { x: { values, shape: [2, 3, 4] } }, attrs: {} });
    await tf.setBackend('wasm');
    const before = wasmDataIdCount();
    const x = tf.tensor(values, [2, 3, 4]);
    const clone = tf.clone(x);
    const cast = tf.cast(x, 'float32');
    expect(wasmDataIdCount() - before).toBe(1);
    x.dispose();
    expect(relativeError(clone.dataSync(), expected)).toBe(0);
    clone.dispose();
    expect(relativeError(cast.dataSync(), expected)).toBe(0);
    expect(wasmDataIdCount() - before).toBe(1);
    cast.dispose();
    expect(wasmDataIdCount() - before).toBe(0);
    await tf.setBackend('cpu');
  });

  test('a real dtype conversion (float32 → int32) still converts', async () => {
    // (float32 → bool is left out: tfjs-wasm's own Cast wraps values mod 256 there, cpu tests ≠ 0.)
    const values = Array.from(randomValues(12, 501), (v) => v * 5);
    const call = { kernelName: 'Cast', inputs: { x: { values, shape: [3, 4] } }, attrs: { dtype: 'int32' } };
    const expected = await runOn('cpu', call);
    const { error, leakedBuffers } = await wasmVsCpu(call);
    expect({ error, leakedBuffers, truncated: expected[0] === Math.trunc(values[0]) }).toEqual({
      error: 0,
      leakedBuffers: 0,
      truncated: true,
    });
  });

  test('a variable assigned from a clone keeps its value after the clone source is disposed', async () => {
    await tf.setBackend('wasm');
    const before = wasmDataIdCount();
    const zeros = tf.zeros([4]);
    const v = tf.variable(zeros);
    zeros.dispose();
    const source = tf.tensor([1, 2, 3, 4]);
    const copy = tf.clone(source);
    v.assign(copy);
    tf.dispose([source, copy]);
    expect(Array.from(v.dataSync())).toEqual([1, 2, 3, 4]);
    v.dispose();
    expect(wasmDataIdCount() - before).toBe(0);
    await tf.setBackend('cpu');
  });
});
