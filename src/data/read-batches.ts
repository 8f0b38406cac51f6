import { CifarDataError } from './errors';
import { BATCHES_DIR_NAME, CIFAR10_CLASSES, META_FILE, RECORD_BYTES, TEST_BATCH_FILE, TRAIN_BATCH_FILES } from './constants';
import type { BatchStore } from './batch-store';
import { allocateSplit, assertWholeRecords, decodeRecordsInto, type DecodedSplit } from './records';
import type { ProgressEvent } from './progress';

export interface ReadRequest {
  trainLimit: number;
  testLimit: number;
  normalize: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export interface DecodedDataset {
  train: DecodedSplit;
  test: DecodedSplit;
  classNames: string[];
}

/** Records decoded per read: bounded memory (~3 MB of bytes) even when a whole batch is wanted. */
const RECORDS_PER_CHUNK = 1000;

/**
 * Reads the first `trainLimit` training records (data_batch_1 first, then 2, …) and the first
 * `testLimit` test records. Every batch file must exist and hold whole records, even ones the limit
 * does not reach: a missing or truncated file means a broken download or extraction, worth knowing.
 */
export async function readBatches(store: BatchStore, request: ReadRequest): Promise<DecodedDataset> {
  const recordCounts = new Map<string, number>();
  for (const name of [...TRAIN_BATCH_FILES, TEST_BATCH_FILE]) {
    const size = await store.size(name);
    if (size === undefined) {
      throw new CifarDataError(
        'missing_file',
        `${store.describe(name)} is missing: a ${BATCHES_DIR_NAME} folder needs ${[...TRAIN_BATCH_FILES, TEST_BATCH_FILE].join(', ')}.`,
        store.fixForMissingFile,
        { file: store.describe(name) },
      );
    }
    recordCounts.set(name, assertWholeRecords(store.describe(name), size, store.fixForBadFile));
  }
  const scale = request.normalize ? 1 / 255 : 1;
  const train = await readSplit(store, TRAIN_BATCH_FILES, recordCounts, request.trainLimit, scale, request.onProgress);
  const test = await readSplit(store, [TEST_BATCH_FILE], recordCounts, request.testLimit, scale, request.onProgress);
  return { train, test, classNames: await readClassNames(store) };
}

async function readSplit(
  store: BatchStore,
  files: readonly string[],
  recordCounts: ReadonlyMap<string, number>,
  limit: number,
  scale: number,
  onProgress: ((event: ProgressEvent) => void) | undefined,
): Promise<DecodedSplit> {
  const available = files.reduce((sum, name) => sum + (recordCounts.get(name) ?? 0), 0);
  const split = allocateSplit(Math.min(limit, available));
  let decoded = 0;
  for (const name of files) {
    const wanted = Math.min(recordCounts.get(name) ?? 0, split.count - decoded);
    for (let done = 0; done < wanted; ) {
      const chunk = Math.min(RECORDS_PER_CHUNK, wanted - done);
      const bytes = await store.read(name, done * RECORD_BYTES, chunk * RECORD_BYTES);
      if (bytes.length < chunk * RECORD_BYTES) {
        throw new CifarDataError(
          'bad_record_size',
          `${store.describe(name)} ended after ${done * RECORD_BYTES + bytes.length} bytes while being read: it was truncated.`,
          store.fixForBadFile,
          { file: store.describe(name) },
        );
      }
      decodeRecordsInto(split, decoded + done, bytes, scale, store.describe(name), done, store.fixForBadFile);
      done += chunk;
      onProgress?.({ phase: 'read', target: store.describe(name), bytes: done * RECORD_BYTES, totalBytes: wanted * RECORD_BYTES, done: done === wanted });
    }
    decoded += wanted;
  }
  return split;
}

/** Class names from batches.meta.txt when it lists ten; otherwise the standard names. */
async function readClassNames(store: BatchStore): Promise<string[]> {
  const size = await store.size(META_FILE);
  if (size === undefined || size > 4096) return [...CIFAR10_CLASSES];
  const text = Buffer.from(await store.read(META_FILE, 0, size)).toString('utf8');
  const names = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return names.length === CIFAR10_CLASSES.length ? names : [...CIFAR10_CLASSES];
}
