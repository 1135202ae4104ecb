import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';

/** A Dockerfile that cannot be processed, with where and why. */
export class InputError extends Error {
  constructor(
    readonly path: string,
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** `path:line:column: message`, the shape editors and CI logs link. */
  get located(): string {
    const where = this.line === null ? this.path : `${this.path}:${this.line}${this.column === null ? '' : `:${this.column}`}`;
    return `${where}: ${this.message}`;
  }
}

/** Files larger than this are refused: real Dockerfiles are a few kilobytes, and a huge one is almost surely not a Dockerfile. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;

export interface LoadedFile {
  path: string;
  text: string;
  mode: number;
  mtimeMs: number;
  size: number;
}

/** Reads a Dockerfile as UTF-8 text, refusing directories, binary files and invalid UTF-8 with a located message. */
export function readDockerfile(path: string): LoadedFile {
  const { stat, bytes } = openedRead(path) ?? pathRead(path);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const line = countLines(bytes, nul);
    throw new InputError(path, 'is a binary file (contains a NUL byte), not a Dockerfile', line, null);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(path, 'is not valid UTF-8 text', firstInvalidUtf8Line(bytes), null);
  }
  // TextDecoder drops a BOM; keep it so it is written back.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = '\uFEFF' + text;
  return { path, text, mode: stat.mode, mtimeMs: stat.mtimeMs, size: stat.size };
}

/** stat, checks, read: by path (the reference behaviour, and every error message). */
function pathRead(path: string): { stat: Stats; bytes: Buffer } {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new InputError(path, describeFsError(error, 'read'));
  }
  checkStat(path, stat);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(path, describeFsError(error, 'read'));
  }
  return { stat, bytes };
}

function checkStat(path: string, stat: Stats): void {
  if (stat.isDirectory()) throw new InputError(path, 'is a directory, not a Dockerfile');
  if (!stat.isFile()) throw new InputError(path, 'is not a regular file');
  if (stat.size > MAX_DOCKERFILE_BYTES) throw new InputError(path, `is ${stat.size} bytes; Dockerfiles over ${MAX_DOCKERFILE_BYTES} bytes are not processed`);
}

/**
 * The same, through one open file: fstat instead of a second lookup of the path (readFileSync
 * opens and fstats anyway), one syscall less per Dockerfile. O_NONBLOCK so that opening a FIFO
 * cannot hang (fstat then refuses it, as stat did). Returns null when the open or a read fails:
 * pathRead then gives the reference answer and message (a directory or file we may stat but not
 * open, for one, is reported by what stat says).
 */
function openedRead(path: string): { stat: Stats; bytes: Buffer } | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    checkStat(path, stat);
    // As readFileSync: `size` bytes (fewer at an early end of file); a size of 0 reads to the end.
    if (stat.size === 0) return { stat, bytes: readFileSync(fd) };
    const buffer = Buffer.allocUnsafe(stat.size);
    let total = 0;
    while (total < stat.size) {
      const n = readSync(fd, buffer, total, stat.size - total, null);
      if (n === 0) break;
      total += n;
    }
    return { stat, bytes: total === stat.size ? buffer : buffer.subarray(0, total) };
  } catch (error) {
    if (error instanceof InputError) throw error;
    return null;
  } finally {
    closeSync(fd);
  }
}

function countLines(bytes: Buffer, upto: number): number {
  let line = 1;
  for (let i = 0; i < upto; i++) if (bytes[i] === 10) line++;
  return line;
}

function firstInvalidUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

export function describeFsError(error: unknown, action: 'read' | 'write'): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (cannot ${action})`;
    case 'EROFS':
      return 'read-only file system (cannot write)';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'EISDIR':
      return 'is a directory, not a Dockerfile';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return `cannot ${action}: ${(error as Error).message}`;
  }
}
