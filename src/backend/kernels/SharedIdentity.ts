/**
 * `Identity` and same-dtype `Cast` on wasm without a copy.
 *
 * tfjs-wasm copies the whole buffer for both. In training that matters: the engine clones every
 * kernel input it saves for the backward pass (`saveTensorsForBackwardMode` → `Identity`), and
 * `tf.moments` / Relu's gradient cast float32 tensors to float32 — ~50 full-size copies per step
 * of the reference CNN (~20 ms). Tensors are immutable, so, like the cpu and webgl backends'
 * Identity, the output shares the input's buffer and the backend's reference count goes up by
 * one (`incRef`, as tfjs-wasm's own Reshape does); the buffer is freed when the last tensor
 * using it is disposed. Strings and real dtype conversions go to tfjs-wasm's kernels.
 */
import type * as tf from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

let sharing = true;

/** For benchmarks: copy again (tfjs-wasm's kernels) while false. */
export function setSharedIdentity(enabled: boolean): void {
  sharing = enabled;
}

function share(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

export function sharedIdentityKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (!sharing || x.dtype === 'string' || x.dtype === 'complex64') return original(args);
    return share(x, args.backend);
  };
}

export function sharedCastKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = args.attrs as { dtype: tf.DataType };
    if (!sharing || dtype !== x.dtype || x.dtype === 'string' || x.dtype === 'complex64') return original(args);
    return share(x, args.backend);
  };
}
