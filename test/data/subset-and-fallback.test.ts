/** The subset shipped in the package, and falling back to it when no source can be reached. */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  BUNDLED_SUBSET_SOURCE,
  CIFAR10_SOURCE_ENV_VAR,
  CifarDataError,
  bundledSubsetPath,
  loadCifar10,
  loadCifar10Subset,
  type Cifar10Dataset,
} from '../../src/data';
import { closedPort, useTempCache, writeBatchesDir } from './helpers';

const dispose = (d: Cifar10Dataset): void => tf.dispose([d.train, d.test]);
const countLabels = (y: tf.Tensor1D): number[] => {
  const counts = new Array(10).fill(0);
  for (const label of y.dataSync()) counts[label]++;
  return counts;
};

const cache = useTempCache();

describe('loadCifar10Subset', () => {
  test('is found from the package root and stays within 5 MB', () => {
    const file = bundledSubsetPath();
    expect(path.basename(file)).toBe('cifar-10-subset.tar.gz');
    expect(statSync(file).size).toBeLessThanOrEqual(5_000_000);
  });

  test('holds a class-balanced slice of real CIFAR-10: 142 train + 30 test images per class', async () => {
    const data = await loadCifar10Subset();
    expect(data.source).toBe(BUNDLED_SUBSET_SOURCE);
    expect(data.train.x.shape).toEqual([1420, 32, 32, 3]);
    expect(data.test.x.shape).toEqual([300, 32, 32, 3]);
    expect(data.train.y.dtype).toBe('int32');
    expect(countLabels(data.train.y)).toEqual(new Array(10).fill(142));
    expect(countLabels(data.test.y)).toEqual(new Array(10).fill(30));
    const max = tf.max(data.train.x).dataSync()[0];
    expect(max).toBeGreaterThan(200); // raw 0–255 by default
    expect(max).toBeLessThanOrEqual(255);
    dispose(data);
  });

  test('honours limit and normalize, and rejects unknown options', async () => {
    const data = await loadCifar10Subset({ limit: { train: 10, test: 2 }, normalize: true });
    expect(data.train.x.shape[0]).toBe(10);
    expect(data.test.x.shape[0]).toBe(2);
    expect(tf.max(data.train.x).dataSync()[0]).toBeLessThanOrEqual(1);
    dispose(data);
    await expect(loadCifar10Subset({ source: 'x' } as never)).rejects.toThrow('unknown option "source"');
  });
});

describe('fallback to the bundled subset', () => {
  const savedEnv = process.env[CIFAR10_SOURCE_ENV_VAR];
  afterEach(() => {
    if (savedEnv === undefined) delete process.env[CIFAR10_SOURCE_ENV_VAR];
    else process.env[CIFAR10_SOURCE_ENV_VAR] = savedEnv;
  });

  test('an unreachable URL (closed port on 127.0.0.1) falls back with a one-line notice', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/cifar-10-binary.tar.gz`;
    const data = await loadCifar10({ source: url, cacheDir: cache.dir, limit: { train: 20, test: 5 }, onNotice: (m) => cache.notices.push(m) });
    expect(data.source).toBe(BUNDLED_SUBSET_SOURCE);
    expect(data.train.x.shape).toEqual([20, 32, 32, 3]);
    expect(cache.notices).toHaveLength(1);
    expect(cache.notices[0]).toContain(url);
    expect(cache.notices[0]).toContain('ECONNREFUSED');
    expect(cache.notices[0]).not.toContain('\n');
    dispose(data);
  });

  test('fallbackToSubset: false reports the unreachable source instead', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/cifar-10-binary.tar.gz`;
    const err = await loadCifar10({ source: url, cacheDir: cache.dir, fallbackToSubset: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CifarDataError);
    expect((err as CifarDataError).code).toBe('source_unavailable');
    expect((err as CifarDataError).fix).toContain('pass source: its path');
  });

  test(`${CIFAR10_SOURCE_ENV_VAR} pointing at a missing path falls back, naming the path`, async () => {
    const missing = path.join(cache.dir, 'no-such-cifar.tar.gz');
    process.env[CIFAR10_SOURCE_ENV_VAR] = missing;
    const data = await loadCifar10({ cacheDir: cache.dir, limit: 3, onNotice: (m) => cache.notices.push(m) });
    expect(data.source).toBe(BUNDLED_SUBSET_SOURCE);
    expect(cache.notices[0]).toContain(`${missing} does not exist`);
    dispose(data);
  });

  test(`${CIFAR10_SOURCE_ENV_VAR} replaces the default source, but an explicit source wins`, async () => {
    const envDir = await writeBatchesDir(path.join(cache.dir, 'env'), 5, 5);
    const optionDir = await writeBatchesDir(path.join(cache.dir, 'option'), 6, 6);
    process.env[CIFAR10_SOURCE_ENV_VAR] = envDir;
    const fromEnv = await loadCifar10({ cacheDir: cache.dir });
    expect(fromEnv.source).toBe(envDir);
    expect(fromEnv.train.x.shape[0]).toBe(25);
    const fromOption = await loadCifar10({ cacheDir: cache.dir, source: optionDir });
    expect(fromOption.source).toBe(optionDir);
    expect(fromOption.train.x.shape[0]).toBe(30);
    dispose(fromEnv);
    dispose(fromOption);
  });
});
