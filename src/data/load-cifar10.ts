import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryStore, type BatchStore } from './batch-store';
import { verifyFileChecksum, type ExpectedChecksum } from './checksum';
import { BATCHES_DIR_NAME, BUNDLED_SUBSET_SOURCE, OFFICIAL_MD5, OFFICIAL_URL, SOURCE_ENV_VAR } from './constants';
import { toDataset, type Cifar10Dataset } from './dataset';
import { downloadToCache } from './download';
import { CifarDataError } from './errors';
import { extractToCache } from './extract';
import { resolveOptions, type LoadCifar10Options, type ResolvedOptions } from './options';
import { readBatches, type DecodedDataset } from './read-batches';
import { readBundledSubset } from './subset';

/** The last words of the fallback notice, for library users (the command line words it its own way). */
export const FALLBACK_HINT = 'pass fallbackToSubset: false to fail instead';

const GET_ARCHIVE_FIX = `Get a fresh copy of cifar-10-binary.tar.gz (${OFFICIAL_URL}) and pass source: its path.`;

/**
 * Loads CIFAR-10 as tensors: `x` NHWC float32 `[n, 32, 32, 3]` (raw 0–255 unless `normalize`),
 * `y` int32 labels 0–9. The source is `options.source`, else `$CNN_DOCTOR_CIFAR10`, else the
 * official archive, downloaded once into the cache and checked against its md5. If the source
 * cannot be reached or found, the small subset shipped in the package is used instead (with a
 * notice) unless `fallbackToSubset: false`. Corrupt data is never papered over: it throws a
 * {@link CifarDataError} naming the file and the fix.
 *
 * @example
 * ```ts
 * import { loadCifar10, oneHot, createProgressBar } from 'cnn-doctor/data';
 *
 * const data = await loadCifar10({ limit: { train: 5000, test: 1000 }, normalize: true, onProgress: createProgressBar() });
 * console.log(data.train.x.shape, data.source); // [5000, 32, 32, 3] 'https://www.cs.toronto.edu/…'
 * const yTrain = oneHot(data.train.y, 10);
 * ```
 */
export async function loadCifar10(options: LoadCifar10Options = {}): Promise<Cifar10Dataset> {
  const fromEnv = process.env[SOURCE_ENV_VAR]?.trim();
  const opts = resolveOptions(options, fromEnv ? fromEnv : OFFICIAL_URL);
  const request = { trainLimit: opts.trainLimit, testLimit: opts.testLimit, normalize: opts.normalize, onProgress: opts.onProgress };
  try {
    const { store, source } = await openSource(opts);
    return toDataset(await readBatches(store, request), source);
  } catch (err) {
    if (!(err instanceof CifarDataError) || err.code !== 'source_unavailable' || !opts.fallbackToSubset) throw err;
    let decoded: DecodedDataset;
    try {
      decoded = await readBundledSubset(request);
    } catch (subsetError) {
      // The unreachable source is the problem to report; the missing subset is only a footnote.
      opts.onNotice(`cnn-doctor: cannot fall back to the bundled subset either: ${String((subsetError as Error).message).split('\n')[0]}`);
      throw err;
    }
    opts.onNotice(
      `cnn-doctor: ${err.message.split('\n')[0].replace(/^cnn-doctor: /, '')} Using the bundled CIFAR-10 subset instead ` +
        `(${decoded.train.count} train / ${decoded.test.count} test images); ${FALLBACK_HINT}.`,
    );
    return toDataset(decoded, BUNDLED_SUBSET_SOURCE);
  }
}

/** Turns `source` into readable batch files, downloading and extracting as needed. */
async function openSource(opts: ResolvedOptions): Promise<{ store: BatchStore; source: string }> {
  const { source } = opts;
  if (/^https?:\/\//i.test(source)) {
    const officialChecksum: ExpectedChecksum = source === OFFICIAL_URL ? { md5: OFFICIAL_MD5 } : {};
    const checksum = hasChecksum(opts.checksum) ? opts.checksum : officialChecksum;
    const archive = await downloadToCache({ ...opts, url: source, checksum });
    return { store: await extractedStore(opts, archive, `Delete the cached file ${archive} and rerun.`), source };
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(source) && !source.startsWith('file:')) {
    throw new CifarDataError('invalid_options', `loadCifar10: unsupported source ${source}.`, 'Pass source: an http(s) URL, a path to cifar-10-binary.tar.gz, or an extracted cifar-10-batches-bin folder.');
  }
  const localPath = path.resolve(source.startsWith('file:') ? fileURLToPath(source) : source);
  const stats = await fsp.stat(localPath).catch(() => undefined);
  if (stats === undefined) {
    throw new CifarDataError(
      'source_unavailable',
      `CIFAR-10 source ${localPath} does not exist.`,
      `Pass source: a path to cifar-10-binary.tar.gz or to an extracted ${BATCHES_DIR_NAME} folder (or set ${SOURCE_ENV_VAR}).`,
      { file: localPath },
    );
  }
  if (stats.isDirectory()) {
    const nested = path.join(localPath, BATCHES_DIR_NAME);
    const dir = (await fsp.stat(nested).catch(() => undefined))?.isDirectory() ? nested : localPath;
    const fix = `Extract cifar-10-binary.tar.gz again into a fresh folder, or pass source: a path to cifar-10-binary.tar.gz.`;
    return { store: directoryStore(dir, { bad: fix, missing: fix }), source: dir };
  }
  await verifyFileChecksum(localPath, opts.checksum, `${GET_ARCHIVE_FIX} (Or correct the checksum option if it is wrong.)`, (bytes) =>
    opts.onProgress({ phase: 'verify', target: localPath, bytes, totalBytes: stats.size, done: bytes === stats.size }),
  );
  return { store: await extractedStore(opts, localPath, GET_ARCHIVE_FIX), source: localPath };
}

async function extractedStore(opts: ResolvedOptions, archive: string, archiveFix: string): Promise<BatchStore> {
  const dir = await extractToCache({ archive, cacheDir: opts.cacheDir, archiveFix, onProgress: opts.onProgress });
  const fix = `Delete the cached folder ${dir} and rerun (it is re-extracted from ${archive}).`;
  return directoryStore(dir, { bad: fix, missing: fix });
}

function hasChecksum(checksum: ExpectedChecksum): boolean {
  return checksum.md5 !== undefined || checksum.sha256 !== undefined;
}
