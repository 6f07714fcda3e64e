import type { FileSystem } from '../effects/fs.js';

/**
 * How an existing destination file relates to its source:
 * `identical`; `destination-is-prefix` (strictly shorter, same leading bytes:
 * the conversation went on after an earlier copy); `different`.
 */
export type FileComparison = 'identical' | 'destination-is-prefix' | 'different';

/** Transcripts can be gigabytes: compare in chunks, never whole files in memory. */
const CHUNK_BYTES = 1024 * 1024;

export function compareWithSource(fs: FileSystem, source: string, destination: string): FileComparison {
  const sourceSize = fs.statSync(source).size;
  const destinationSize = fs.statSync(destination).size;
  if (destinationSize > sourceSize) return 'different';
  const sourceFd = fs.openSync(source, 'r');
  try {
    const destinationFd = fs.openSync(destination, 'r');
    try {
      const sourceChunk = Buffer.alloc(CHUNK_BYTES);
      const destinationChunk = Buffer.alloc(CHUNK_BYTES);
      for (let position = 0; position < destinationSize; position += CHUNK_BYTES) {
        const length = Math.min(CHUNK_BYTES, destinationSize - position);
        const readSource = readFully(fs, sourceFd, sourceChunk, length, position);
        const readDestination = readFully(fs, destinationFd, destinationChunk, length, position);
        // A short read means a file changed size under us: not provably a prefix.
        if (readSource !== length || readDestination !== length) return 'different';
        if (!sourceChunk.subarray(0, length).equals(destinationChunk.subarray(0, length))) return 'different';
      }
    } finally {
      fs.closeSync(destinationFd);
    }
  } finally {
    fs.closeSync(sourceFd);
  }
  return destinationSize === sourceSize ? 'identical' : 'destination-is-prefix';
}

/** `readSync` may return fewer bytes than asked; keep reading until `length` or end of file. */
function readFully(fs: FileSystem, fd: number, buffer: Buffer, length: number, position: number): number {
  let total = 0;
  while (total < length) {
    const read = fs.readSync(fd, buffer, total, length - total, position + total);
    if (read === 0) break;
    total += read;
  }
  return total;
}
