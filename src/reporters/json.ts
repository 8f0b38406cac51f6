/**
 * The JSON run log: the model summary, every finding and the recorded series — all of them for a run of
 * up to 5,000 steps, a bounded selection that keeps every spike beyond that (record-thinning.ts). In
 * memory missing measurements are NaN; JSON has no NaN or ±Infinity, so JSON.stringify writes them as
 * null, and `parseRunLog` (run-log-schema.ts, which validates this same shape) turns those nulls back into NaN.
 */
import type { Finding } from '../findings';
import type { Prescription } from '../prescriptions/prescription';
import type { RunRecord } from '../record';
import { thinRecord, type RunLogThinning } from '../record-thinning';
import type { StoryChapter } from '../story';

export const RUN_LOG_FORMAT = 'cnn-doctor-run';
/** Bump when a reader of the previous version could misread a new log; readers refuse newer versions. */
export const RUN_LOG_VERSION = 2;

export interface RunLog {
  format: typeof RUN_LOG_FORMAT;
  version: typeof RUN_LOG_VERSION;
  createdAt: string;
  findings: Finding[];
  record: RunRecord;
  /** Present when the record is a thinned copy of a long run: what each thinned series recorded and kept. */
  thinning?: RunLogThinning;
  /** Present once `doctor.tryFixes()` ran: each fix tried on copies of the model and what it measured. */
  prescriptions?: Prescription[];
  /** Present when the run has a story: the active findings linked by cause, one chapter per root cause (src/story.ts). */
  story?: StoryChapter[];
}

/**
 * A snapshot (deep copy: the live record keeps growing while training goes on), thinned when the run is
 * long (see record-thinning.ts; `thin: false` copies every step and probe). NaN and ±Infinity are kept as
 * numbers so the result is a true `RunLog`; `JSON.stringify` writes them as null.
 */
export function toRunLog(record: RunRecord, findings: readonly Finding[], options: { thin?: boolean; prescriptions?: readonly Prescription[]; story?: readonly StoryChapter[] } = {}): RunLog {
  const copy = options.thin === false ? { record: structuredClone(record) } : thinRecord(record, findings);
  return {
    format: RUN_LOG_FORMAT,
    version: RUN_LOG_VERSION,
    createdAt: new Date().toISOString(),
    findings: structuredClone([...findings]),
    record: copy.record,
    ...(copy.thinning ? { thinning: copy.thinning } : {}),
    ...(options.prescriptions?.length ? { prescriptions: structuredClone([...options.prescriptions]) } : {}),
    ...(options.story?.length ? { story: structuredClone([...options.story]) } : {}),
  };
}
