import { CnnDoctorError, type DataErrorCode } from '../errors';

/** Why a load failed (see DataErrorCode in the core's errors.ts). */
export type CifarDataErrorCode = DataErrorCode;

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
export class CifarDataError extends CnnDoctorError {
  declare readonly code: CifarDataErrorCode;
  /** The file or URL the problem is about, when there is one. */
  readonly file?: string;

  constructor(code: CifarDataErrorCode, problem: string, fix: string, details: { file?: string; cause?: unknown } = {}) {
    super(code, problem, fix, [], { cause: details.cause });
    this.name = 'CifarDataError';
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
