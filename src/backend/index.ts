/**
 * cnn-doctor/backend: fast conv-net training in Node without @tensorflow/tfjs-node, by giving
 * the tfjs wasm backend the gradient kernels it lacks. See docs/backend.md.
 */
export { setupBackend } from './setup-backend';
export type { BackendChoice, BackendName, BackendPreference, SetupBackendOptions } from './setup-backend';
export { registerWasmTrainingKernels } from './register-wasm-training-kernels';
