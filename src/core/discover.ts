import { statSync } from 'node:fs';
import fg from 'fast-glob';
import { describeFsError, InputError } from './read-dockerfile.js';

/** File names gomod-fix treats as Dockerfiles when sweeping a directory. */
export const DOCKERFILE_PATTERNS = ['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile', '**/Containerfile.*'];
const ALWAYS_SKIPPED = ['**/.git/**', '**/node_modules/**', '**/vendor/**'];

export interface Discovery {
  files: string[];
  errors: InputError[];
}

/**
 * Expands the paths a user named: files are taken as they are (whatever their name); directories
 * are walked for Dockerfiles without following symlinks. Results are sorted for a stable order.
 */
export function discover(paths: readonly string[]): Discovery {
  const files = new Set<string>();
  const errors: InputError[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (error) {
      errors.push(new InputError(path, describeFsError(error, 'read')));
      continue;
    }
    if (!isDir) {
      files.add(path);
      continue;
    }
    const found = fg.sync(DOCKERFILE_PATTERNS, {
      cwd: path,
      ignore: ALWAYS_SKIPPED,
      followSymbolicLinks: false,
      onlyFiles: true,
      dot: true,
      suppressErrors: true,
    });
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const f of found) files.add(path === '.' ? f : prefix + f);
  }
  return { files: [...files].sort(), errors };
}
