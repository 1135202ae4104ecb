import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError, InputError, type LoadedFile } from './read-dockerfile.js';

/**
 * Replaces a file's contents atomically: writes a temporary file in the same directory, flushes
 * it, and renames it over the original, keeping the file mode. A failure at any point leaves the
 * original as it was. Refuses when the file changed on disk since it was read.
 */
export function writeFileAtomic(path: string, text: string, original: LoadedFile | null): void {
  if (original) {
    let current: string;
    try {
      const stat = statSync(path);
      current = stat.size === original.size && stat.mtimeMs === original.mtimeMs ? original.text : readFileSync(path, 'utf8');
    } catch (error) {
      throw new InputError(path, describeFsError(error, 'read'));
    }
    if (current !== original.text && current !== stripBom(original.text)) {
      throw new InputError(path, 'changed on disk while being processed; skipped (run again)');
    }
  }
  const tmp = join(dirname(path), `.${basename(path)}.gomod-fix-${process.pid}-${Date.now()}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', original ? original.mode & 0o7777 : 0o644);
    writeSync(fd, text, null, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // The temporary file may never have been created.
    }
    throw new InputError(path, describeFsError(error, 'write'));
  }
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
