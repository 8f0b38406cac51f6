/**
 * Builds data/cifar-10-subset.tar.gz: a small, class-balanced slice of real CIFAR-10 in the
 * canonical binary layout (cifar-10-batches-bin/{batches.meta.txt, data_batch_1..5.bin,
 * test_batch.bin}, 3073-byte records), so `loadCifar10` can read it with its ordinary code path.
 *
 *   npx tsx scripts/make-cifar-subset.ts [--input ../shared/data/cifar-10-binary.tar.gz]
 *       [--out data/cifar-10-subset.tar.gz] [--test-per-class 30] [--max-bytes 5000000]
 *
 * Records are the first ones of each class in data_batch_1.bin / test_batch.bin (the archive is
 * already shuffled), kept in file order, so the output is deterministic for a given input.
 * The number of training records per class is the largest that keeps the archive within --max-bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import { BATCHES_DIR_NAME, META_FILE, NUM_CLASSES, RECORD_BYTES, TEST_BATCH_FILE, TRAIN_BATCH_FILES } from '../src/data/constants';

const repoRoot = path.resolve(__dirname, '..');
const EXPECTED_INPUT_SHA256 = '7d8d884d05e424f7d27389ab6883490e5edaf7682b2b26b5ce93aafaafde1afe';
/** Fixed entry time so rebuilding from the same input gives a byte-identical archive. */
const FIXED_MTIME = new Date('2009-04-08T00:00:00Z');

interface Args {
  input: string;
  out: string;
  testPerClass: number;
  maxBytes: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    input: path.resolve(repoRoot, '../shared/data/cifar-10-binary.tar.gz'),
    out: path.join(repoRoot, 'data', 'cifar-10-subset.tar.gz'),
    testPerClass: 30,
    maxBytes: 5_000_000,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    if (flag === '--input') args.input = path.resolve(value);
    else if (flag === '--out') args.out = path.resolve(value);
    else if (flag === '--test-per-class') args.testPerClass = Number(value);
    else if (flag === '--max-bytes') args.maxBytes = Number(value);
    else throw new Error(`unknown flag ${flag}`);
  }
  return args;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads the named members of `cifar-10-batches-bin/` into memory, streaming past the rest. */
async function readMembers(archive: string, names: string[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  await tar.t({
    file: archive,
    strict: true,
    onReadEntry: (entry) => {
      const name = path.posix.basename(entry.path);
      if (!names.includes(name)) return;
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(name, Buffer.concat(chunks)));
    },
  });
  for (const name of names) if (!files.has(name)) throw new Error(`${archive} has no ${BATCHES_DIR_NAME}/${name}`);
  return files;
}

/** The first `perClass` records of each class, in the order they appear. */
function pickBalanced(batch: Buffer, perClass: number): Buffer[] {
  const taken = new Array<number>(NUM_CLASSES).fill(0);
  const picked: Buffer[] = [];
  for (let offset = 0; offset + RECORD_BYTES <= batch.length && picked.length < perClass * NUM_CLASSES; offset += RECORD_BYTES) {
    const label = batch[offset];
    if (taken[label] < perClass) {
      taken[label]++;
      picked.push(batch.subarray(offset, offset + RECORD_BYTES));
    }
  }
  if (picked.length < perClass * NUM_CLASSES) throw new Error(`not enough records for ${perClass} per class`);
  return picked;
}

/** Splits records into `parts` contiguous, near-equal batches, like the official five. */
function splitInto(records: Buffer[], parts: number): Buffer[] {
  return Array.from({ length: parts }, (_, i) => {
    const start = Math.round((i * records.length) / parts);
    const end = Math.round(((i + 1) * records.length) / parts);
    return Buffer.concat(records.slice(start, end));
  });
}

async function writeArchive(out: string, meta: Buffer, train: Buffer[], test: Buffer[]): Promise<number> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'cifar-subset-'));
  try {
    const dir = path.join(work, BATCHES_DIR_NAME);
    await fsp.mkdir(dir);
    const members: Array<[string, Buffer]> = [
      [META_FILE, meta],
      ...splitInto(train, TRAIN_BATCH_FILES.length).map((bytes, i): [string, Buffer] => [TRAIN_BATCH_FILES[i], bytes]),
      [TEST_BATCH_FILE, Buffer.concat(test)],
    ];
    for (const [name, bytes] of members) await fsp.writeFile(path.join(dir, name), bytes);
    await tar.c(
      { gzip: { level: 9 }, cwd: work, file: out, portable: true, mtime: FIXED_MTIME },
      members.map(([name]) => `${BATCHES_DIR_NAME}/${name}`),
    );
    return (await fsp.stat(out)).size;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const inputSha = await sha256Of(args.input);
  if (inputSha !== EXPECTED_INPUT_SHA256) console.warn(`note: input sha256 ${inputSha} differs from the documented ${EXPECTED_INPUT_SHA256}`);
  const files = await readMembers(args.input, [META_FILE, TRAIN_BATCH_FILES[0], TEST_BATCH_FILE]);
  const test = pickBalanced(files.get(TEST_BATCH_FILE) as Buffer, args.testPerClass);
  const meta = files.get(META_FILE) as Buffer;
  await fsp.mkdir(path.dirname(args.out), { recursive: true });
  const tmpOut = `${args.out}.tmp`;

  // Gzip barely shrinks photos (~0.92), so estimate records per class from one build, then step down until it fits.
  let trainPerClass = 100;
  let size = await writeArchive(tmpOut, meta, pickBalanced(files.get(TRAIN_BATCH_FILES[0]) as Buffer, trainPerClass), test);
  const bytesPerRecord = size / ((trainPerClass + args.testPerClass) * NUM_CLASSES);
  trainPerClass = Math.floor(args.maxBytes / bytesPerRecord / NUM_CLASSES) - args.testPerClass;
  for (;;) {
    size = await writeArchive(tmpOut, meta, pickBalanced(files.get(TRAIN_BATCH_FILES[0]) as Buffer, trainPerClass), test);
    if (size <= args.maxBytes) break;
    trainPerClass--;
  }
  await fsp.rename(tmpOut, args.out);
  console.log(
    `wrote ${path.relative(process.cwd(), args.out)}: ${size} bytes, ${trainPerClass * NUM_CLASSES} train (${trainPerClass}/class) + ` +
      `${test.length} test (${args.testPerClass}/class) records, sha256 ${await sha256Of(args.out)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
