/**
 * cnn-doctor/data — CIFAR-10 for TensorFlow.js in Node. Node-only (fs, http, zlib): nothing in
 * the browser-safe core entry may import from this folder.
 */
export { loadCifar10 } from './load-cifar10';
export { loadCifar10Subset, bundledSubsetPath, type LoadCifar10SubsetOptions } from './subset';
export { oneHot } from './one-hot';
export { CifarDataError, type CifarDataErrorCode } from './errors';
export { createProgressBar, formatProgressLine, type ProgressEvent, type ProgressBarOptions } from './progress';
export { defaultCacheDir, type LoadCifar10Options } from './options';
export type { Cifar10Dataset, Cifar10Split } from './dataset';
export {
  CIFAR10_CLASSES,
  RECORD_BYTES,
  OFFICIAL_URL as CIFAR10_OFFICIAL_URL,
  OFFICIAL_MD5 as CIFAR10_OFFICIAL_MD5,
  SOURCE_ENV_VAR as CIFAR10_SOURCE_ENV_VAR,
  BUNDLED_SUBSET_SOURCE,
} from './constants';
