/**
 * The JSON run log: the model summary, every finding and every recorded series. In memory missing
 * measurements are NaN; JSON has no NaN or ±Infinity, so JSON.stringify writes them as null, and
 * `parseRunLog` (run-log-schema.ts, which validates this same shape) turns those nulls back into NaN.
 */
import type { Finding } from '../findings';
import type { RunRecord } from '../record';

export const RUN_LOG_FORMAT = 'cnn-doctor-run';
/** Bump when a reader of the previous version could misread a new log; readers refuse newer versions. */
export const RUN_LOG_VERSION = 2;

export interface RunLog {
  format: typeof RUN_LOG_FORMAT;
  version: typeof RUN_LOG_VERSION;
  createdAt: string;
  findings: Finding[];
  record: RunRecord;
}

/**
 * A snapshot (deep copy: the live record keeps growing while training goes on). NaN and ±Infinity are
 * kept as numbers so the result is a true `RunLog`; `JSON.stringify` writes them as null.
 */
export function toRunLog(record: RunRecord, findings: readonly Finding[]): RunLog {
  return structuredClone({
    format: RUN_LOG_FORMAT,
    version: RUN_LOG_VERSION,
    createdAt: new Date().toISOString(),
    findings: [...findings],
    record,
  });
}
