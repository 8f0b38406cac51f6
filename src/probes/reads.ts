/**
 * Reading measurements back from the backend. A probe first issues its ops and gets a `PendingRead`: the
 * tensors holding its numbers and how to decode them. During fit the doctor collects every pending read
 * of a step (the loss and metric logs, and on probe steps the activation, gradient, label and input
 * statistics) and reads them all with one `await` (`StepReads`): on webgl a `dataSync` stalls the page
 * until the GPU queue drains, an awaited `data()` does not. tfjs awaits class-callback hooks and disposes
 * the batch log tensors only after the hook returns, so reading them asynchronously is safe. Checkup and
 * other one-off measurements read synchronously (`readNow`).
 */
import * as tf from '@tensorflow/tfjs-core';

export type Values = ArrayLike<number>;

export interface PendingRead<T> {
  /** The tensors to read, in the order `decode` receives their values. */
  tensors: tf.Tensor[];
  /** Whether the tensors are the read's own (disposed once read, or when the read is dropped). */
  owned: boolean;
  decode(values: Values[]): T;
}

/** A pending read that needs no tensor (a value already known). */
export const known = <T>(value: T): PendingRead<T> => ({ tensors: [], owned: false, decode: () => value });

/** Frees what a pending read owns without reading it. */
export function dropRead(read: PendingRead<unknown> | null | undefined): void {
  if (read?.owned) tf.dispose(read.tensors);
}

/** Reads one pending read synchronously (`dataSync`), for measurements outside fit's per-step path. */
export function readNow<T>(read: PendingRead<T>): T {
  try {
    return read.decode(read.tensors.map((t) => t.dataSync()));
  } finally {
    dropRead(read);
  }
}

interface Entry {
  what: string;
  read: PendingRead<unknown>;
  use: (value: unknown) => void;
}

const NO_VALUES: Values[] = [];

/**
 * The reads of one step, done together: `add` each pending read with what to do with its value, then
 * `await flush()` reads every tensor at once and hands each value over in the order added (when nothing
 * needs a tensor read, `flush` hands them over before it returns, with no await). A read that fails, or
 * whose use throws, is reported to `onError` with its name; the others go on. Owned tensors are disposed
 * in every case.
 */
export class StepReads {
  private entries: Entry[] = [];
  private tensorCount = 0;

  add<T>(what: string, read: PendingRead<T> | null | undefined, use: (value: T) => void): void {
    if (!read) return;
    this.entries.push({ what, read, use: use as (value: unknown) => void });
    this.tensorCount += read.tensors.length;
  }

  /** Reads and hands over everything added; resolved at once when no tensor needs reading. */
  flush(onError: (what: string, error: unknown) => void): Promise<void> | void {
    const entries = this.entries;
    const count = this.tensorCount;
    this.entries = [];
    this.tensorCount = 0;
    if (count === 0) return deliver(entries, NO_VALUES, undefined, onError);
    const tensors: tf.Tensor[] = [];
    for (const { read } of entries) for (const t of read.tensors) tensors.push(t);
    return Promise.all(tensors.map((t) => t.data())).then(
      (values) => deliver(entries, values, undefined, onError),
      (error: unknown) => deliver(entries, NO_VALUES, error ?? new Error('read failed'), onError),
    );
  }
}

/** Hands each entry its values (a failed read fails every entry that had tensors); frees what they own. */
function deliver(entries: Entry[], values: Values[], failure: unknown, onError: (what: string, error: unknown) => void): void {
  let at = 0;
  for (const { what, read, use } of entries) {
    const n = read.tensors.length;
    try {
      if (n && failure !== undefined) throw failure;
      use(read.decode(n ? values.slice(at, at + n) : NO_VALUES));
    } catch (e) {
      onError(what, e);
    } finally {
      dropRead(read);
    }
    at += n;
  }
}
