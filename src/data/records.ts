import { CifarDataError } from './errors';
import { CHANNELS, IMAGE_BYTES, NUM_CLASSES, PIXELS_PER_CHANNEL, RECORD_BYTES } from './constants';

/** Decoded records, ready to become tensors: `pixels` is NHWC, `labels` are 0–9. */
export interface DecodedSplit {
  pixels: Float32Array;
  labels: Int32Array;
  count: number;
}

/** Allocates room for `count` records; filled chunk by chunk with {@link decodeRecordsInto}. */
export function allocateSplit(count: number): DecodedSplit {
  return { pixels: new Float32Array(count * IMAGE_BYTES), labels: new Int32Array(count), count };
}

/**
 * Decodes whole records from `bytes` into `split` starting at record `firstIndex`, turning the
 * planar CHW layout of the file (all red, then green, then blue) into interleaved NHWC.
 * `file` and `fileRecordOffset` only serve error messages (which record of which file is bad).
 */
export function decodeRecordsInto(
  split: DecodedSplit,
  firstIndex: number,
  bytes: Uint8Array,
  scale: number,
  file: string,
  fileRecordOffset: number,
  fixForBadFile: string,
): number {
  // Locals, not the imported constants: once transpiled to CommonJS (jest, tsx) every access to an
  // import is a getter call, which made this loop ~10× slower.
  const [recordBytes, planeSize, channels, imageBytes, numClasses] = [RECORD_BYTES, PIXELS_PER_CHANNEL, CHANNELS, IMAGE_BYTES, NUM_CLASSES];
  const pixels = split.pixels;
  const records = Math.floor(bytes.length / recordBytes);
  for (let r = 0; r < records; r++) {
    const base = r * recordBytes;
    const label = bytes[base];
    if (label >= numClasses) {
      throw new CifarDataError(
        'bad_label',
        `Record ${fileRecordOffset + r} of ${file} has label ${label}, but CIFAR-10 labels are 0–9` +
          (label < 100 ? ' (is this CIFAR-100? Its binary records have 2 label bytes and are 3074 bytes long).' : '.'),
        fixForBadFile,
        { file },
      );
    }
    const index = firstIndex + r;
    split.labels[index] = label;
    // One planar channel at a time: sequential reads, stride-3 writes (the hot loop of a full load).
    for (let c = 0; c < channels; c++) {
      const plane = base + 1 + c * planeSize;
      for (let p = 0, out = index * imageBytes + c; p < planeSize; p++, out += channels) {
        pixels[out] = bytes[plane + p] * scale;
      }
    }
  }
  return records;
}

/** Checks a batch file's byte size; a partial record means truncation or a different format. */
export function assertWholeRecords(file: string, sizeBytes: number, fixForBadFile: string): number {
  if (sizeBytes === 0 || sizeBytes % RECORD_BYTES !== 0) {
    const whole = Math.floor(sizeBytes / RECORD_BYTES);
    throw new CifarDataError(
      'bad_record_size',
      `${file} is ${sizeBytes} bytes, which is not a whole number of ${RECORD_BYTES}-byte CIFAR-10 records ` +
        `(${whole} records + ${sizeBytes % RECORD_BYTES} stray bytes): the file is truncated or is not CIFAR-10 binary.`,
      fixForBadFile,
      { file },
    );
  }
  return sizeBytes / RECORD_BYTES;
}
