/** Debug: run one corpus program with the doctor and print the loss curve, progress at the end, findings. */
import * as tfl from '@tensorflow/tfjs-layers';
import { checkup, diagnose } from '../../src';
import { setupBackend } from '../../src/backend';
import { progress } from '../../src/checks/progress';
import { CORPUS } from './index';
import { programsOf, runProgram, type Role } from './outcome';
(async () => {
  await setupBackend('wasm');
  const [id, role] = [process.argv[2], (process.argv[3] ?? 'fixed') as Role];
  const entry = CORPUS.find((e) => e.id.includes(id))!;
  const program = programsOf(entry).find((p) => p.role === role)!.program;
  let doctor: ReturnType<typeof diagnose> | null = null;
  let pre: Awaited<ReturnType<typeof checkup>> | undefined;
  const withCheckup = process.argv[4] === 'checkup';
  const run = await runProgram(entry, role, program, {
    beforeFit: async (model: tfl.LayersModel, data: { x: any; y: any }) => {
      if (!withCheckup) return;
      pre = await checkup(model, { x: data.x, y: data.y, overfitBatch: true, baseline: true });
      for (const f of pre.findings) console.log('checkup:', f.code, f.severity, JSON.stringify(f.evidence));
    },
    callbacks: (model) => { doctor = diagnose(model, { log: false, checkup: pre }); return [doctor as unknown as tfl.Callback]; },
  });
  const d = doctor as unknown as ReturnType<typeof diagnose>;
  const rep = d.report();
  const rec = rep.record;
  const L = rec.steps.dataLoss, A = rec.steps.accuracy;
  const pts = [0, 1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 100, 200, 400, 800, L.length - 1].filter((i) => i < L.length);
  console.log(entry.id, role, 'value', run.value, 'learned', run.learned, 'fits', JSON.stringify(rec.fits), 'loss', rec.model.loss, rec.model.task);
  console.log(pts.map((i) => `${i}:${L[i]?.toPrecision(4)}/${A[i]?.toFixed(2)}`).join(' '));
  console.log('progress', JSON.stringify(progress(rec, true)));
  for (const f of rep.findings) console.log(f.code, f.severity, f.status, f.step, f.layer, JSON.stringify(f.evidence).slice(0, 300));
})();
