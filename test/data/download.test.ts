/** Download path against a loopback server (127.0.0.1, ephemeral port) — never the internet. */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BUNDLED_SUBSET_SOURCE, CifarDataError, loadCifar10, type LoadCifar10Options, type ProgressEvent } from '../../src/data';
import { listFilesRecursive, makeTempDir, packTarGz, startLoopbackServer, useTempCache, writeBatchesDir, type LoopbackServer } from './helpers';

const PER_BATCH = 40;
const TEST_COUNT = 60; // 260 records, ~800 kB uncompressed

let work: string;
let archive: Buffer;
let sha256: string;
let md5: string;
let server: LoopbackServer;
/** What the server does for each path. */
const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();

beforeAll(async () => {
  work = await makeTempDir();
  await writeBatchesDir(path.join(work, 'src'), PER_BATCH, TEST_COUNT);
  archive = await fsp.readFile(await packTarGz(path.join(work, 'src'), path.join(work, 'cifar.tar.gz')));
  sha256 = createHash('sha256').update(archive).digest('hex');
  md5 = createHash('md5').update(archive).digest('hex');
  server = await startLoopbackServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route) route(res);
    else res.writeHead(404).end('not found');
  });
  routes.set('/cifar.tar.gz', (res) => res.writeHead(200, { 'content-length': archive.length }).end(archive));
  routes.set('/moved.tar.gz', (res) => res.writeHead(302, { location: '/cifar.tar.gz' }).end());
  routes.set('/page.tar.gz', (res) => res.writeHead(200).end('<html><body>Please log in</body></html>'));
  routes.set('/cut.tar.gz', (res) => {
    // Promise the whole file, send 40 %, then drop the connection.
    res.writeHead(200, { 'content-length': archive.length });
    res.write(archive.subarray(0, Math.floor(archive.length * 0.4)), () => setTimeout(() => res.socket?.destroy(), 20));
  });
  routes.set('/stall.tar.gz', (res) => {
    res.writeHead(200, { 'content-length': archive.length });
    res.write(archive.subarray(0, 1000)); // …and then nothing
  });
});
afterAll(async () => {
  await server.close();
  await fsp.rm(work, { recursive: true, force: true });
});

const cache = useTempCache();

function load(pathname: string, extra: LoadCifar10Options = {}) {
  return loadCifar10({ source: server.url(pathname), cacheDir: cache.dir, limit: 30, fallbackToSubset: false, onNotice: (m) => cache.notices.push(m), ...extra });
}

async function loadError(pathname: string, extra: LoadCifar10Options = {}): Promise<CifarDataError> {
  const err = await load(pathname, extra).then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CifarDataError);
  return err as CifarDataError;
}

const downloadsOf = async (): Promise<string[]> => (await listFilesRecursive(cache.dir)).filter((f) => f.startsWith('downloads'));

test('downloads, verifies sha256, caches atomically and reuses the cache on the next call', async () => {
  const events: ProgressEvent[] = [];
  const hitsBefore = server.hits();
  const first = await load('/cifar.tar.gz', { checksum: { sha256 }, onProgress: (e) => events.push(e) });
  expect(first.source).toBe(server.url('/cifar.tar.gz'));
  expect(first.train.x.shape).toEqual([30, 32, 32, 3]);
  expect(Array.from(first.test.y.dataSync().slice(0, 3))).toEqual([9, 8, 7]);
  expect(server.hits() - hitsBefore).toBe(1);
  const cached = await downloadsOf();
  expect(cached).toHaveLength(1);
  expect(cached[0]).toMatch(/^downloads\/[0-9a-f]{12}\/cifar\.tar\.gz$/); // final name only, no .part left
  const downloads = events.filter((e) => e.phase === 'download');
  expect(downloads.length).toBeGreaterThan(0);
  expect(downloads[downloads.length - 1]).toMatchObject({ done: true, bytes: archive.length, totalBytes: archive.length });

  const second = await load('/cifar.tar.gz', { checksum: { sha256 } });
  expect(server.hits() - hitsBefore).toBe(1); // served from the cache
  expect(second.train.x.dataSync()).toEqual(first.train.x.dataSync());
  tf.dispose([first.train, first.test, second.train, second.test]);
});

test('an md5 checksum is accepted too, and redirects are followed', async () => {
  const data = await load('/moved.tar.gz', { checksum: { md5 } });
  expect(data.train.x.shape[0]).toBe(30);
  tf.dispose([data.train, data.test]);
});

test('a wrong checksum fails, keeps nothing in the cache, and is not hidden by the fallback', async () => {
  const err = await loadError('/cifar.tar.gz', { checksum: { sha256: 'f'.repeat(64) }, fallbackToSubset: true });
  expect(err.code).toBe('checksum_mismatch');
  expect(err.message).toContain(`sha256 of ${server.url('/cifar.tar.gz')} is ${sha256}, expected ${'f'.repeat(64)}`);
  expect(await downloadsOf()).toEqual([]);
  expect(cache.notices).toEqual([]);
});

test('a connection dropped mid-stream leaves no cache file and gives a clear error', async () => {
  const err = await loadError('/cut.tar.gz');
  expect(err.code).toBe('source_unavailable');
  expect(err.message).toContain(`Could not download ${server.url('/cut.tar.gz')}`);
  expect(err.message).toMatch(/stopped after \d+ bytes of \d+|sent \d+ of \d+ bytes/);
  expect(err.message.split('\n')).toHaveLength(2);
  expect(await downloadsOf()).toEqual([]);
});

test('…and with the default fallbackToSubset the bundled subset is used, with a one-line notice', async () => {
  const data = await load('/cut.tar.gz', { fallbackToSubset: true });
  expect(data.source).toBe(BUNDLED_SUBSET_SOURCE);
  expect(cache.notices).toHaveLength(1);
  expect(cache.notices[0]).not.toContain('\n');
  expect(cache.notices[0]).toContain('bundled CIFAR-10 subset');
  expect(cache.notices[0]).toMatch(/^cnn-doctor: (?!cnn-doctor:)/); // one prefix, not the error's own as well
  expect(await downloadsOf()).toEqual([]);
  tf.dispose([data.train, data.test]);
});

test('a server that stops sending trips the read timeout quickly', async () => {
  const started = Date.now();
  const err = await loadError('/stall.tar.gz', { timeoutMs: 300 });
  expect(err.code).toBe('source_unavailable');
  expect(Date.now() - started).toBeLessThan(5000);
  expect(await downloadsOf()).toEqual([]);
});

test('HTTP 404 is reported with the status', async () => {
  const err = await loadError('/nope.tar.gz');
  expect(err.code).toBe('source_unavailable');
  expect(err.message).toContain('HTTP 404');
});

test('an HTML page served instead of the archive is named, with the cached file to delete', async () => {
  const err = await loadError('/page.tar.gz');
  expect(err.code).toBe('bad_archive');
  expect(err.message).toContain('HTML page');
  const [cached] = await downloadsOf();
  expect(err.fix).toBe(`Delete the cached file ${path.join(cache.dir, cached)} and rerun.`);
});

test('a cached file that no longer matches the checksum is downloaded again', async () => {
  const first = await load('/cifar.tar.gz', { checksum: { sha256 } });
  tf.dispose([first.train, first.test]);
  const [cached] = await downloadsOf();
  await fsp.writeFile(path.join(cache.dir, cached), 'damaged');
  const hitsBefore = server.hits();
  const again = await load('/cifar.tar.gz', { checksum: { sha256 } });
  expect(server.hits() - hitsBefore).toBe(1);
  expect(cache.notices.join('\n')).toContain('downloading it again');
  expect(again.train.x.shape[0]).toBe(30);
  tf.dispose([again.train, again.test]);
});

test('a leftover .part file from an interrupted run is never taken for data', async () => {
  const first = await load('/cifar.tar.gz');
  tf.dispose([first.train, first.test]);
  const [cached] = await downloadsOf();
  const cachedPath = path.join(cache.dir, cached);
  // Simulate a crash mid-download: only a half-written temp file is left.
  await fsp.rename(cachedPath, path.join(path.dirname(cachedPath), '.cifar.tar.gz.999-deadbeef.part'));
  await fsp.truncate(path.join(path.dirname(cachedPath), '.cifar.tar.gz.999-deadbeef.part'), 1000);
  const hitsBefore = server.hits();
  const again = await load('/cifar.tar.gz', { checksum: { sha256 } });
  expect(server.hits() - hitsBefore).toBe(1);
  expect(again.train.x.shape[0]).toBe(30);
  tf.dispose([again.train, again.test]);
});
