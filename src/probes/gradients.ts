/**
 * Real gradients and update sizes at zero extra forward/backward cost. `fit` ends every step in
 * `optimizer.applyGradients(grads)` (tfjs-core optimizers/optimizer.ts); wrapping that method on the
 * optimizer instance sees the step's true gradients. On probe steps only, it measures per layer
 * ‖g‖, ‖θ‖ before the step and ‖Δθ‖ after it (one weight snapshot); the norms stay on the backend as
 * two packed tensors, read later with the step's other reads (`onMeasured` gets the pending read). On
 * other steps it is a plain pass-through. The original method is always called exactly once with the
 * same arguments, so training is unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerProbe } from '../record';
import { dropRead, type PendingRead } from './reads';

type NamedTensor = { name: string; tensor: tf.Tensor };
type Grads = tf.NamedTensorMap | NamedTensor[];
type Optimizer = { applyGradients: (g: Grads) => void };

export interface GradientProbeConfig {
  /** Variable name → layer name. */
  layerOf: Map<string, string>;
  shouldProbe: () => boolean;
  measureGradients: boolean;
  measureUpdates: boolean;
  /** Gets the step's measurement, to read (which frees its tensors). */
  onMeasured: (perLayer: PendingRead<Record<string, LayerProbe>>) => void;
  onError: (error: unknown) => void;
}

export function watchGradients(optimizer: tf.Optimizer, config: GradientProbeConfig): () => void {
  const target = optimizer as unknown as Optimizer;
  const hadOwn = Object.prototype.hasOwnProperty.call(target, 'applyGradients');
  const original = target.applyGradients;
  const hooked = function (this: Optimizer, grads: Grads): void {
    if (!config.shouldProbe()) return original.call(this, grads);
    let pending: Pending | null = null;
    try {
      pending = measureBefore(grads, config);
    } catch (error) {
      config.onError(error);
    }
    let handedOver = false;
    try {
      const result = original.call(this, grads);
      if (pending) {
        let read: PendingRead<Record<string, LayerProbe>> | null = null;
        try {
          read = measureAfter(pending, config);
          handedOver = true;
          config.onMeasured(read);
        } catch (error) {
          dropRead(read);
          config.onError(error);
        }
      }
      return result;
    } finally {
      // Also when the optimizer itself throws: the snapshots are ours to free (and `before`, unless handed over).
      if (pending) {
        tf.dispose(pending.snapshots);
        if (!handedOver) pending.before.dispose();
      }
    }
  };
  target.applyGradients = hooked;
  return () => {
    if (target.applyGradients !== hooked) return;
    if (hadOwn) target.applyGradients = original;
    else delete (target as Partial<Optimizer>).applyGradients;
  };
}

interface Pending {
  names: string[];
  /** [max|g|, Σ(g/max|g|)², max|θ|, Σ(θ/max|θ|)²] per variable, packed (see scaledSquares). */
  before: tf.Tensor;
  snapshots: tf.Tensor[];
}

/**
 * [m, Σ(x/m)²] with m = max|x|, so ‖x‖² = m²·Σ(x/m)² can be formed in float64 in JS. A plain float32
 * Σx² overflows to Infinity once weights pass ≈ 1e19 — large but finite weights would then read as
 * "non-finite" (nan_loss's weights rule) while the loss is still a finite 3e25 (detection zoo). NaN or
 * Infinity in x still give a non-finite m, as they should. Call inside tidy.
 */
function scaledSquares(x: tf.Tensor): tf.Tensor[] {
  const m = tf.max(tf.abs(x));
  const safe = tf.maximum(m, 1e-30); // all-zero tensors: Σ(0/1e-30)² = 0
  return [m, tf.sum(tf.square(tf.div(x, safe)))];
}

/** ‖x‖² from a [m, Σ(x/m)²] pair, in float64. */
const squaredNorm = (packed: ArrayLike<number>, at: number): number => packed[at] * packed[at] * packed[at + 1];

function measureBefore(grads: Grads, config: GradientProbeConfig): Pending {
  const entries: [string, tf.Tensor][] = Array.isArray(grads)
    ? grads.map((g) => [g.name, g.tensor] as [string, tf.Tensor])
    : Object.entries(grads);
  const variables = tf.engine().registeredVariables;
  const known = entries.filter(([name]) => variables[name] && config.layerOf.has(name));
  const names = known.map(([name]) => name);
  // Kept: fit's step runs inside a tidy, and `before` is read after it ends.
  const before = tf.keep(
    tf.tidy(() =>
      tf.stack(known.flatMap(([name, g]) => [...(config.measureGradients ? scaledSquares(g) : [tf.scalar(0), tf.scalar(0)]), ...scaledSquares(variables[name])])),
    ),
  );
  const snapshots: tf.Tensor[] = [];
  try {
    if (config.measureUpdates) for (const name of names) snapshots.push(tf.clone(variables[name]));
  } catch (error) {
    tf.dispose([before, ...snapshots]);
    throw error;
  }
  return { names, before, snapshots };
}

/** The update sizes, now that the step has run (the snapshots can go); the read of both packed tensors is the caller's. */
function measureAfter(pending: Pending, config: GradientProbeConfig): PendingRead<Record<string, LayerProbe>> {
  const variables = tf.engine().registeredVariables;
  const packed = pending.snapshots.length
    ? tf.keep(tf.tidy(() => tf.stack(pending.names.flatMap((name, i) => scaledSquares(tf.sub(variables[name], pending.snapshots[i]))))))
    : null;
  return {
    tensors: packed ? [pending.before, packed] : [pending.before],
    owned: true,
    decode: ([squared, deltas]) => perLayer(pending.names, squared, deltas ?? null, config),
  };
}

function perLayer(names: string[], squared: ArrayLike<number>, deltas: ArrayLike<number> | null, config: GradientProbeConfig): Record<string, LayerProbe> {
  const sums = new Map<string, { g: number; w: number; d: number }>();
  names.forEach((name, i) => {
    const layer = config.layerOf.get(name)!;
    const s = sums.get(layer) ?? { g: 0, w: 0, d: 0 };
    s.g += squaredNorm(squared, 4 * i);
    s.w += squaredNorm(squared, 4 * i + 2);
    if (deltas) s.d += squaredNorm(deltas, 2 * i);
    sums.set(layer, s);
  });
  const out: Record<string, LayerProbe> = {};
  for (const [layer, s] of sums) {
    const weightNorm = Math.sqrt(s.w);
    out[layer] = {
      gradNorm: config.measureGradients ? Math.sqrt(s.g) : undefined,
      weightNorm,
      // Guard the denominator: zero-initialised weights make the first ratio meaningless, not huge.
      updateRatio: deltas && weightNorm > 1e-8 ? Math.sqrt(s.d) / weightNorm : undefined,
    };
  }
  return out;
}
