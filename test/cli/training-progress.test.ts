/** The CLI's progress line: a run cut short by --steps inside an epoch says so instead of looking aborted. */
import { TrainingProgress } from '../../src/cli/training-progress';

async function run(maxSteps: number | undefined, steps: number) {
  const lines: string[] = [];
  const progress = new TrainingProgress({ stepsPerEpoch: 10, epochs: 1, maxSteps, write: (t) => void lines.push(t), tty: false });
  (progress as unknown as { model: { stopTraining: boolean } }).model = { stopTraining: false };
  await progress.onTrainBegin();
  await progress.onEpochBegin(0);
  for (let b = 0; b < steps; b++) await progress.onBatchEnd(b, { loss: 1 });
  await progress.onEpochEnd(0, { loss: 1 });
  return lines.join('');
}

it('marks the end of a --steps budget inside an epoch', async () => {
  expect(await run(4, 4)).toMatch(/4\/10 .*— done: 4 steps \(--steps\)\n$/);
});

it('says nothing extra at the end of a whole epoch', async () => {
  expect(await run(undefined, 10)).not.toContain('done:');
});
