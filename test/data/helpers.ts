/** Shared fixtures for the data tests: synthetic CIFAR-10 folders/archives, temp dirs, a loopback server. */
import { promises as fsp } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import { RECORD_BYTES } from '../../src/data/constants';

export const SHARED_ARCHIVE = path.resolve(__dirname, '../../../shared/data/cifar-10-binary.tar.gz');
export const TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);

/** Deterministic pixel byte of synthetic record `index` (global across a split), channel `c`, pixel `p`. */
export function syntheticPixel(index: number, channel: number, pixel: number): number {
  return (index * 7 + channel * 85 + pixel * 3) & 0xff;
}

/** `count` records whose labels are `labelOf(firstIndex + i)` and pixels follow {@link syntheticPixel}. */
export function makeRecords(firstIndex: number, count: number, labelOf: (index: number) => number = (i) => i % 10): Buffer {
  const bytes = Buffer.alloc(count * RECORD_BYTES);
  for (let r = 0; r < count; r++) {
    const index = firstIndex + r;
    const base = r * RECORD_BYTES;
    bytes[base] = labelOf(index);
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) bytes[base + 1 + c * 1024 + p] = syntheticPixel(index, c, p);
  }
  return bytes;
}

/** Writes `<root>/cifar-10-batches-bin/` with `perBatch` records in each train batch and `testCount` test records. */
export async function writeBatchesDir(root: string, perBatch: number, testCount: number): Promise<string> {
  const dir = path.join(root, 'cifar-10-batches-bin');
  await fsp.mkdir(dir, { recursive: true });
  const names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  await fsp.writeFile(path.join(dir, 'batches.meta.txt'), `${names.join('\n')}\n\n`);
  for (let b = 0; b < TRAIN_FILES.length; b++) {
    await fsp.writeFile(path.join(dir, TRAIN_FILES[b]), makeRecords(b * perBatch, perBatch));
  }
  await fsp.writeFile(path.join(dir, 'test_batch.bin'), makeRecords(0, testCount, (i) => 9 - (i % 10)));
  return dir;
}

/** Packs everything under `root` (e.g. the folder holding cifar-10-batches-bin) into a .tar.gz. */
export async function packTarGz(root: string, out: string): Promise<string> {
  await tar.c({ gzip: true, cwd: root, file: out, portable: true }, await fsp.readdir(root));
  return out;
}

export async function makeTempDir(prefix = 'cnn-doctor-data-'): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * A fresh, empty cache directory for each test (removed afterwards) and the notices the loader printed.
 * Read the fields inside tests: they change before every test.
 */
export function useTempCache(): { readonly dir: string; readonly notices: string[] } {
  const state = { dir: '', notices: [] as string[] };
  beforeEach(async () => {
    state.dir = await makeTempDir('cnn-doctor-cache-');
    state.notices = [];
  });
  afterEach(async () => {
    await fsp.rm(state.dir, { recursive: true, force: true });
  });
  return state;
}

/** Every file below `dir` (relative paths), to assert nothing half-written was left behind. */
export async function listFilesRecursive(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name))).sort();
}

export interface LoopbackServer {
  url(pathname: string): string;
  hits: () => number;
  close(): Promise<void>;
}

/** HTTP server on 127.0.0.1 with an ephemeral port; never anything outside this machine. */
export async function startLoopbackServer(handler: http.RequestListener): Promise<LoopbackServer> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bind an ephemeral port, then release it. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
