/** Run logs for the report tests: from tiny real fits (one broken, one healthy) and hand-edited copies. */
import * as tfl from '@tensorflow/tfjs-layers';
import type { RunLog } from '../../src/reporters/json';
import { blobs } from '../helpers/data';
import { mlp } from '../helpers/models';
import { trainWithDoctor } from '../helpers/run';

/**
 * The "seed" model of the story: hidden ReLU biases initialised at -5, so most units are dead from the
 * first step and the loss sits at chance (ln 3). Probing every 4 steps fills the per-layer charts.
 */
export async function brokenRunLog(): Promise<RunLog> {
  const data = blobs(256, 3, 8, 11, 1.5);
  const model = mlp({ biasInitializer: tfl.initializers.constant({ value: -5 }) });
  const run = await trainWithDoctor(model, data.x, data.y, { epochs: 8 }, { plateauWindow: 20, probeEvery: 4 });
  return run.report.toJSON();
}

/** The same model with default biases: it learns. */
export async function healthyRunLog(): Promise<RunLog> {
  const data = blobs(256, 3, 8, 11, 1.5);
  const run = await trainWithDoctor(mlp(), data.x, data.y, { epochs: 4 }, { probeEvery: 4 });
  return run.report.toJSON();
}

/** A deep copy to hand-edit; JSON-level, as a file on disk would be. */
export function asJson(log: RunLog): Record<string, any> {
  return JSON.parse(JSON.stringify(log));
}

/** The error message's first line (the second is the fix). */
export function firstLine(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
  throw new Error('expected a throw');
}
