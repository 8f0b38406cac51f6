/**
 * `cnn-doctor report RUN.json [--html FILE]`: re-read a saved run (a single run log, or the
 * `{ runs: [...] }` file the example writes), validate it, print its diagnosis, and optionally
 * render the HTML report.
 */
import { promises as fs } from 'node:fs';
import { CnnDoctorError } from '../errors';
import { formatReport } from '../reporters/console';
import { renderHtml } from '../reporters/html';
import type { RunLog } from '../reporters/json';
import { parseRunLog } from '../reporters/run-log-schema';
import { recordedSteps } from '../record-thinning';

export async function runReport(file: string, html: string | undefined, write: (s: string) => void): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? (e as Error).message);
    throw new CnnDoctorError('invalid_run_log', `cannot read ${file}: ${why}`, 'pass the path of a file written with --json or report.toJSON()');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CnnDoctorError('invalid_run_log', `${file} is not JSON (${(e as Error).message})`, 'pass a file written with --json or JSON.stringify(doctor.report())');
  }
  const wrapped = json as { runs?: unknown[] };
  const entries = Array.isArray(wrapped?.runs) ? wrapped.runs : [json];
  const labels: string[] = [];
  const logs: RunLog[] = entries.map((entry, i) => {
    const label = (entry as { model?: unknown })?.model;
    labels.push(typeof label === 'string' ? label : `run ${i + 1}`);
    try {
      return parseRunLog(entry);
    } catch (e) {
      if (e instanceof CnnDoctorError && entries.length > 1) {
        throw new CnnDoctorError(e.code, `${file}, runs[${i}]: ${e.message.replace(/^cnn-doctor: /, '').split('\n')[0]}`, e.fix, e.issues);
      }
      throw e;
    }
  });
  for (const [i, log] of logs.entries()) {
    const loss = log.record.steps.loss;
    const last = loss[loss.length - 1];
    if (logs.length > 1) write(`━━ ${labels[i]}\n`);
    // A long run's log is thinned: it says how many steps the run recorded, as the live report does.
    write(`${formatReport(log.findings, { model: log.record.model.name, steps: recordedSteps(log), lastLoss: typeof last === 'number' ? last : NaN }, log.prescriptions, log.record.model, log.story)}\n\n`);
  }
  if (html) {
    await fs.writeFile(html, renderHtml(logs, { runLabels: labels }));
    write(`wrote ${html}\n`);
  }
}
