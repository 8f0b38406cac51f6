/** Labels as plain numbers: what label_problems and output_loss_mismatch judge. Reads y once. */
import type * as tf from '@tensorflow/tfjs-core';
import type { LabelStats } from '../record';

const MAX_CLASS_ID = 4096;
const SUM_TOLERANCE = 1e-3;

export function labelStats(y: tf.Tensor): LabelStats {
  const width = y.rank >= 2 ? y.shape[y.rank - 1] : 1;
  const values = y.dataSync();
  const rows = width > 0 ? Math.floor(values.length / width) : 0;
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  let integerValued = true;
  let notOneHotRows = 0;
  let notDistributionRows = 0;
  const counts: number[] = [];
  const bump = (c: number) => {
    while (counts.length <= c) counts.push(0);
    counts[c]++;
  };
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    let ones = 0;
    let zeros = 0;
    let inUnit = true;
    let arg = 0;
    let best = -Infinity;
    for (let j = 0; j < width; j++) {
      const v = Number(values[r * width + j]);
      if (!Number.isFinite(v)) {
        nonFinite++;
        inUnit = false;
        continue;
      }
      if (v < min) min = v;
      if (v > max) max = v;
      if (!Number.isInteger(v)) integerValued = false;
      if (v < 0 || v > 1) inUnit = false;
      if (v === 1) ones++;
      else if (v === 0) zeros++;
      if (v > best) {
        best = v;
        arg = j;
      }
      sum += v;
    }
    if (width > 1) {
      if (!(ones === 1 && zeros === width - 1)) notOneHotRows++;
      if (!inUnit || Math.abs(sum - 1) > SUM_TOLERANCE) notDistributionRows++;
      bump(arg);
    } else {
      const v = Number(values[r]);
      if (Number.isInteger(v) && v >= 0 && v < MAX_CLASS_ID) bump(v);
    }
  }
  // A one-hot matrix whose last classes never occur still has `width` classes.
  if (width > 1) while (counts.length < width) counts.push(0);
  return {
    samples: y.shape[0] ?? rows,
    dtype: y.dtype,
    rank: y.rank,
    width,
    integerValued,
    min: Number.isFinite(min) ? min : NaN,
    max: Number.isFinite(max) ? max : NaN,
    nonFinite,
    notOneHotRows,
    notDistributionRows,
    counts,
  };
}
