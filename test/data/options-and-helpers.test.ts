/** Option validation, oneHot, the progress bar, and synthetic-folder edge cases (limits across batches). */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  CIFAR10_CLASSES,
  CifarDataError,
  createProgressBar,
  defaultCacheDir,
  formatProgressLine,
  loadCifar10,
  oneHot,
} from '../../src/data';
import { makeTempDir, syntheticPixel, writeBatchesDir } from './helpers';
import { CnnDoctorError } from '../../src';

async function optionsError(options: unknown): Promise<CifarDataError> {
  const err = await loadCifar10(options as never).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CifarDataError);
  expect((err as CifarDataError).code).toBe('invalid_options');
  return err as CifarDataError;
}

describe('options are validated strictly', () => {
  test('an unknown key is named', async () => {
    const err = await optionsError({ limt: 5 });
    expect(err.message).toContain('unknown option "limt"');
    expect(err.fix).toContain('source, cacheDir, limit, normalize');
  });
  test('an unknown key inside limit is named with its path', async () => {
    expect((await optionsError({ limit: { tran: 5 } })).message).toContain('unknown option "limit.tran"');
  });
  test('bad values name the option', async () => {
    expect((await optionsError({ limit: -1 })).message).toContain('option "limit"');
    expect((await optionsError({ normalize: 'yes' })).message).toContain('option "normalize"');
    expect((await optionsError({ checksum: { md5: 'abc' } })).message).toContain('option "checksum.md5": must be 32 hex digits');
    expect((await optionsError({ onProgress: 42 })).message).toContain('option "onProgress": must be a function');
  });
  test('an unsupported URL scheme is rejected', async () => {
    expect((await optionsError({ source: 'ftp://example.invalid/cifar.tar.gz' })).message).toContain('unsupported source');
  });
  test('the default cache folder follows XDG_CACHE_HOME', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'cnn-doctor'));
    expect(defaultCacheDir({})).toMatch(/\.cache[\\/]cnn-doctor$/);
  });
});

describe('limits on a synthetic folder (5 batches × 30 records, 20 test)', () => {
  let root: string;
  let dir: string;
  beforeAll(async () => {
    root = await makeTempDir();
    dir = await writeBatchesDir(root, 30, 20);
  });
  afterAll(async () => {
    await fsp.rm(root, { recursive: true, force: true });
  });

  test('a train limit spanning batch files reads them in order', async () => {
    const data = await loadCifar10({ source: dir, limit: { train: 75 } });
    expect(data.train.x.shape).toEqual([75, 32, 32, 3]);
    expect(data.test.x.shape).toEqual([20, 32, 32, 3]); // no test limit: all
    const pixels = data.train.x.dataSync();
    for (const index of [0, 29, 30, 61, 74]) {
      // NHWC: pixel p, channel c of image i sits at i*3072 + p*3 + c
      for (const [p, c] of [[0, 0], [33, 1], [1023, 2]]) expect(pixels[index * 3072 + p * 3 + c]).toBe(syntheticPixel(index, c, p));
    }
    expect(Array.from(data.train.y.dataSync().slice(28, 33))).toEqual([8, 9, 0, 1, 2]);
    tf.dispose([data.train, data.test]);
  });

  test('a limit beyond the data is clipped; limit 0 gives empty tensors', async () => {
    const big = await loadCifar10({ source: dir, limit: 1_000_000 });
    expect(big.train.x.shape[0]).toBe(150);
    const none = await loadCifar10({ source: dir, limit: 0 });
    expect(none.train.x.shape).toEqual([0, 32, 32, 3]);
    expect(none.test.y.shape).toEqual([0]);
    tf.dispose([big.train, big.test, none.train, none.test]);
  });

  test('file: URLs are accepted as local paths', async () => {
    const data = await loadCifar10({ source: `file://${dir}`, limit: 1 });
    expect(data.source).toBe(dir);
    expect(data.classNames).toEqual([...CIFAR10_CLASSES]);
    tf.dispose([data.train, data.test]);
  });
});

describe('oneHot', () => {
  test('encodes a label tensor as float32 [n, classes]', () => {
    const encoded = oneHot(tf.tensor1d([0, 3, 9], 'int32'), 10);
    expect(encoded.dtype).toBe('float32');
    expect(encoded.shape).toEqual([3, 10]);
    expect(tf.argMax(encoded, 1).arraySync()).toEqual([0, 3, 9]);
    expect(tf.sum(encoded).dataSync()[0]).toBe(3);
  });
  test('refuses out-of-range labels instead of emitting zero rows', () => {
    expect(() => oneHot([1, 10], 10)).toThrow('label 10 at index 1 is outside 0–9');
    expect(() => oneHot([1], 0)).toThrow('numClasses must be a positive integer');
  });
});

describe('progress bar', () => {
  test('formats a line with a bar, percent and megabytes', () => {
    const line = formatProgressLine({ phase: 'download', target: 'x', bytes: 50e6, totalBytes: 100e6, done: false }, 10);
    expect(line).toBe('download [#####-----]  50%  50.0/100.0 MB');
    expect(formatProgressLine({ phase: 'download', target: 'x', bytes: 2e6, done: false })).toContain('2.0 MB');
  });
  test('draws only on a TTY', () => {
    const writes: string[] = [];
    const fake = (isTTY: boolean) => ({ isTTY, write: (s: string) => writes.push(s) }) as unknown as NodeJS.WriteStream;
    createProgressBar({ stream: fake(false) })({ phase: 'read', target: 'x', bytes: 1, totalBytes: 2, done: true });
    expect(writes).toEqual([]);
    createProgressBar({ stream: fake(true) })({ phase: 'read', target: 'x', bytes: 2, totalBytes: 2, done: true });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\rread +\[#+\] 100%.*\n$/);
  });
});

describe('CifarDataError is a CnnDoctorError', () => {
  test('one instanceof catches every cnn-doctor error, with the same message layout', async () => {
    const err = await optionsError({ bogus: 1 });
    expect(err).toBeInstanceOf(CnnDoctorError);
    expect(err.name).toBe('CifarDataError');
    expect(err.message).toMatch(/^cnn-doctor: .*\n {2}fix: /s);
  });
});
