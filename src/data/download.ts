import { createWriteStream, promises as fsp } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ChecksumVerifier, verifyFileChecksum, type ExpectedChecksum } from './checksum';
import { CifarDataError, describeCause } from './errors';
import { ensureWritableDir, removeQuietly, shortHash, temporarySibling } from './fs-utils';
import type { ProgressEvent } from './progress';
import { SOURCE_ENV_VAR } from './constants';

export interface DownloadRequest {
  url: string;
  cacheDir: string;
  checksum: ExpectedChecksum;
  timeoutMs: number;
  onProgress: (event: ProgressEvent) => void;
  onNotice: (message: string) => void;
}

const MAX_REDIRECTS = 5;
const LOCAL_WRITE_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS']);

/** Where a URL is cached: one folder per URL, keeping the file's own name so users recognise it. */
export function cachedDownloadPath(cacheDir: string, url: string): string {
  const name = path.basename(new URL(url).pathname) || 'download';
  return path.join(cacheDir, 'downloads', shortHash(url), name);
}

/**
 * Returns the path of a verified local copy of `url`, downloading it if needed. The file is
 * written under a temporary name and renamed only once complete and verified, so an interrupted
 * or corrupt download never sits in the cache looking like data.
 */
export async function downloadToCache(request: DownloadRequest): Promise<string> {
  const finalPath = cachedDownloadPath(request.cacheDir, request.url);
  const deleteFix = `Delete the cached file ${finalPath} and rerun.`;
  const cachedSize = (await fsp.stat(finalPath).catch(() => undefined))?.size;
  if (cachedSize !== undefined) {
    try {
      await verifyFileChecksum(finalPath, request.checksum, deleteFix, (bytes) =>
        request.onProgress({ phase: 'verify', target: finalPath, bytes, totalBytes: cachedSize, done: bytes === cachedSize }),
      );
      return finalPath;
    } catch (err) {
      if (!(err instanceof CifarDataError)) throw err;
      // Only a verified file is ever renamed into place, so a mismatch means the expected checksum
      // changed or the file was damaged on disk: replace it rather than fail.
      request.onNotice(`cnn-doctor: cached ${finalPath} does not match the expected checksum; downloading it again.`);
      await removeQuietly(finalPath);
    }
  }
  await ensureWritableDir(path.dirname(finalPath));
  const partPath = temporarySibling(finalPath, 'part');
  try {
    await fetchToFile(request, partPath);
    await fsp.rename(partPath, finalPath);
  } catch (err) {
    await removeQuietly(partPath);
    await fsp.rmdir(path.dirname(finalPath)).catch(() => undefined); // only if empty: leave no trace of a failed download
    throw err;
  }
  return finalPath;
}

async function fetchToFile(request: DownloadRequest, partPath: string): Promise<void> {
  const { url } = request;
  const timeout = { fired: false };
  const response = await openResponse(url, request.timeoutMs, MAX_REDIRECTS, timeout);
  const totalHeader = Number(response.headers['content-length']);
  const totalBytes = Number.isFinite(totalHeader) && totalHeader > 0 ? totalHeader : undefined;
  const verifier = new ChecksumVerifier(request.checksum);
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      verifier.update(chunk);
      request.onProgress({ phase: 'download', target: url, bytes, totalBytes, done: false });
      callback(null, chunk);
    },
  });
  try {
    await pipeline(response, meter, createWriteStream(partPath));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && LOCAL_WRITE_ERRORS.has(code)) {
      // The network was fine; the disk was not. Not a reason to fall back to the subset.
      throw new CifarDataError(
        'cache_unwritable',
        `Could not save ${url} into ${path.dirname(partPath)} (${describeCause(err)}). Nothing was kept in the cache.`,
        'Free disk space (the archive is ~170 MB, ~180 MB more once extracted) or pass cacheDir: a writable folder on a larger disk.',
        { file: partPath, cause: err },
      );
    }
    const why = timeout.fired ? `nothing received for ${request.timeoutMs} ms` : describeCause(err);
    throw unavailable(url, `the download stopped after ${bytes} bytes${totalBytes ? ` of ${totalBytes}` : ''} (${why})`, err);
  }
  if (totalBytes !== undefined && bytes !== totalBytes) {
    throw unavailable(url, `the server sent ${bytes} of ${totalBytes} bytes and closed the connection`);
  }
  request.onProgress({ phase: 'download', target: url, bytes, totalBytes: totalBytes ?? bytes, done: true });
  verifier.verify(url, 'Rerun to download it again; if the mismatch persists, the server is serving a different file: pass the right checksum: { md5 | sha256 }, or source: a path to cifar-10-binary.tar.gz.');
}

/** GET with redirects; resolves with a 200 response or rejects with source_unavailable. */
function openResponse(url: string, timeoutMs: number, redirectsLeft: number, timeout: { fired: boolean }): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    // The socket timeout covers both a host that never answers the connect and one that stops sending.
    const request = client.get(url, { timeout: timeoutMs }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location && redirectsLeft > 0) {
        response.resume();
        const next = new URL(response.headers.location, url).toString();
        openResponse(next, timeoutMs, redirectsLeft - 1, timeout).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(unavailable(url, `the server answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`));
        return;
      }
      resolve(response);
    });
    request.on('timeout', () => {
      timeout.fired = true;
      request.destroy(Object.assign(new Error(`no response for ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    request.on('error', (err) => reject(unavailable(url, `the request failed (${describeCause(err)})`, err)));
  });
}

function unavailable(url: string, reason: string, cause?: unknown): CifarDataError {
  return new CifarDataError(
    'source_unavailable',
    `Could not download ${url}: ${reason}. Nothing was kept in the cache.`,
    `Check the network and rerun, or download cifar-10-binary.tar.gz yourself and pass source: its path (or set ${SOURCE_ENV_VAR}).`,
    { file: url, cause },
  );
}
