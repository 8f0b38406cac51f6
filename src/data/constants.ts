/** Layout of the canonical CIFAR-10 binary distribution (https://www.cs.toronto.edu/~kriz/cifar.html). */

/** Class names in label order: label `i` is `CIFAR10_CLASSES[i]`. */
export const CIFAR10_CLASSES: readonly string[] = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

export const NUM_CLASSES = 10;
export const IMAGE_SIZE = 32;
export const CHANNELS = 3;
export const PIXELS_PER_CHANNEL = IMAGE_SIZE * IMAGE_SIZE; // 1024
export const IMAGE_BYTES = PIXELS_PER_CHANNEL * CHANNELS; // 3072
/** 1 label byte, then 1024 red, 1024 green, 1024 blue bytes (each plane row-major 32×32). */
export const RECORD_BYTES = 1 + IMAGE_BYTES; // 3073

/** Folder name inside the official archive; extracted sources are recognised by it. */
export const BATCHES_DIR_NAME = 'cifar-10-batches-bin';
export const TRAIN_BATCH_FILES: readonly string[] = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const TEST_BATCH_FILE = 'test_batch.bin';
export const META_FILE = 'batches.meta.txt';

export const OFFICIAL_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
/** md5 published for the official archive; only applied when the official URL is the source. */
export const OFFICIAL_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

/** Environment variable that replaces the default source (URL, .tar.gz path or extracted folder). */
export const SOURCE_ENV_VAR = 'CNN_DOCTOR_CIFAR10';

/** `source` reported when the loader falls back to the subset shipped inside the package. */
export const BUNDLED_SUBSET_SOURCE = 'bundled-subset';
