import { randomBytes, createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { CifarDataError, describeCause } from './errors';

/** A sibling name for work in progress: same folder (so rename is atomic), unique per attempt. */
export function temporarySibling(finalPath: string, suffix: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}-${randomBytes(4).toString('hex')}.${suffix}`);
}

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Best-effort removal of leftovers; a failure here must not hide the error being reported. */
export async function removeQuietly(p: string): Promise<void> {
  await fsp.rm(p, { recursive: true, force: true }).catch(() => undefined);
}

export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
    await fsp.access(dir, 2 /* W_OK */);
  } catch (err) {
    throw new CifarDataError(
      'cache_unwritable',
      `Cannot write to the cache folder ${dir} (${describeCause(err)}).`,
      'Pass cacheDir: a writable folder, or set XDG_CACHE_HOME.',
      { file: dir, cause: err },
    );
  }
}

/** Short stable id for cache entry names (not a security boundary). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
