/** setupBackend: choice, reasons, errors and idempotence (tfjs-node is not installed here). */
import * as tf from '@tensorflow/tfjs-core';
import { CnnDoctorError } from '../../src';
import { registerWasmTrainingKernels, setupBackend } from '../../src/backend';

describe('setupBackend', () => {
  afterAll(() => tf.setBackend('cpu'));

  test("'tensorflow' without tfjs-node throws an error naming the fix", async () => {
    const err = await setupBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CnnDoctorError);
    expect(err).toMatchObject({ code: 'backend_unavailable', fix: "npm i @tensorflow/tfjs-node, or use setupBackend('wasm')" });
  });

  test("'auto' falls back to wasm with training kernels and says why", async () => {
    const lines: string[] = [];
    const choice = await setupBackend('auto', { log: (line) => lines.push(line) });
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(/tfjs-node is not installed/);
    expect(tf.getBackend()).toBe('wasm');
    expect(lines).toEqual([`cnn-doctor backend: wasm (${choice.reason})`]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  test('is idempotent and re-registering kernels is a no-op', async () => {
    const first = await setupBackend('wasm');
    const kernel = tf.getKernel('Conv2DBackpropInput', 'wasm');
    const second = await setupBackend('wasm');
    registerWasmTrainingKernels();
    expect(second).toEqual(first);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(kernel);
  });

  test("'cpu' selects the cpu backend", async () => {
    const choice = await setupBackend('cpu');
    expect(choice).toEqual({ name: 'cpu', reason: expect.stringContaining('requested') });
    expect(tf.getBackend()).toBe('cpu');
  });

  test('an unknown preference is rejected', async () => {
    const err = await setupBackend('gpu' as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CnnDoctorError);
    expect(err).toMatchObject({ code: 'invalid_options', message: expect.stringContaining('unknown backend "gpu"'), fix: "use 'auto', 'tensorflow', 'wasm' or 'cpu'" });
  });
});
