/**
 * Errors as data (the zod way): every error cnn-doctor throws is a CnnDoctorError with a stable
 * `code`, a message that says what was wrong, and `fix`, what to do about it.
 */
export type CnnDoctorErrorCode =
  | 'invalid_options'
  | 'not_a_layers_model'
  | 'model_not_compiled'
  | 'model_disposed'
  | 'invalid_probe'
  | 'already_attached'
  | 'invalid_run_log'
  | 'invalid_data'
  | 'model_not_cloneable'
  | 'backend_unavailable'
  | DataErrorCode;

/**
 * Codes of `cnn-doctor/data` (thrown as its CifarDataError subclass). `source_unavailable` (network
 * down, host unreachable, timeout, HTTP error, path missing) is the only kind the loader may answer by
 * falling back to the bundled subset; every other kind means the data exists but is wrong.
 */
export type DataErrorCode =
  | 'invalid_options'
  | 'source_unavailable'
  | 'checksum_mismatch'
  | 'bad_archive'
  | 'missing_file'
  | 'bad_record_size'
  | 'bad_label'
  | 'cache_unwritable'
  | 'subset_missing';

export class CnnDoctorError extends Error {
  readonly code: CnnDoctorErrorCode;
  readonly fix: string;
  /** For `invalid_options`: one entry per offending option path. */
  readonly issues: { path: string; message: string }[];

  constructor(code: CnnDoctorErrorCode, message: string, fix: string, issues: { path: string; message: string }[] = [], options: { cause?: unknown } = {}) {
    super(`cnn-doctor: ${message}\n  fix: ${fix}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CnnDoctorError';
    this.code = code;
    this.fix = fix;
    this.issues = issues;
  }
}
