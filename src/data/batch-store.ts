import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * Read access to the files of a `cifar-10-batches-bin` folder, wherever they live (a folder on disk,
 * or the bundled subset held in memory), so one reader validates and decodes both the same way.
 */
export interface BatchStore {
  /** Full name of a file, for messages. */
  describe(name: string): string;
  /** Size in bytes, or undefined when the file does not exist. */
  size(name: string): Promise<number | undefined>;
  /** `length` bytes from `start`; reading only a prefix is what makes `limit` cheap. */
  read(name: string, start: number, length: number): Promise<Uint8Array>;
  /** What to tell the user when a file of this store is corrupt. */
  readonly fixForBadFile: string;
  /** What to tell the user when a file of this store is missing. */
  readonly fixForMissingFile: string;
}

/** `label` replaces `dir` in messages, e.g. to name the archive rather than a temporary folder. */
export function directoryStore(dir: string, fixes: { bad: string; missing: string }, label: string = dir): BatchStore {
  return {
    describe: (name) => path.join(label, name),
    async size(name) {
      try {
        const stats = await fsp.stat(path.join(dir, name));
        return stats.isFile() ? stats.size : undefined;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async read(name, start, length) {
      const handle = await fsp.open(path.join(dir, name), 'r');
      try {
        const buffer = Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(buffer, filled, length - filled, start + filled);
          if (bytesRead === 0) break; // file shrank since stat(); the caller sees a short buffer
          filled += bytesRead;
        }
        return buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
    fixForBadFile: fixes.bad,
    fixForMissingFile: fixes.missing,
  };
}

export function memoryStore(label: string, files: ReadonlyMap<string, Buffer>, fixes: { bad: string; missing: string }): BatchStore {
  return {
    describe: (name) => `${label}/${name}`,
    size: async (name) => files.get(name)?.length,
    read: async (name, start, length) => (files.get(name) ?? Buffer.alloc(0)).subarray(start, start + length),
    fixForBadFile: fixes.bad,
    fixForMissingFile: fixes.missing,
  };
}
