/**
 * Against the real CIFAR-10 archive in ../shared (extracted once into a temp cache, then sliced
 * with `limit`). Skipped — loudly — only when the archive is not there.
 */
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CIFAR10_CLASSES, loadCifar10, type Cifar10Dataset } from '../../src/data';
import { makeTempDir, SHARED_ARCHIVE } from './helpers';
import { announceSkip } from '../helpers/skip';

const haveArchive = existsSync(SHARED_ARCHIVE);
if (!haveArchive) {
  announceSkip(`the real CIFAR-10 tests: ${SHARED_ARCHIVE} is missing (expected ../shared beside the repo)`);
}
const describeIfArchive = haveArchive ? describe : describe.skip;

const RECORD = 3073;

async function readRecord(file: string, index: number): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const bytes = Buffer.alloc(RECORD);
    await handle.read(bytes, 0, RECORD, index * RECORD);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** The record's planar R/G/B bytes must land at x[i, row, col, channel]. */
function expectRecordMatchesTensor(record: Buffer, pixels: Float32Array, imageIndex: number): void {
  const image = pixels.subarray(imageIndex * 3072, (imageIndex + 1) * 3072);
  for (let row = 0; row < 32; row++) {
    for (let col = 0; col < 32; col++) {
      for (let c = 0; c < 3; c++) {
        const expected = record[1 + c * 1024 + row * 32 + col];
        const actual = image[(row * 32 + col) * 3 + c];
        if (actual !== expected) throw new Error(`image ${imageIndex} (${row},${col}) channel ${c}: ${actual} !== ${expected}`);
      }
    }
  }
}

describeIfArchive('loadCifar10 on the real archive (limited)', () => {
  let cacheDir: string;
  let data: Cifar10Dataset;
  let extractedDir: string;

  beforeAll(async () => {
    cacheDir = await makeTempDir();
    data = await loadCifar10({ source: SHARED_ARCHIVE, cacheDir, limit: { train: 500, test: 200 }, fallbackToSubset: false });
    const entries = await fsp.readdir(path.join(cacheDir, 'extracted'));
    expect(entries).toHaveLength(1);
    extractedDir = path.join(cacheDir, 'extracted', entries[0]);
  });
  afterAll(async () => {
    if (data) tf.dispose([data.train, data.test]);
    await fsp.rm(cacheDir, { recursive: true, force: true });
  });

  test('shapes, dtypes, source and class names', () => {
    expect(data.train.x.shape).toEqual([500, 32, 32, 3]);
    expect(data.train.x.dtype).toBe('float32');
    expect(data.train.y.shape).toEqual([500]);
    expect(data.train.y.dtype).toBe('int32');
    expect(data.test.x.shape).toEqual([200, 32, 32, 3]);
    expect(data.test.y.dtype).toBe('int32');
    expect(data.source).toBe(SHARED_ARCHIVE);
    expect(data.classNames).toEqual([...CIFAR10_CLASSES]);
  });

  test('raw pixels are whole numbers in 0–255 (normalize defaults to false)', () => {
    const pixels = data.train.x.dataSync();
    let min = Infinity;
    let max = -Infinity;
    let fractional = 0;
    for (const v of pixels) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (!Number.isInteger(v)) fractional++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(255);
    expect(max).toBeGreaterThan(200); // really raw, not scaled
    expect(fractional).toBe(0);
  });

  test('labels are 0–9 and every class occurs (records are shuffled)', () => {
    const counts = new Array(10).fill(0);
    for (const label of data.train.y.dataSync()) counts[label]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
    for (const count of counts) expect(count).toBeGreaterThan(20);
    const testLabels = Array.from(data.test.y.dataSync());
    expect(Math.min(...testLabels)).toBe(0);
    expect(Math.max(...testLabels)).toBe(9);
  });

  test('pixel layout: planar R/G/B records become NHWC, labels match', async () => {
    const trainPixels = data.train.x.dataSync() as Float32Array;
    const trainLabels = data.train.y.dataSync();
    for (const index of [0, 1, 257, 499]) {
      const record = await readRecord(path.join(extractedDir, 'data_batch_1.bin'), index);
      expect(trainLabels[index]).toBe(record[0]);
      expectRecordMatchesTensor(record, trainPixels, index);
    }
    const testRecord = await readRecord(path.join(extractedDir, 'test_batch.bin'), 199);
    expect(data.test.y.dataSync()[199]).toBe(testRecord[0]);
    expectRecordMatchesTensor(testRecord, data.test.x.dataSync() as Float32Array, 199);
  });

  test('second load reuses the extraction; normalize divides by 255; a number limit applies to both splits', async () => {
    const before = await fsp.stat(extractedDir);
    const again = await loadCifar10({ source: SHARED_ARCHIVE, cacheDir, limit: 40, normalize: true, fallbackToSubset: false });
    try {
      expect((await fsp.stat(extractedDir)).mtimeMs).toBe(before.mtimeMs); // no 160 MB re-extraction
      expect(await fsp.readdir(path.join(cacheDir, 'extracted'))).toHaveLength(1);
      expect(again.train.x.shape[0]).toBe(40);
      expect(again.test.x.shape[0]).toBe(40);
      const scaled = again.train.x.dataSync();
      const raw = data.train.x.dataSync();
      for (let i = 0; i < scaled.length; i += 997) expect(scaled[i]).toBeCloseTo(raw[i] / 255, 6);
      expect(Math.max(...Array.from(scaled))).toBeLessThanOrEqual(1);
    } finally {
      tf.dispose([again.train, again.test]);
    }
  });

  test('an extracted cifar-10-batches-bin folder works as a source, reading only the needed prefix', async () => {
    const fromDir = await loadCifar10({ source: extractedDir, cacheDir, limit: { train: 10002, test: 3 }, fallbackToSubset: false });
    try {
      expect(fromDir.source).toBe(extractedDir);
      expect(fromDir.train.x.shape[0]).toBe(10002);
      // Record 10001 is the 2nd record of data_batch_2: the limit spans batch files in order.
      const record = await readRecord(path.join(extractedDir, 'data_batch_2.bin'), 1);
      expect(fromDir.train.y.dataSync()[10001]).toBe(record[0]);
      expectRecordMatchesTensor(record, fromDir.train.x.dataSync() as Float32Array, 10001);
    } finally {
      tf.dispose([fromDir.train, fromDir.test]);
    }
  });
});
