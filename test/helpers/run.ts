/** Train a model with the doctor attached and return what it found. */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { diagnose, type DiagnoseOptions, type Finding } from '../../src';

export interface DoctorRun {
  findings: Finding[];
  steps: number;
  codes: string[];
  problems: Finding[];
  report: ReturnType<ReturnType<typeof diagnose>['report']>;
}

export async function trainWithDoctor(
  model: LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  fit: { epochs?: number; batchSize?: number; shuffle?: boolean } = {},
  options: DiagnoseOptions = {},
): Promise<DoctorRun> {
  const doctor = diagnose(model, { log: false, ...options });
  await model.fit(x, y, { epochs: fit.epochs ?? 5, batchSize: fit.batchSize ?? 32, shuffle: fit.shuffle ?? true, callbacks: [doctor], verbose: 0 });
  const report = doctor.report();
  doctor.detach();
  const findings = doctor.findings;
  return {
    findings,
    steps: report.record.steps.step.length,
    codes: findings.map((f) => f.code),
    problems: findings.filter((f) => f.severity !== 'info'),
    report,
  };
}

/** "code@layer" for every warning or error, for readable assertion failures. */
export function problemKeys(run: DoctorRun): string[] {
  return run.problems.map((f) => `${f.code}${f.layer ? `@${f.layer}` : ''}:${f.severity}`);
}
