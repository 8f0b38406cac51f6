/** Damaged inputs must fail with a CifarDataError naming the file and the fix — never a zlib/tar stack. */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { CifarDataError, loadCifar10 } from '../../src/data';
import { listFilesRecursive, makeTempDir, packTarGz, writeBatchesDir } from './helpers';

let work: string;
let cacheDir: string;
const notices: string[] = [];

beforeEach(async () => {
  work = await makeTempDir();
  cacheDir = path.join(work, 'cache');
  notices.length = 0;
});
afterEach(async () => {
  await fsp.rm(work, { recursive: true, force: true });
});

/** Loads expecting failure; fallbackToSubset stays at its default (true): corruption must not be papered over. */
async function loadError(source: string, extra: Record<string, unknown> = {}): Promise<CifarDataError> {
  const err = await loadCifar10({ source, cacheDir, limit: 5, onNotice: (m) => notices.push(m), ...extra }).then(
    () => {
      throw new Error('expected loadCifar10 to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CifarDataError);
  expect(notices).toEqual([]); // no silent fallback to the bundled subset
  return err as CifarDataError;
}

describe('corrupt extracted folders', () => {
  test('a truncated .bin (size not a multiple of 3073) names the file and the stray bytes', async () => {
    const dir = await writeBatchesDir(work, 20, 20);
    const file = path.join(dir, 'data_batch_3.bin');
    await fsp.truncate(file, 20 * 3073 - 100);
    const err = await loadError(dir);
    expect(err.code).toBe('bad_record_size');
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toContain('2973 stray bytes');
    expect(err.fix).toMatch(/pass source: a path to cifar-10-binary\.tar\.gz/);
  });

  test('label 10 names the file and the record, and hints at CIFAR-100', async () => {
    const dir = await writeBatchesDir(work, 20, 20);
    const file = path.join(dir, 'data_batch_1.bin');
    const bytes = await fsp.readFile(file);
    bytes[3 * 3073] = 10;
    await fsp.writeFile(file, bytes);
    const err = await loadError(dir);
    expect(err.code).toBe('bad_label');
    expect(err.message).toContain(`Record 3 of ${file} has label 10`);
    expect(err.message).toContain('CIFAR-100');
  });

  test('a missing batch file is reported even when the limit would not reach it', async () => {
    const dir = await writeBatchesDir(work, 20, 20);
    await fsp.rm(path.join(dir, 'data_batch_5.bin'));
    const err = await loadError(dir);
    expect(err.code).toBe('missing_file');
    expect(err.message).toContain(path.join(dir, 'data_batch_5.bin'));
    expect(err.fix).toMatch(/Extract cifar-10-binary\.tar\.gz again/);
  });

  test('the parent of cifar-10-batches-bin also works as a source', async () => {
    await writeBatchesDir(work, 20, 20);
    const data = await loadCifar10({ source: work, cacheDir, limit: 5 });
    expect(data.source).toBe(path.join(work, 'cifar-10-batches-bin'));
    expect(data.train.x.shape).toEqual([5, 32, 32, 3]);
  });
});

describe('corrupt archives', () => {
  /** After a failed extraction the cache holds nothing that could be mistaken for data. */
  async function expectNothingCached(): Promise<void> {
    expect(await listFilesRecursive(cacheDir)).toEqual([]);
    const extracted = await fsp.readdir(path.join(cacheDir, 'extracted')).catch(() => []);
    expect(extracted).toEqual([]);
  }

  test('garbage bytes named .tar.gz', async () => {
    const file = path.join(work, 'cifar-10-binary.tar.gz');
    await fsp.writeFile(file, Buffer.from('this is not an archive at all, just text '.repeat(50)));
    const err = await loadError(file);
    expect(err.code).toBe('bad_archive');
    expect(err.message).toContain(`${file} is not a gzip-compressed tar archive`);
    expect(err.fix).toMatch(/pass source: its path/);
  });

  test('an HTML error page saved as .tar.gz is recognised', async () => {
    const file = path.join(work, 'cifar-10-binary.tar.gz');
    await fsp.writeFile(file, '<!DOCTYPE html><html><body>403 Forbidden</body></html>');
    const err = await loadError(file);
    expect(err.message).toContain('HTML page');
  });

  test('a truncated .tar.gz fails with a clear message and leaves no partial extraction', async () => {
    await writeBatchesDir(path.join(work, 'src'), 30, 30);
    const full = await packTarGz(path.join(work, 'src'), path.join(work, 'full.tar.gz'));
    const bytes = await fsp.readFile(full);
    const cut = path.join(work, 'cut.tar.gz');
    await fsp.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const err = await loadError(cut);
    expect(err.code).toBe('bad_archive');
    expect(err.message).toContain(`${cut} could not be extracted: it is truncated or not a valid .tar.gz`);
    expect(err.message.split('\n')).toHaveLength(2); // problem + fix, no stack
    await expectNothingCached();
  });

  test('gzip of something that is not a tar', async () => {
    const { gzipSync } = await import('node:zlib');
    const file = path.join(work, 'plain.tar.gz');
    await fsp.writeFile(file, gzipSync(Buffer.alloc(40_000, 7)));
    const err = await loadError(file);
    expect(err.code).toBe('bad_archive');
    expect(err.message).toContain(file);
    await expectNothingCached();
  });

  test('an archive missing a batch names the archive and caches nothing', async () => {
    const dir = await writeBatchesDir(path.join(work, 'src'), 10, 10);
    await fsp.rm(path.join(dir, 'data_batch_2.bin'));
    const archive = await packTarGz(path.join(work, 'src'), path.join(work, 'incomplete.tar.gz'));
    const err = await loadError(archive);
    expect(err.code).toBe('missing_file');
    expect(err.message).toContain(`${archive} → cifar-10-batches-bin/data_batch_2.bin is missing`);
    await expectNothingCached();
  });

  test('the python-format archive is recognised', async () => {
    const pyDir = path.join(work, 'src', 'cifar-10-batches-py');
    await fsp.mkdir(pyDir, { recursive: true });
    await fsp.writeFile(path.join(pyDir, 'data_batch_1'), 'pickle');
    const archive = await packTarGz(path.join(work, 'src'), path.join(work, 'cifar-10-python.tar.gz'));
    const err = await loadError(archive);
    expect(err.code).toBe('bad_archive');
    expect(err.message).toContain('no cifar-10-batches-bin/ folder');
    expect(err.message).toContain('python/matlab');
  });

  test('a checksum given for a local archive is verified', async () => {
    await writeBatchesDir(path.join(work, 'src'), 10, 10);
    const archive = await packTarGz(path.join(work, 'src'), path.join(work, 'a.tar.gz'));
    const err = await loadError(archive, { checksum: { sha256: '0'.repeat(64) } });
    expect(err.code).toBe('checksum_mismatch');
    expect(err.message).toContain(`sha256 of ${archive} is `);
    expect(err.message).toContain(`expected ${'0'.repeat(64)}`);
  });

  test('a damaged file inside the cached extraction points at the cached folder', async () => {
    await writeBatchesDir(path.join(work, 'src'), 10, 10);
    const archive = await packTarGz(path.join(work, 'src'), path.join(work, 'a.tar.gz'));
    await loadCifar10({ source: archive, cacheDir, limit: 1 });
    const [entry] = await fsp.readdir(path.join(cacheDir, 'extracted'));
    const cachedDir = path.join(cacheDir, 'extracted', entry);
    await fsp.truncate(path.join(cachedDir, 'test_batch.bin'), 5000);
    const err = await loadError(archive);
    expect(err.code).toBe('bad_record_size');
    expect(err.fix).toBe(`Delete the cached folder ${cachedDir} and rerun (it is re-extracted from ${archive}).`);
  });
});
