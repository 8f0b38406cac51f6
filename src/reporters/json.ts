/**
 * The JSON run log: the model summary, every finding and every recorded series. NaN and ±Infinity
 * (not JSON) are written as null.
 */
import type { Finding } from '../findings';
import type { RunRecord } from '../record';

export const RUN_LOG_VERSION = 1;

export interface RunLog {
  format: 'cnn-doctor-run';
  version: typeof RUN_LOG_VERSION;
  createdAt: string;
  findings: Finding[];
  record: RunRecord;
}

export function toRunLog(record: RunRecord, findings: readonly Finding[]): RunLog {
  return JSON.parse(
    JSON.stringify(
      { format: 'cnn-doctor-run', version: RUN_LOG_VERSION, createdAt: new Date().toISOString(), findings, record },
      (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    ),
  ) as RunLog;
}
