/**
 * Plumbing shared by the wasm training kernels: a minimal view of the wasm backend (so our
 * type declarations do not depend on @tensorflow/tfjs-backend-wasm being installed) and a
 * scope that runs other wasm kernels and disposes every intermediate it created.
 *
 * Why a scope: a kernel function runs below tfjs's engine, so nothing it allocates is tracked
 * by `tf.tidy`. Every intermediate buffer must be freed by hand or the wasm heap grows forever.
 */
import * as tf from '@tensorflow/tfjs-core';

type DataType = tf.DataType;
type TensorInfo = tf.TensorInfo;

/** The members of tfjs-backend-wasm's BackendWasm that the kernels use. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

export type KernelArgs = Parameters<tf.KernelFunc>[0];

export class WasmKernelScope {
  private readonly owned: TensorInfo[] = [];

  constructor(readonly backend: WasmBackendLike) {}

  /** Runs a wasm kernel that returns one tensor; the result is disposed by `dispose()` unless kept. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): TensorInfo {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (kernel == null) {
      throw new Error(`cnn-doctor: the wasm backend has no '${kernelName}' kernel.`);
    }
    const result = kernel.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(result)) {
      throw new Error(`cnn-doctor: wasm kernel '${kernelName}' returned several tensors; expected one.`);
    }
    this.owned.push(result);
    return result;
  }

  /** Allocates an uninitialised buffer on the wasm heap, owned by this scope. */
  make(shape: number[], dtype: DataType): TensorInfo {
    const info = this.backend.makeOutput(shape, dtype);
    this.owned.push(info);
    return info;
  }

  /** Hands `info` to the caller: it will be returned to the engine, so the scope must not free it. */
  keep(info: TensorInfo): TensorInfo {
    const index = this.owned.findIndex((t) => t.dataId === info.dataId);
    if (index < 0) {
      throw new Error('cnn-doctor: keep() was given a tensor this scope does not own.');
    }
    this.owned.splice(index, 1);
    return info;
  }

  /** Frees a scope-owned intermediate early (to bound peak heap use inside a loop). */
  release(info: TensorInfo): void {
    const index = this.owned.findIndex((t) => t.dataId === info.dataId);
    if (index < 0) throw new Error('cnn-doctor: release() was given a tensor this scope does not own.');
    this.owned.splice(index, 1);
    this.backend.disposeData(info.dataId);
  }

  /** Typed-array view of a tensor on the wasm heap. Re-read after every allocation: growing the heap detaches old views. */
  floats(info: TensorInfo): Float32Array {
    const view = this.backend.typedArrayFromHeap(info);
    if (!(view instanceof Float32Array)) {
      throw new Error(`cnn-doctor: expected a float32 tensor, got ${info.dtype}.`);
    }
    return view;
  }

  dispose(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.length = 0;
  }
}

/**
 * Runs `body` with a fresh scope, returning the tensor it produced and freeing everything else,
 * also when `body` throws.
 */
export function withScope(backend: WasmBackendLike, body: (scope: WasmKernelScope) => TensorInfo): TensorInfo {
  const scope = new WasmKernelScope(backend);
  try {
    return scope.keep(body(scope));
  } finally {
    scope.dispose();
  }
}

/** Same buffer, new shape (a view: no copy, no new reference; never dispose it separately). */
export function reshaped(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}
