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
  | 'model_not_cloneable';

export class CnnDoctorError extends Error {
  readonly code: CnnDoctorErrorCode;
  readonly fix: string;
  /** For `invalid_options`: one entry per offending option path. */
  readonly issues: { path: string; message: string }[];

  constructor(code: CnnDoctorErrorCode, message: string, fix: string, issues: { path: string; message: string }[] = []) {
    super(`cnn-doctor: ${message}\n  fix: ${fix}`);
    this.name = 'CnnDoctorError';
    this.code = code;
    this.fix = fix;
    this.issues = issues;
  }
}
