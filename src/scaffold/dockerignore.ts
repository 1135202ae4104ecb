/**
 * The `.dockerignore`: what a Go build context should leave out, merged into an existing file by
 * appending only the patterns it lacks (the user's lines, their order and negations are kept).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { renderDockerignore, renderDockerignoreAppend } from '../templates/index.js';
import type { DockerignoreGroup } from '../templates/view-model.js';
import type { Target } from './choices.js';
import type { Detection } from './detect.js';

/** Directories conventionally holding build outputs; left in when they hold Go sources. */
const OUTPUT_DIRS = ['bin', 'dist', 'tmp'];

function holdsGoSources(dir: string, depth = 0): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.isFile() && e.name.endsWith('.go')) return true;
    if (e.isDirectory() && depth < 6 && holdsGoSources(join(dir, e.name), depth + 1)) return true;
  }
  return false;
}

function isDir(dir: string, name: string): boolean {
  try {
    readdirSync(join(dir, name));
    return true;
  } catch {
    return false;
  }
}

export function dockerignoreGroups(detection: Detection, targets: Target[]): DockerignoreGroup[] {
  const outputs = OUTPUT_DIRS.filter((d) => !holdsGoSources(join(detection.dir, d)));
  // A binary built with `go build` in the module root is named like the target.
  const binaries = targets.map((t) => t.name).filter((n) => !isDir(detection.dir, n) && !outputs.includes(n));
  return [
    { comment: 'Version control and editor state', patterns: ['.git', '.hg', '.svn', '.idea', '.vscode', '*.swp', '.DS_Store'] },
    { comment: 'Docker files: editing them must not invalidate the COPY . . layer', patterns: ['Dockerfile*', '.dockerignore', 'docker-compose*.yml', 'compose*.yaml'] },
    { comment: 'Local environment files and credentials', patterns: ['.env', '.env.*', '**/.env', '**/.env.*', '.netrc'] },
    { comment: 'Build and test outputs', patterns: [...outputs.map((d) => `/${d}`), ...binaries.map((b) => `/${b}`), '*.test', '*.out', '*.prof'] },
  ];
}

function normalize(pattern: string): string {
  return pattern.trim().replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * A .dockerignore pattern in gitignore terms (for the `ignore` package): Docker anchors every
 * pattern at the context root, where gitignore lets a pattern without a slash match at any depth.
 */
function anchored(pattern: string): string {
  const negated = pattern.startsWith('!');
  const p = negated ? pattern.slice(1).trim() : pattern.trim();
  const rooted = p.startsWith('/') || p.startsWith('**') ? p : `/${p}`;
  return (negated ? '!' : '') + rooted;
}

export interface DockerignoreResult {
  /** The new content, or null when the existing file already has everything. */
  content: string | null;
  before: string | null;
  added: string[];
  /** Module files or package directories the (merged) file would leave out of the context. */
  excludesNeeded: string[];
}

export function buildDockerignore(detection: Detection, targets: Target[]): DockerignoreResult {
  const groups = dockerignoreGroups(detection, targets);
  const existing = detection.project.dockerignore?.content ?? null;
  let content: string | null;
  let added: string[];
  if (existing === null) {
    content = renderDockerignore({ groups });
    added = groups.flatMap((g) => g.patterns);
  } else {
    const lines = existing.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    const present = new Set(lines.filter((l) => !l.startsWith('!')).map(normalize));
    const negated = lines.filter((l) => l.startsWith('!')).map((l) => normalize(l.slice(1)));
    // A pattern the user re-includes with `!` is theirs to decide: appending it would override them.
    const wanted = (p: string): boolean => !present.has(normalize(p)) && !negated.some((n) => n !== '' && ignore().add(anchored(p)).ignores(n));
    const missing = groups.map((g) => ({ comment: g.comment, patterns: g.patterns.filter(wanted) })).filter((g) => g.patterns.length > 0);
    added = missing.flatMap((g) => g.patterns);
    content = missing.length === 0 ? null : existing.replace(/\s*$/, '\n') + renderDockerignoreAppend({ groups: missing });
  }

  const final = content ?? existing ?? '';
  const ig = ignore().add(final.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).map(anchored));
  const needed = [
    // A `go.sum*` glob stands for the go.sum to come: an ignore pattern that matches go.sum leaves it out too.
    ...detection.moduleFiles.flatMap((g) => g.files).map((f) => f.replace(/\*$/, '')),
    ...targets.map((t) => t.main.dir).filter((d) => d !== '.').map((d) => `${d}/`),
    ...(detection.vendored ? ['vendor/modules.txt'] : []),
  ];
  const excludesNeeded = needed.filter((p) => ig.ignores(p));
  return { content, before: existing, added, excludesNeeded };
}
