import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
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

/** An entry's type as readdir tells it, without following symbolic links. */
const Kind = {
  File: 0,
  Dir: 1,
  /** A symbolic link or something else (socket, fifo, device): the path is asked directly. */
  Other: 2,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface Listing {
  kinds: Map<string, Kind>;
  /** Lower-cased names, to notice a name that a case-insensitive file system would match (built when first needed). */
  lower: Set<string> | null;
}

function toListing(entries: readonly Dirent[]): Listing {
  const kinds = new Map<string, Kind>();
  for (const e of entries) kinds.set(e.name, e.isFile() ? Kind.File : e.isDirectory() ? Kind.Dir : Kind.Other);
  return { kinds, lower: null };
}

/**
 * Directory listings, read once per directory. A sweep asks the same few questions (go.mod here?
 * go.work? .git? go.sum?) of every directory from each Dockerfile up to its build context; one
 * readdir answers them all, where separate exists/read calls cost a syscall each and a failing
 * read an exception (measured over 9,300 directories: a readdir costs about three existsSync
 * calls, a failing readFileSync about one successful read). The answers are exactly what the
 * direct calls would give: a name that is not listed does not exist (and is not read), a listed
 * regular file or directory is taken as such, and anything else (a symbolic link, a name
 * differing only in case on a case-insensitive file system, an unlistable directory) falls back
 * to the direct call. Keep one per sweep: the sweep writes only Dockerfiles (and `.dockerignore`
 * after all files are processed), never what is looked up here.
 */
export class DirectoryCache {
  private readonly listings = new Map<string, Listing | null>();
  /** Listings the directory walk already read, converted when first asked. */
  private readonly seeded = new Map<string, readonly Dirent[]>();
  private readonly contexts = new Map<string, string | null>();
  private readonly projects = new Map<string, GoProject>();

  /** Takes a listing read elsewhere in this sweep (the directory walk), so it is not read again. */
  seed(dir: string, entries: readonly Dirent[]): void {
    if (!this.listings.has(dir)) this.seeded.set(dir, entries);
  }

  private listing(dir: string): Listing | null {
    let listing = this.listings.get(dir);
    if (listing !== undefined) return listing;
    const seeded = this.seeded.get(dir);
    if (seeded !== undefined) {
      this.seeded.delete(dir);
      listing = toListing(seeded);
    } else {
      try {
        listing = toListing(readdirSync(dir, { withFileTypes: true }));
      } catch {
        // Not listable (no read permission, not a directory, gone): ask each path directly.
        listing = null;
      }
    }
    this.listings.set(dir, listing);
    return listing;
  }

  /** The entry's kind when the listing settles it; undefined: absent; null: ask the path. */
  private kind(dir: string, name: string): Kind | undefined | null {
    const listing = this.listing(dir);
    if (listing === null) return null;
    const kind = listing.kinds.get(name);
    if (kind !== undefined) return kind === Kind.Other ? null : kind;
    listing.lower ??= new Set([...listing.kinds.keys()].map((n) => n.toLowerCase()));
    return listing.lower.has(name.toLowerCase()) ? null : undefined;
  }

  /** Same as `existsSync(join(dir, name))`. */
  exists(dir: string, name: string): boolean {
    const kind = this.kind(dir, name);
    return kind === null ? existsSync(join(dir, name)) : kind !== undefined;
  }

  /** Same as `statSync(join(dir, name)).isDirectory()`, false when that throws. */
  isDir(dir: string, name: string): boolean {
    const kind = this.kind(dir, name);
    if (kind === null) return isDir(join(dir, name));
    return kind === Kind.Dir;
  }

  /** Same as `readFileSync(join(dir, name), 'utf8')`, null when that throws; an absent name is not read. */
  read(dir: string, name: string): string | null {
    return this.kind(dir, name) === undefined ? null : readTextFile(join(dir, name));
  }

  /** findBuildContext's answer for a directory, remembered. */
  context(dir: string): string | null {
    const context = this.contexts.get(dir);
    return context === undefined ? this.findContext(dir) : context;
  }

  /** The walk up from `start`; every directory passed on the way has the same answer, remembered. */
  private findContext(start: string): string | null {
    const passed: string[] = [];
    let dir = start;
    let found: string | null = null;
    for (;;) {
      passed.push(dir);
      if (this.exists(dir, 'go.work') || this.exists(dir, 'go.mod')) {
        found = dir;
        break;
      }
      if (this.isDir(dir, '.git')) break;
      const parent = dirname(dir);
      if (parent === dir) break;
      const known = this.contexts.get(parent);
      if (known !== undefined) {
        found = known;
        break;
      }
      dir = parent;
    }
    for (const d of passed) this.contexts.set(d, found);
    return found;
  }

  /** readGoProject's answer for a directory, remembered. */
  project(dir: string): GoProject {
    let project = this.projects.get(dir);
    if (!project) {
      project = readGoProject(dir, this);
      this.projects.set(dir, project);
      sweepOf.set(project, this);
    }
    return project;
  }
}

/** The cache each project was read through (one entry per build context, not per document). */
const sweepOf = new WeakMap<GoProject, DirectoryCache>();

/**
 * The sweep's DirectoryCache a project came from (DirectoryCache.project), for rules that look up
 * other files near the Dockerfile with the same listings; null for a project read without one.
 */
export function directoriesOf(project: GoProject): DirectoryCache | null {
  return sweepOf.get(project) ?? null;
}

/** A text file's contents, or null when it cannot be read (absent, a directory, no permission). */
export function readTextFile(path: string): string | null {
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
export function readGoProject(dir: string, cache: DirectoryCache = new DirectoryCache()): GoProject {
  const abs = resolve(dir);
  const goModText = cache.read(abs, 'go.mod');
  const goWorkText = cache.read(abs, 'go.work');
  const goWork = goWorkText === null ? null : parseGoWork(goWorkText);
  const members = (goWork?.use ?? []).map((use) => {
    const memberDir = toPosix(relative(abs, resolve(abs, use))) || '.';
    const memberAbs = join(abs, memberDir);
    const text = cache.read(memberAbs, 'go.mod');
    return { dir: memberDir, goMod: text === null ? null : parseGoMod(text), hasGoSum: cache.exists(memberAbs, 'go.sum') };
  });
  const dockerignoreText = cache.read(abs, '.dockerignore');
  return {
    dir: abs,
    goMod: goModText === null ? null : parseGoMod(goModText),
    hasGoSum: cache.exists(abs, 'go.sum'),
    goWork,
    members,
    vendored: cache.exists(abs, 'vendor') && existsSync(join(abs, 'vendor', 'modules.txt')),
    dockerignore: dockerignoreText === null ? null : { path: join(abs, '.dockerignore'), content: dockerignoreText },
  };
}

/**
 * Guesses the build context of a Dockerfile: the nearest directory at or above it that holds a
 * go.work or go.mod, not leaving the repository (a directory with `.git`). Null when there is
 * none: the context is then unknown, and rules that need it stay quiet or offer only unsafe fixes.
 */
export function findBuildContext(dockerfilePath: string, cache: DirectoryCache = new DirectoryCache()): string | null {
  return cache.context(dirname(resolve(dockerfilePath)));
}

function toPosix(p: string): string {
  return p.split(sep).join(posix.sep);
}
