import * as nodeFs from 'node:fs';

/** The part of `fs.Stats` the migration looks at. */
export interface FileStats {
  size: number;
  mtimeMs: number;
  mtime: Date;
  mode: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The part of `fs.Dirent` the migration looks at. */
export interface DirEntry {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * The file-system effects the core uses, as a subset of Node's synchronous
 * `fs` API so that `node:fs` itself (or an in-memory `fs` such as memfs)
 * satisfies it. Passed in, so core logic tests without a disk.
 *
 * Synchronous on purpose: the store is many small files, where sync reads
 * are the fastest Node offers, and large copies go through `copyFileSync`
 * (kernel copy / reflink) which never holds a file in memory.
 */
export interface FileSystem {
  existsSync(path: string): boolean;
  statSync(path: string): FileStats;
  lstatSync(path: string): FileStats;
  readdirSync(path: string, options: { withFileTypes: true }): DirEntry[];
  readFileSync(path: string): Buffer;
  realpathSync(path: string): string;
  openSync(path: string, flags: string | number): number;
  fstatSync(fd: number): FileStats;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  closeSync(fd: number): void;
  mkdirSync(path: string, options: { recursive: true }): string | undefined;
  copyFileSync(src: string, dest: string, mode?: number): void;
  renameSync(oldPath: string, newPath: string): void;
  rmSync(path: string, options?: { recursive?: boolean; force?: boolean }): void;
  utimesSync(path: string, atime: Date | number, mtime: Date | number): void;
  writeFileSync(path: string, data: string | Uint8Array): void;
  writeSync(fd: number, data: string): number;
  fsyncSync(fd: number): void;
  truncateSync(path: string, length: number): void;
}

/** The real file system. */
export const nodeFileSystem: FileSystem = nodeFs as unknown as FileSystem;

/**
 * The realpath of `target`, or `target` itself when it cannot be resolved
 * (gone, or unreadable). Most legacy worktrees are long gone: asking first
 * is far cheaper than a thrown ENOENT.
 */
export function realpathOrSelf(fs: FileSystem, target: string): string {
  if (!fs.existsSync(target)) return target;
  try {
    return fs.realpathSync(target);
  } catch {
    return target;
  }
}

/** `stat` that answers `undefined` for a missing path instead of throwing. */
export function statOrUndefined(fs: FileSystem, path: string): FileStats | undefined {
  try {
    return fs.statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Reads `file` only when it is a regular file. Opened non-blocking, so a
 * FIFO or a device put where a file belongs can never hang the run;
 * anything but a regular file throws (code `ENOTREG`). Missing files throw
 * ENOENT as usual.
 */
export function readRegularFile(fs: FileSystem, file: string): Buffer {
  const fd = fs.openSync(file, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0));
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) {
      throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' });
    }
    // Sized by the file and one byte over: a read that stops short at the size
    // is the end (no second read per file), and a file that grew meanwhile
    // fills the spare byte and is read on to its end.
    let buffer = Buffer.allocUnsafe(stats.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === stats.size) break;
    }
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}
