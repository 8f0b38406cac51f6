/**
 * cnn-doctor in the browser: a tiny model whose ReLU units are killed by a -5 bias initialiser trains on
 * random blobs; findings appear on the page as the doctor raises them. Bundle it with
 *
 *   npx esbuild examples/browser/main.ts --bundle --format=iife --outfile=examples/browser/bundle.js
 *
 * then open examples/browser/index.html. With @tensorflow/tfjs-vis loaded, pass it to showInTfvis().
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose, type Finding } from '../../src';

declare global {
  interface Window {
    cnnDoctorResult?: { codes: string[]; steps: number; report: string };
  }
}

function show(finding: Finding): void {
  const item = document.createElement('li');
  item.className = finding.severity;
  item.textContent = `${finding.severity.toUpperCase()} ${finding.code}${finding.layer ? ` (${finding.layer})` : ''} at step ${finding.step}: ${finding.message}`;
  document.getElementById('findings')!.appendChild(item);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const x = tf.randomNormal([512, 8], 0, 1, 'float32', 1);
  const labels = tf.argMax(tf.matMul(x, tf.randomNormal([8, 3], 0, 1, 'float32', 2)), 1);
  const y = tf.cast(tf.oneHot(labels as tf.Tensor1D, 3), 'float32');
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [8], biasInitializer: tfl.initializers.constant({ value: -5 }) }),
      tfl.layers.dense({ units: 32, activation: 'relu', biasInitializer: tfl.initializers.constant({ value: -5 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const doctor = diagnose(model, { log: false, onFinding: show });
  await model.fit(x, y, { epochs: 8, batchSize: 32, callbacks: [doctor] });
  const report = doctor.report();
  document.getElementById('report')!.textContent = report.toString();
  window.cnnDoctorResult = { codes: report.findings.map((f) => f.code), steps: report.record.steps.loss.length, report: report.toString() };
}

main().catch((e) => {
  document.getElementById('report')!.textContent = `error: ${e instanceof Error ? e.message : e}`;
  window.cnnDoctorResult = { codes: [], steps: 0, report: String(e) };
});
