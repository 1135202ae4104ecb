import * as nodeFs from 'node:fs';
import type { Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Ignore, Options as IgnoreOptions } from 'ignore';
import type picomatchType from 'picomatch';
import { describeFsError, InputError } from './read-dockerfile.js';

// Loaded when first needed (an ignore file found, a glob given): `gomod-fix Dockerfile` needs neither.
const require = createRequire(import.meta.url);
const ignore = (options?: IgnoreOptions): Ignore => (require('ignore') as (options?: IgnoreOptions) => Ignore)(options);
const picomatch = ((...args: Parameters<typeof picomatchType>) => (require('picomatch') as typeof picomatchType)(...args)) as typeof picomatchType;

/**
 * File names gomod-fix treats as Dockerfiles when sweeping a directory, as globs (for docs and
 * `--help`); `isDockerfileName` is the same test without a glob engine. `Dockerfile.dockerignore`
 * and `x.Dockerfile.dockerignore` are BuildKit's per-Dockerfile ignore files, not Dockerfiles.
 */
export const DOCKERFILE_PATTERNS = ['Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'Containerfile', 'Containerfile.*'];

export function isDockerfileName(name: string): boolean {
  if (name.endsWith('.dockerignore')) return false;
  return (
    name === 'Dockerfile' ||
    name === 'Containerfile' ||
    name.startsWith('Dockerfile.') ||
    name.startsWith('Containerfile.') ||
    (name.endsWith('.Dockerfile') && name.length > '.Dockerfile'.length) ||
    (name.endsWith('.dockerfile') && name.length > '.dockerfile'.length)
  );
}

/** Directories never entered: version control, JavaScript and Go dependency trees. */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', 'vendor']);

/** Ignore files read in every directory, in this order (a `!pattern` in the second can re-include). */
export const IGNORE_FILES = ['.gitignore', '.gomodfixignore'] as const;

/** The file-system calls the walk makes; tests substitute failing ones. */
export interface DiscoverFs {
  readdirSync(path: string, options: { withFileTypes: true }): Dirent[];
  statSync(path: string): nodeFs.Stats;
  realpathSync(path: string): string;
  readFileSync(path: string, encoding: 'utf8'): string;
  existsSync(path: string): boolean;
}

export interface DiscoverOptions {
  /** More files to treat as Dockerfiles: globs relative to each swept directory (no `/`: any depth). */
  include?: readonly string[];
  /** Files or directories to leave out, same syntax. Never applies to a file named explicitly. */
  exclude?: readonly string[];
  fs?: DiscoverFs;
  /** Told every directory listing the walk reads (absolute path), so a later step need not read it again. */
  onDirectory?: (dirAbs: string, entries: readonly Dirent[]) => void;
}

export interface Discovery {
  /** Paths as the user would write them (relative to the cwd when a relative directory was named), sorted. */
  files: string[];
  /** Named paths that do not exist, unreadable directories. */
  errors: InputError[];
  /** Entries left out for a reason worth telling (symbolic links), for diagnostics and tests. */
  skipped: Array<{ path: string; reason: string }>;
}

/** One ignore file's rules, and how to turn a path relative to the sweep root into one relative to it. */
interface IgnoreLayer {
  ig: Ignore;
  /** Prepended: the sweep root's path below the ignore file's directory (for ignore files above the root). */
  prefix: string;
  /** Characters to drop: the ignore file's directory below the sweep root, with its `/`. */
  strip: number;
}

/**
 * Expands the paths a user named into Dockerfiles. Files are taken as they are, whatever their
 * name. Directories are walked: Dockerfile names (plus `include`, minus `exclude`), honouring
 * `.gitignore` and `.gomodfixignore` at every level (each relative to its own directory, deeper
 * files overriding shallower ones, as git does; ignore files between the enclosing git
 * repository's top and the named directory count too), and never entering `.git`, `node_modules`
 * or `vendor`.
 *
 * Symbolic links met during a walk are not followed, the way git stores them as links: a link
 * out of the root must not be followed, a link inside it points at something the walk reaches
 * anyway (or that an ignore rule pruned), and a loop is impossible. An unreadable directory is
 * reported and the walk goes on. Output is sorted by path, code unit order.
 */
export function discover(paths: readonly string[], options: DiscoverOptions = {}): Discovery {
  const fs = options.fs ?? nodeFs;
  const byAbs = new Map<string, string>();
  const errors: InputError[] = [];
  const skipped: Discovery['skipped'] = [];
  const include = globMatcher(options.include ?? []);
  const exclude = globMatcher(options.exclude ?? []);

  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = fs.statSync(path).isDirectory();
    } catch (error) {
      errors.push(new InputError(path, describeFsError(error, 'read')));
      continue;
    }
    const abs = resolve(path);
    if (!isDir) {
      if (!byAbs.has(abs)) byAbs.set(abs, path);
      continue;
    }
    const display = path === '.' || path === './' ? '' : path.endsWith('/') ? path : `${path}/`;
    const walker = new Walker(fs, abs, display, include, exclude, errors, skipped, options.onDirectory ?? null);
    walker.walk(abs, '', walker.ancestorLayers());
    for (const [rel, shown] of walker.found) {
      const fileAbs = join(abs, rel);
      if (!byAbs.has(fileAbs)) byAbs.set(fileAbs, shown);
    }
  }
  const files = [...byAbs.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, errors, skipped };
}

class Walker {
  /** [path relative to the root, path as shown]. */
  readonly found: Array<[string, string]> = [];

  constructor(
    private readonly fs: DiscoverFs,
    private readonly rootAbs: string,
    private readonly display: string,
    private readonly include: ((path: string) => boolean) | null,
    private readonly exclude: ((path: string) => boolean) | null,
    private readonly errors: InputError[],
    private readonly skipped: Discovery['skipped'],
    private readonly onDirectory: ((dirAbs: string, entries: readonly Dirent[]) => void) | null,
  ) {}

  /** Ignore files from the enclosing repository's top down to the root's parent. */
  ancestorLayers(): IgnoreLayer[] {
    const chain: string[] = [];
    let dir = this.rootAbs;
    let top: string | null = null;
    for (;;) {
      if (this.fs.existsSync(join(dir, '.git'))) {
        top = dir;
        break;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
      chain.push(dir);
    }
    if (top === null || top === this.rootAbs) return [];
    const layers: IgnoreLayer[] = [];
    for (const ancestor of chain.reverse()) {
      const ig = this.readIgnoreFiles(ancestor, null);
      if (ig) layers.push({ ig, prefix: relative(ancestor, this.rootAbs).split(sep).join('/') + '/', strip: 0 });
    }
    // A directory the user named is swept even when an ignore file above it excludes it.
    return ignored(layers, '') ? [] : layers;
  }

  walk(dirAbs: string, dirRel: string, inherited: IgnoreLayer[]): void {
    let entries: Dirent[];
    try {
      entries = this.fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch (error) {
      const shown = (this.display + dirRel).replace(/\/$/, '') || '.';
      this.errors.push(new InputError(shown, `${describeFsError(error, 'read')}; directory not searched`));
      return;
    }
    this.onDirectory?.(dirAbs, entries);
    let layers = inherited;
    const names = new Set(entries.map((e) => e.name));
    if (IGNORE_FILES.some((f) => names.has(f))) {
      const ig = this.readIgnoreFiles(dirAbs, names);
      if (ig) layers = [...inherited, { ig, prefix: '', strip: dirRel.length }];
    }
    for (const entry of entries) {
      const name = entry.name;
      const rel = dirRel + name;
      if (entry.isSymbolicLink()) {
        if (isDockerfileName(name) || this.include?.(rel) || this.isDirLink(join(dirAbs, name))) {
          this.skipped.push({ path: this.display + rel, reason: this.linkReason(join(dirAbs, name)) });
        }
        continue;
      }
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(name)) continue;
        if (this.exclude?.(rel) || ignored(layers, `${rel}/`)) continue;
        this.walk(join(dirAbs, name), `${rel}/`, layers);
      } else if (entry.isFile()) {
        if (!(isDockerfileName(name) || this.include?.(rel))) continue;
        if (this.exclude?.(rel) || ignored(layers, rel)) continue;
        this.found.push([rel, this.display + rel]);
      }
    }
  }

  private readIgnoreFiles(dirAbs: string, names: Set<string> | null): Ignore | null {
    let ig: Ignore | null = null;
    for (const file of IGNORE_FILES) {
      if (names && !names.has(file)) continue;
      let text: string;
      try {
        text = this.fs.readFileSync(join(dirAbs, file), 'utf8');
      } catch {
        // Absent (ancestors), or not a readable file: an ignore file we cannot read ignores nothing.
        continue;
      }
      ig ??= ignore();
      ig.add(text);
    }
    return ig;
  }

  private isDirLink(abs: string): boolean {
    try {
      return this.fs.statSync(abs).isDirectory();
    } catch {
      return false;
    }
  }

  private linkReason(abs: string): string {
    let real: string;
    try {
      real = this.fs.realpathSync(abs);
    } catch (error) {
      return `symbolic link not followed: ${describeFsError(error, 'read')}`;
    }
    let rootReal = this.rootAbs;
    try {
      rootReal = this.fs.realpathSync(this.rootAbs);
    } catch {
      // Keep the resolved path.
    }
    if (real !== rootReal && !real.startsWith(rootReal + sep)) return 'symbolic link out of the swept directory; not followed';
    if (rootReal === real || (abs.startsWith(real + sep) && this.isDirLink(abs))) return 'symbolic link to an enclosing directory (a loop); not followed';
    return 'symbolic link inside the swept directory; not followed (its target is swept directly)';
  }
}

/**
 * One matcher for a list of globs, relative to the swept directory; a glob without `/` matches a
 * name at any depth (picomatch's `basename` option would apply to every glob, so they are split).
 */
function globMatcher(globs: readonly string[]): ((path: string) => boolean) | null {
  if (globs.length === 0) return null;
  const byName = globs.filter((g) => !g.includes('/'));
  const byPath = globs.filter((g) => g.includes('/')).map((g) => g.replace(/^\.\//, ''));
  const matchers = [
    ...(byName.length ? [picomatch(byName, { dot: true, basename: true })] : []),
    ...(byPath.length ? [picomatch(byPath, { dot: true })] : []),
  ];
  return (path: string) => matchers.some((m) => m(path));
}

/** git's rule: the deepest ignore file with an opinion decides; `!pattern` re-includes. */
function ignored(layers: readonly IgnoreLayer[], rel: string): boolean {
  let result = false;
  for (const layer of layers) {
    const path = layer.prefix + rel.slice(layer.strip);
    const r = layer.ig.test(path);
    if (r.ignored) result = true;
    else if (r.unignored) result = false;
  }
  return result;
}
