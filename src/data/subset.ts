import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import * as z from 'zod/mini';
import { memoryStore } from './batch-store';
import { BATCHES_DIR_NAME, BUNDLED_SUBSET_SOURCE } from './constants';
import { toDataset, type Cifar10Dataset } from './dataset';
import { CifarDataError, describeCause } from './errors';
import { parseOptions, recordLimitSchema, resolveLimit } from './options';
import { findPackageRoot } from './package-root';
import { readBatches, type DecodedDataset } from './read-batches';

/** Location of the subset inside the package (built by scripts/make-cifar-subset.ts). */
export const SUBSET_RELATIVE_PATH = path.join('data', 'cifar-10-subset.tar.gz');

const REINSTALL_FIX =
  'Reinstall cnn-doctor (the file ships in the package), or rebuild it with `npx tsx scripts/make-cifar-subset.ts`.';

/**
 * Absolute path of the bundled subset (`<package root>/data/cifar-10-subset.tar.gz`); throws
 * SUBSET_MISSING if the package root cannot be found. The file is also a valid `source`.
 *
 * @example
 * ```ts
 * const data = await loadCifar10({ source: bundledSubsetPath() });
 * ```
 */
export function bundledSubsetPath(): string {
  const root = findPackageRoot();
  if (root === undefined) {
    throw new CifarDataError('subset_missing', 'Cannot find the cnn-doctor package folder, so the bundled CIFAR-10 subset is unavailable.', REINSTALL_FIX);
  }
  return path.join(root, SUBSET_RELATIVE_PATH);
}

const subsetOptionsSchema = z.strictObject({
  limit: recordLimitSchema,
  normalize: z.optional(z.boolean()),
});

/** Options of {@link loadCifar10Subset}: the same `limit` and `normalize` as {@link loadCifar10}. */
export interface LoadCifar10SubsetOptions {
  limit?: number | { train?: number; test?: number };
  normalize?: boolean;
}

/**
 * Loads the small, class-balanced slice of real CIFAR-10 shipped inside the package: no network,
 * no cache folder, read straight from the .tar.gz in memory. Meant for examples, tests and demos.
 * `source` is `'bundled-subset'`.
 *
 * @example
 * ```ts
 * const { train, test } = await loadCifar10Subset({ normalize: true });
 * console.log(train.x.shape); // [1420, 32, 32, 3]: 142 per class; test: 30 per class
 * ```
 */
export async function loadCifar10Subset(options: LoadCifar10SubsetOptions = {}): Promise<Cifar10Dataset> {
  const o = parseOptions(options, subsetOptionsSchema, 'loadCifar10Subset');
  return toDataset(await readBundledSubset({ ...resolveLimit(o.limit), normalize: o.normalize ?? false }), BUNDLED_SUBSET_SOURCE);
}

export async function readBundledSubset(request: { trainLimit: number; testLimit: number; normalize: boolean }): Promise<DecodedDataset> {
  const file = bundledSubsetPath();
  const files = await readArchiveIntoMemory(file);
  return readBatches(memoryStore(`${file} → ${BATCHES_DIR_NAME}`, files, { bad: REINSTALL_FIX, missing: REINSTALL_FIX }), request);
}

/** The files of `cifar-10-batches-bin/` in a small .tar.gz, by base name. */
async function readArchiveIntoMemory(file: string): Promise<Map<string, Buffer>> {
  try {
    await fsp.access(file);
  } catch (err) {
    throw new CifarDataError('subset_missing', `The bundled CIFAR-10 subset ${file} is missing.`, REINSTALL_FIX, { file, cause: err });
  }
  const files = new Map<string, Buffer>();
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        if (entry.type !== 'File' || !entry.path.startsWith(`${BATCHES_DIR_NAME}/`)) return;
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => files.set(path.posix.basename(entry.path), Buffer.concat(chunks)));
      },
    });
  } catch (err) {
    throw new CifarDataError('bad_archive', `The bundled CIFAR-10 subset ${file} is damaged (${describeCause(err)}).`, REINSTALL_FIX, { file, cause: err });
  }
  return files;
}
