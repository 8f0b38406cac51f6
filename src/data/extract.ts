import { createReadStream, createWriteStream, mkdirSync, promises as fsp, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import { directoryStore } from './batch-store';
import { BATCHES_DIR_NAME } from './constants';
import { CifarDataError, describeCause } from './errors';
import { ensureWritableDir, pathExists, removeQuietly, shortHash, temporarySibling } from './fs-utils';
import type { ProgressEvent } from './progress';
import { readBatches } from './read-batches';

/** Regular-file entry types; 'OldFile' is how pre-POSIX tars (like 2009's official archive might be) mark files. */
const FILE_ENTRY_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

export interface ExtractRequest {
  archive: string;
  cacheDir: string;
  /** What to do when the archive itself is bad (differs for a cached download and a user's file). */
  archiveFix: string;
  onProgress: (event: ProgressEvent) => void;
}

/**
 * Extracts `cifar-10-batches-bin/` from a .tar.gz into the cache and returns that folder. The
 * extraction happens in a temporary folder and is renamed into place only once every batch file is
 * present and whole, so a crash or a bad archive never leaves a folder that looks usable.
 * The cache entry is keyed by the archive's path, size and mtime: a replaced archive is re-extracted.
 */
export async function extractToCache(request: ExtractRequest): Promise<string> {
  const { archive } = request;
  const stats = await fsp.stat(archive);
  const key = shortHash(`${path.resolve(archive)}|${stats.size}|${stats.mtimeMs}`);
  const finalDir = path.join(request.cacheDir, 'extracted', `${BATCHES_DIR_NAME}-${key}`);
  if (await pathExists(finalDir)) return finalDir;

  await assertLooksLikeArchive(archive, request.archiveFix);
  await ensureWritableDir(path.dirname(finalDir));
  const workDir = temporarySibling(finalDir, 'tmp');
  try {
    await fsp.mkdir(workDir);
    await untar(request, workDir);
    const extracted = await locateBatchesDir(workDir, archive, request.archiveFix);
    await assertComplete(extracted, archive, request.archiveFix);
    try {
      await fsp.rename(extracted, finalDir);
    } catch (err) {
      // Another process finished the same extraction first; its copy is as good as ours.
      if (!(await pathExists(finalDir))) throw err;
    }
  } finally {
    await removeQuietly(workDir);
  }
  return finalDir;
}

/** Catches the common "this is not an archive at all" cases (HTML error page, raw .bin) up front. */
async function assertLooksLikeArchive(archive: string, fix: string): Promise<void> {
  const handle = await fsp.open(archive, 'r');
  const head = Buffer.alloc(512);
  try {
    await handle.read(head, 0, 512, 0);
  } finally {
    await handle.close();
  }
  const isGzip = head[0] === 0x1f && head[1] === 0x8b;
  const isTar = head.toString('latin1', 257, 262) === 'ustar';
  if (isGzip || isTar) return;
  const looksHtml = /^\s*</.test(head.toString('latin1', 0, 64));
  throw new CifarDataError(
    'bad_archive',
    `${archive} is not a gzip-compressed tar archive${looksHtml ? ' (it looks like an HTML page — a failed download?)' : ''}.`,
    fix,
    { file: archive },
  );
}

/**
 * Unpacks the CIFAR batch folder with tar's streaming parser, writing files ourselves: that way
 * every pending write is known, and on a bad archive all of them are closed before the temporary
 * folder is removed (tar.x can still be writing when its promise rejects, re-creating files).
 * Only `cifar-10-batches-*` folders are kept, under their base names, so no entry can escape.
 */
async function untar(request: ExtractRequest, workDir: string): Promise<void> {
  const { archive } = request;
  const totalBytes = (await fsp.stat(archive)).size;
  const writers: WriteStream[] = [];
  const written: Array<Promise<void>> = [];
  let readBytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      // strict: tar's warnings (bad header, truncated input, not a tar) become errors instead of skipped entries.
      const parser = new tar.Parser({ strict: true });
      parser.on('entry', (entry: tar.ReadEntry) => {
        const parts = entry.path.split('/').filter((part) => part !== '' && part !== '.');
        const folder = parts.length === 2 ? parts[0] : undefined;
        if (!FILE_ENTRY_TYPES.has(entry.type) || folder === undefined || !folder.startsWith('cifar-10-batches-') || parts[1] === '..') {
          entry.resume();
          return;
        }
        const dir = path.join(workDir, folder);
        mkdirSync(dir, { recursive: true });
        const writer = createWriteStream(path.join(dir, parts[1]), { flags: 'wx' }); // 'wx': a duplicate entry is an error
        writers.push(writer);
        const finished = new Promise<void>((done, fail) => {
          writer.on('close', () => (writer.writableFinished ? done() : fail(new Error(`${entry.path} was cut short`))));
          writer.on('error', fail);
        });
        finished.catch(() => undefined); // handled by Promise.all below; avoid an unhandled-rejection crash meanwhile
        written.push(finished);
        entry.pipe(writer);
      });
      parser.on('error', reject);
      parser.on('end', resolve);
      const input = createReadStream(archive, { highWaterMark: 1 << 20 });
      input.on('error', reject);
      input.on('data', (chunk) => {
        readBytes += chunk.length;
        request.onProgress({ phase: 'extract', target: archive, bytes: readBytes, totalBytes, done: false });
      });
      input.pipe(parser as unknown as NodeJS.WritableStream);
    });
    await Promise.all(written);
  } catch (err) {
    for (const writer of writers) writer.destroy();
    await Promise.allSettled(written);
    throw describeExtractionFailure(request, err);
  }
  request.onProgress({ phase: 'extract', target: archive, bytes: totalBytes, totalBytes, done: true });
}

function describeExtractionFailure(request: ExtractRequest, err: unknown): CifarDataError {
  if (err instanceof CifarDataError) return err;
  if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
    return new CifarDataError(
      'cache_unwritable',
      `No space left to extract ${request.archive} into ${request.cacheDir}.`,
      'Free about 200 MB or pass cacheDir: a folder on a larger disk.',
      { file: request.archive, cause: err },
    );
  }
  return new CifarDataError(
    'bad_archive',
    `${request.archive} could not be extracted: it is truncated or not a valid .tar.gz (${describeCause(err)}).`,
    request.archiveFix,
    { file: request.archive, cause: err },
  );
}

async function locateBatchesDir(workDir: string, archive: string, fix: string): Promise<string> {
  const expected = path.join(workDir, BATCHES_DIR_NAME);
  if (await pathExists(expected)) return expected;
  const found = await fsp.readdir(workDir);
  const hint = found.some((name) => name.startsWith('cifar-10-batches-'))
    ? ` It holds ${found.join(', ')}: that is another CIFAR-10 format (python/matlab); the binary version is needed.`
    : '';
  throw new CifarDataError('bad_archive', `${archive} contains no ${BATCHES_DIR_NAME}/ folder.${hint}`, fix, { file: archive });
}

/** Validates presence and record sizes of all batch files (reads no records), naming the archive. */
async function assertComplete(dir: string, archive: string, archiveFix: string): Promise<void> {
  const store = directoryStore(dir, { bad: archiveFix, missing: archiveFix }, `${archive} → ${BATCHES_DIR_NAME}`);
  await readBatches(store, { trainLimit: 0, testLimit: 0, normalize: false });
}
