import { createHash } from 'node:crypto';
import type { FileSystem } from '../effects/fs.js';

const CHUNK_BYTES = 1 << 20;
/** One buffer for every file (hashing is synchronous): a fresh megabyte per copied transcript would pile up until GC. */
let chunk: Buffer | undefined;

/** SHA-256 (hex) and size of a file, read in chunks: transcripts can be larger than memory should hold. */
export function hashFile(fs: FileSystem, file: string): { size: number; sha256: string } {
  const hash = createHash('sha256');
  const buffer = (chunk ??= Buffer.allocUnsafe(CHUNK_BYTES));
  const fd = fs.openSync(file, 'r');
  let size = 0;
  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      size += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { size, sha256: hash.digest('hex') };
}

/** SHA-256 (hex) and size of bytes about to be written: what `hashFile` will say of the file. */
export function hashBytes(bytes: Uint8Array): { size: number; sha256: string } {
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
