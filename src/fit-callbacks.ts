/**
 * Part of the tfjs adapter: makes any mix of callbacks work in `fit`. tfjs-layers looks only at
 * `callbacks[0]`: if it is a class callback, every entry must be one (a plain object after it breaks fit
 * with "setParams is not a function"); if not, every entry is wrapped as a plain object (a class callback
 * after it loses its model and `this`). The doctor speaks both forms; this wrapper, on the model instance,
 * puts a list holding class callbacks into class form before tfjs sees it — plain objects become
 * `tf.CustomCallback`s with fit's `yieldEvery`, and an empty one goes first when the doctor is — so
 * `[doctor, tf.callbacks.earlyStopping(), { onEpochEnd }]` works in any order. A list of plain objects and
 * the doctor passes unchanged (tfjs wraps it, yielding to the browser as it does). The wrapper also tells
 * each doctor that a fit is starting, before tfjs asks for its train function (see DoctorEngine.followInner).
 * Removed by `detach()`.
 */
import { CustomCallback } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { errorText } from './util';

type FitLike = (...args: unknown[]) => Promise<unknown>;
interface Hooked extends FitLike {
  users: number;
  /** Called as each fit starts, before the original fit runs: one per doctor on this model. */
  starting: Set<() => void>;
}

const isClassCallback = (c: unknown) => !!c && typeof (c as { setParams?: unknown }).setParams === 'function';

/** The callbacks of one fit call, normalised when they mix the two forms. */
function normalised(args: unknown): unknown {
  const a = args as { callbacks?: unknown; yieldEvery?: unknown } | undefined;
  if (!a || !Array.isArray(a.callbacks)) return args;
  const list = a.callbacks as unknown[];
  // The doctor has both forms: it counts as neither here.
  const classes = list.filter((c) => isClassCallback(c) && !isBoth(c)).length;
  if (classes === 0) return args;
  // Class form for all: plain objects wrapped, and a first entry tfjs recognises as a class callback. That
  // entry is an empty CustomCallback with fit's yieldEvery, so the page still gets its frames (tfjs yields
  // only through CustomCallback).
  const callbacks = list.map((c) => (isClassCallback(c) ? c : new CustomCallback(c as never, a.yieldEvery as never)));
  const first = list[0];
  if (!isClassCallback(first) || isBoth(first)) callbacks.unshift(new CustomCallback({}, a.yieldEvery as never));
  return { ...a, callbacks };
}

/** The doctor carries both forms (class methods and bound hooks). */
const isBoth = (c: unknown) => !!c && (c as { [BOTH]?: boolean })[BOTH] === true;
export const BOTH = Symbol.for('cnn-doctor.bothCallbackForms');

/**
 * Wraps `fit` and `fitDataset` on the model instance; `onStart` runs as each fit starts. Returns the
 * function that removes the wrappers (and `onStart`).
 */
export function normaliseFitCallbacks(model: LayersModel, onStart: () => void = () => {}): () => void {
  const target = model as unknown as Record<'fit' | 'fitDataset', FitLike | Hooked>;
  const undo = (['fit', 'fitDataset'] as const).map((method) => {
    const current = target[method];
    if ((current as Hooked).users !== undefined) {
      (current as Hooked).users++;
      (current as Hooked).starting.add(onStart);
    } else {
      const hadOwn = Object.prototype.hasOwnProperty.call(target, method);
      const original = current as FitLike;
      const hooked = Object.assign(
        function (this: unknown, ...args: unknown[]) {
          for (const start of hooked.starting) {
            try {
              start();
            } catch (e) {
              console.error(`[cnn-doctor] internal error as fit starts, training continues: ${errorText(e)}`);
            }
          }
          const at = method === 'fit' ? 2 : 1;
          const next = [...args];
          next[at] = normalised(args[at]);
          return original.apply(this, next);
        },
        { users: 1, starting: new Set([onStart]), original, hadOwn },
      );
      target[method] = hooked;
    }
    return () => {
      const hooked = target[method] as Hooked & { original?: FitLike; hadOwn?: boolean };
      if (hooked.users === undefined) return;
      hooked.starting.delete(onStart);
      if (--hooked.users > 0) return;
      if (hooked.hadOwn) target[method] = hooked.original!;
      else delete (target as Partial<typeof target>)[method];
    };
  });
  return () => undo.forEach((u) => u());
}
