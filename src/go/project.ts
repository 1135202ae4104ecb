import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { parseGoMod, parseGoWork, type GoMod, type GoWork } from './gomod.js';

/** What a Dockerfile's build context holds that matters for module downloads. */
export interface GoProject {
  /** The build context directory (absolute). */
  dir: string;
  goMod: GoMod | null;
  hasGoSum: boolean;
  goWork: GoWork | null;
  /** go.work members, relative to `dir`, posix-style, each with whether it has a go.sum. */
  members: Array<{ dir: string; goMod: GoMod | null; hasGoSum: boolean }>;
  /** `vendor/modules.txt` exists: builds use the vendor directory, no download needed. */
  vendored: boolean;
  dockerignore: { path: string; content: string } | null;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads the Go module facts of a build context directory. Never throws on missing files. */
export function readGoProject(dir: string): GoProject {
  const abs = resolve(dir);
  const goModText = read(join(abs, 'go.mod'));
  const goWorkText = read(join(abs, 'go.work'));
  const goWork = goWorkText === null ? null : parseGoWork(goWorkText);
  const members = (goWork?.use ?? []).map((use) => {
    const memberDir = toPosix(relative(abs, resolve(abs, use))) || '.';
    const text = read(join(abs, memberDir, 'go.mod'));
    return { dir: memberDir, goMod: text === null ? null : parseGoMod(text), hasGoSum: existsSync(join(abs, memberDir, 'go.sum')) };
  });
  const dockerignoreText = read(join(abs, '.dockerignore'));
  return {
    dir: abs,
    goMod: goModText === null ? null : parseGoMod(goModText),
    hasGoSum: existsSync(join(abs, 'go.sum')),
    goWork,
    members,
    vendored: existsSync(join(abs, 'vendor', 'modules.txt')),
    dockerignore: dockerignoreText === null ? null : { path: join(abs, '.dockerignore'), content: dockerignoreText },
  };
}

/**
 * Guesses the build context of a Dockerfile: the nearest directory at or above it that holds a
 * go.work or go.mod, not leaving the repository (a directory with `.git`). Null when there is
 * none: the context is then unknown, and rules that need it stay quiet or offer only unsafe fixes.
 */
export function findBuildContext(dockerfilePath: string): string | null {
  let dir = dirname(resolve(dockerfilePath));
  for (;;) {
    if (existsSync(join(dir, 'go.work')) || existsSync(join(dir, 'go.mod'))) return dir;
    if (isDir(join(dir, '.git'))) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function toPosix(p: string): string {
  return p.split(sep).join(posix.sep);
}
