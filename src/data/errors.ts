/**
 * Why a load failed. `SOURCE_UNAVAILABLE` (network down, host unreachable, timeout, HTTP error,
 * dropped connection, path missing) is the only kind the loader may answer by falling back to the
 * bundled subset; every other kind means the data exists but is wrong, and is always reported.
 */
export type CifarDataErrorCode =
  | 'INVALID_OPTIONS'
  | 'SOURCE_UNAVAILABLE'
  | 'CHECKSUM_MISMATCH'
  | 'BAD_ARCHIVE'
  | 'MISSING_FILE'
  | 'BAD_RECORD_SIZE'
  | 'BAD_LABEL'
  | 'CACHE_UNWRITABLE'
  | 'SUBSET_MISSING';

/**
 * The one error `cnn-doctor/data` throws. `message` says what is wrong and names the file; `fix`
 * says what to do about it (it is also appended to `message`, so a plain `console.error` shows it).
 * The low-level error (zlib, tar, socket), if any, is kept in `cause`, never printed as the message.
 *
 * @example
 * ```ts
 * try {
 *   await loadCifar10({ source: './cifar-10-binary.tar.gz', fallbackToSubset: false });
 * } catch (err) {
 *   if (err instanceof CifarDataError) console.error(err.code, err.fix);
 * }
 * ```
 */
export class CifarDataError extends Error {
  override readonly name = 'CifarDataError';
  readonly code: CifarDataErrorCode;
  readonly fix: string;
  /** The file or URL the problem is about, when there is one. */
  readonly file?: string;

  constructor(code: CifarDataErrorCode, problem: string, fix: string, details: { file?: string; cause?: unknown } = {}) {
    super(`${problem}\nFix: ${fix}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.fix = fix;
    this.file = details.file;
  }
}

/** Short, single-line description of a low-level error for inclusion in a CifarDataError message. */
export function describeCause(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
