import * as tf from '@tensorflow/tfjs-core';
import { CnnDoctorError } from '../errors';
import { errorText } from '../util';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface BackendChoice {
  name: BackendName;
  /** One line saying why this backend was chosen, for the caller to print. */
  reason: string;
}

export interface SetupBackendOptions {
  /** Receives the one-line choice; the library prints nothing on its own. */
  log?: (line: string) => void;
}

const TFJS_NODE = '@tensorflow/tfjs-node';
const TFJS_WASM = '@tensorflow/tfjs-backend-wasm';
const TFJS_CPU = '@tensorflow/tfjs-backend-cpu';

/**
 * Loads the optional package behind a backend, or says which one to install. The specifier is a
 * variable so bundlers leave these optional peers as runtime imports.
 */
async function importOptional(specifier: string, backend: BackendName): Promise<void> {
  try {
    await import(specifier);
  } catch (error) {
    throw new CnnDoctorError(
      'backend_unavailable',
      `the '${backend}' backend needs ${specifier}, which could not be loaded (${errorText(error)}).`,
      `npm i ${specifier}${backend === 'tensorflow' ? `, or use setupBackend('wasm')` : ''}`,
      [],
      { cause: error },
    );
  }
}

async function activate(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) {
    throw new CnnDoctorError('backend_unavailable', `tf.setBackend('${name}') failed to initialise the backend.`, `try setupBackend('auto'), or another backend: tensorflow, wasm or cpu`);
  }
  await tf.ready();
}

async function useTensorflow(): Promise<BackendChoice> {
  await importOptional(TFJS_NODE, 'tensorflow');
  await activate('tensorflow');
  return { name: 'tensorflow', reason: `${TFJS_NODE} is installed: native TensorFlow (fastest)` };
}

async function useWasm(why: string): Promise<BackendChoice> {
  await importOptional(TFJS_WASM, 'wasm');
  registerWasmTrainingKernels();
  await activate('wasm');
  return { name: 'wasm', reason: `${why}: wasm (XNNPACK) with cnn-doctor's training kernels` };
}

async function useCpu(why: string): Promise<BackendChoice> {
  await importOptional(TFJS_CPU, 'cpu');
  await activate('cpu');
  return { name: 'cpu', reason: `${why}: pure-JS cpu backend (slow: expect seconds per conv-net step)` };
}

async function chooseAutomatically(): Promise<BackendChoice> {
  try {
    return await useTensorflow();
  } catch {
    // Not installed (the common case); fall through to wasm.
  }
  try {
    return await useWasm(`${TFJS_NODE} is not installed`);
  } catch (error) {
    return useCpu(`neither ${TFJS_NODE} nor ${TFJS_WASM} could be used (${errorText(error)})`);
  }
}

/**
 * Selects the fastest available backend for training in Node and says why.
 *
 * - 'auto' (default): tfjs-node's 'tensorflow' if installed, else 'wasm' with cnn-doctor's
 *   training kernels, else 'cpu'.
 * - 'tensorflow' | 'wasm' | 'cpu': that backend, or a CnnDoctorError (code `backend_unavailable`)
 *   naming the package to install.
 *
 * Call it (and await it) before creating any tensor or model: tensors live in the backend that
 * was active when they were made. Importing @tensorflow/tfjs-backend-wasm alone already makes
 * wasm the highest-priority backend. Idempotent: calling it again re-selects the same backend.
 */
export async function setupBackend(
  preference: BackendPreference = 'auto',
  options: SetupBackendOptions = {},
): Promise<BackendChoice> {
  let choice: BackendChoice;
  switch (preference) {
    case 'auto':
      choice = await chooseAutomatically();
      break;
    case 'tensorflow':
      choice = await useTensorflow();
      break;
    case 'wasm':
      choice = await useWasm('requested');
      break;
    case 'cpu':
      choice = await useCpu('requested');
      break;
    default:
      throw new CnnDoctorError('invalid_options', `unknown backend ${JSON.stringify(preference)}.`, `use 'auto', 'tensorflow', 'wasm' or 'cpu'`, [
        { path: 'preference', message: `expected 'auto' | 'tensorflow' | 'wasm' | 'cpu', received ${JSON.stringify(preference)}` },
      ]);
  }
  options.log?.(`cnn-doctor backend: ${choice.name} (${choice.reason})`);
  return choice;
}
