import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CifarDataError } from './errors';

export interface ExpectedChecksum {
  md5?: string;
  sha256?: string;
}

/** Hashes fed chunk by chunk, so a download is verified without reading the file a second time. */
export class ChecksumVerifier {
  private readonly hashes: Array<{ algorithm: 'md5' | 'sha256'; expected: string; hash: Hash }>;

  constructor(expected: ExpectedChecksum) {
    this.hashes = (['md5', 'sha256'] as const)
      .filter((algorithm) => expected[algorithm] !== undefined)
      .map((algorithm) => ({ algorithm, expected: (expected[algorithm] as string).toLowerCase(), hash: createHash(algorithm) }));
  }

  get isEmpty(): boolean {
    return this.hashes.length === 0;
  }

  update(chunk: Uint8Array): void {
    for (const entry of this.hashes) entry.hash.update(chunk);
  }

  /** Throws CHECKSUM_MISMATCH naming `file` if any digest differs. Call once, at the end. */
  verify(file: string, fix: string): void {
    for (const { algorithm, expected, hash } of this.hashes) {
      const actual = hash.digest('hex');
      if (actual !== expected) {
        throw new CifarDataError(
          'checksum_mismatch',
          `${algorithm} of ${file} is ${actual}, expected ${expected}: the file is damaged, incomplete, or a different file.`,
          fix,
          { file },
        );
      }
    }
  }
}

/** Streams `file` through the expected digests; a no-op when none is expected. */
export async function verifyFileChecksum(
  file: string,
  expected: ExpectedChecksum,
  fix: string,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  const verifier = new ChecksumVerifier(expected);
  if (verifier.isEmpty) return;
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    verifier.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  }
  verifier.verify(file, fix);
}
