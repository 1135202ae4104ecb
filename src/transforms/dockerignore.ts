import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DockerfileDocument } from '../dockerfile/index.js';
import { bindMountsContext, copyArgs, normalizeSource } from '../go/copies.js';
import type { GoProject } from '../go/project.js';
import { isExcluded, matchesOrParent, parseDockerignore } from './lib/dockerignore-patterns.js';
import { isGoDockerfile, runsHiddenCode, runsOf } from './lib/runs.js';
import { defineTransform, type FileChange, type Problem, type TransformContext } from './transform.js';

interface DockerignoreProblem extends Problem {
  change: FileChange | null;
}

/** Files whose change on every commit makes `.git` bust the cache (the directory itself may stay, empty). */
const GIT_PROBES = ['.git/HEAD', '.git/index', '.git/config', '.git/packed-refs', '.git/ORIG_HEAD', '.git/FETCH_HEAD', '.git/refs/heads/main', '.git/logs/HEAD', '.git/objects/ab/cdef0123456789'];

const HEADER = '# Keep git metadata out of the build context: it changes with every commit and busts the cache of COPY . (added by gomod-fix)';

/** The ignore file BuildKit reads: `<Dockerfile>.dockerignore` next to the Dockerfile when it exists, else the context's `.dockerignore`. */
function ignoreFile(ctx: TransformContext, project: GoProject): { path: string; content: string | null } {
  const read = (path: string): string | null => {
    const pending = ctx.pendingFiles.get(path);
    if (pending) return pending.after;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  if (ctx.path !== null) {
    const specific = resolve(`${ctx.path}.dockerignore`);
    const content = read(specific);
    if (content !== null) return { path: specific, content };
  }
  const path = join(project.dir, '.dockerignore');
  const pending = ctx.pendingFiles.get(path);
  if (pending) return { path, content: pending.after };
  return { path, content: project.dockerignore && project.dockerignore.path === path ? project.dockerignore.content : null };
}

function globMatches(glob: string, name: string): boolean {
  const re = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  try {
    return new RegExp(`^${re}$`).test(name);
  } catch {
    return false;
  }
}

/**
 * The first instruction that brings the context's `.git` into a layer (`COPY . .`, `ADD * /src/`,
 * a bind mount of the context root), or 'explicit' when some COPY names `.git` itself: then the
 * build wants it and excluding it would break the build.
 */
function gitCopier(doc: DockerfileDocument): { label: string } | 'explicit' | null {
  let first: { label: string } | null = null;
  for (const instruction of doc.instructions) {
    const sources: Array<{ source: string; label: (s: string) => string }> = [];
    const args = copyArgs(doc, instruction);
    if (args?.fromContext) for (const s of args.sources) sources.push({ source: s, label: (x) => `${instruction.keyword} ${x}` });
    if (instruction.keyword === 'RUN') for (const m of bindMountsContext(instruction)) sources.push({ source: m.source, label: () => 'RUN --mount=type=bind' });
    for (const { source, label } of sources) {
      const n = normalizeSource(source);
      if (n === '.git' || n.startsWith('.git/')) return 'explicit';
      const copiesGit = n === '.' || (!n.includes('/') && /[*?[]/.test(n) && globMatches(n, '.git'));
      if (copiesGit && first === null) first = { label: label(source) };
    }
  }
  return first;
}

const GIT_WITHOUT_REPO = new Set(['clone', 'config', 'init', 'ls-remote', 'version', '--version', 'help']);

/**
 * Signs that the build reads the repository: `git describe`/`rev-parse`/... (also in `$(...)`),
 * make or a script (a Makefile often stamps versions from git), or `-buildvcs=true`.
 */
function buildReadsGit(doc: DockerfileDocument): boolean {
  for (const info of runsOf(doc)) {
    const text = doc.source.slice(info.run.range);
    if (/-buildvcs(=true)?(?=[\s"'`]|$)/.test(text) || /(\$\(|`)\s*git\s/.test(text)) return true;
    for (const c of info.commands) {
      if (runsHiddenCode(c)) return true;
      const name = c.argv[0]?.value ?? '';
      if (name.slice(name.lastIndexOf('/') + 1) === 'git' && !GIT_WITHOUT_REPO.has(c.argv[1]?.value ?? 'help')) return true;
    }
  }
  return doc.instructions.some((i) => i.keyword === 'ENV' && /-buildvcs(=true)?(?=[\s"']|$)/.test(i.logical.text));
}

/** Appends `.git` (after a comment line) keeping the file's line endings; a missing final newline is added first. */
function appended(before: string | null, fallbackEol: string): string {
  const eol = before?.includes('\r\n') ? '\r\n' : before?.includes('\n') ? '\n' : fallbackEol;
  const lines = `${HEADER}${eol}.git${eol}`;
  if (before === null || before === '') return lines;
  return before + (/\n$/.test(before) ? '' : eol) + lines;
}

export default defineTransform<DockerignoreProblem>({
  id: 'dockerignore',
  title: 'The build context excludes `.git` when the Dockerfile copies the whole context',
  severity: 'warning',
  fixSafety: 'safe',
  docs: {
    what:
      'When a Go Dockerfile copies the whole build context (`COPY . .`, `ADD . /src`, `COPY * ./`, or a bind mount of the context root), the ignore file BuildKit uses (`<Dockerfile>.dockerignore` next to the Dockerfile if present, else `.dockerignore` in the context) must exclude `.git`. The fix creates `.dockerignore` or appends `.git` to the file in use, with a comment line saying why; nothing else is added. Reported on the first FROM line.',
    why:
      'Every commit, fetch or checkout rewrites files under `.git`, so `COPY . .` sees a changed context and its layer, and every step after it (module downloads, the whole compile), is rebuilt even when no source changed. `.git` also makes the context upload bigger and ships the history in any image that keeps the copied tree.',
    before: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\n# (no .dockerignore)\n',
    after: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\n# .dockerignore:\n# Keep git metadata out of the build context: ... (added by gomod-fix)\n.git\n',
    fixSafety:
      'Safe when nothing in the Dockerfile reads the repository. The fix is unsafe when a RUN runs git on the repository (`git describe`, `$(git rev-parse HEAD)`), runs make or a script (Makefiles often stamp versions from git), or builds with `-buildvcs=true`: those need `.git`. Note that `go build` stamps VCS information (vcs.revision in `go version -m`) only when it finds `.git`; binaries built from a context without it lose that stamp, so pass versions with `-ldflags -X` if you rely on it. Not reported when a COPY names `.git` itself (the build wants it), when the Dockerfile copies only some paths (BuildKit then sends only those), or without a known build context. Declined (reported only) when the file re-includes something under `.git` with a `!` pattern. Existing files are only appended to, keeping their line endings.',
  },
  check(ctx) {
    const { doc, project } = ctx;
    const from = doc.stages[0]?.from;
    if (project === null || !from || !isGoDockerfile(doc)) return [];
    const copier = gitCopier(doc);
    if (copier === null || copier === 'explicit') return [];
    const file = ignoreFile(ctx, project);
    const patterns = file.content === null ? [] : parseDockerignore(file.content);
    if (GIT_PROBES.every((p) => isExcluded(patterns, p))) return [];

    const name = basename(file.path);
    const copied = `\`${copier.label}\` copies .git, so every commit busts its layer and rebuilds all steps after it (module downloads included)`;
    const reincluded = patterns.find((p) => p.negated && ['.git', ...GIT_PROBES].some((g) => matchesOrParent(p, g)));
    if (reincluded) {
      return [{ range: from.keywordRange, message: `${name} re-includes .git (\`!${reincluded.pattern}\`): ${copied}`, fixSafety: null, change: null }];
    }
    const change: FileChange = { path: file.path, before: file.content, after: appended(file.content, doc.source.eol) };
    return [
      {
        range: from.keywordRange,
        message: file.content === null ? `no .dockerignore excludes .git: ${copied}` : `${name} does not exclude .git: ${copied}`,
        fixSafety: buildReadsGit(doc) ? 'unsafe' : 'safe',
        change,
      },
    ];
  },
  fix(_ctx, problem) {
    return problem.change ? { edits: [], files: [problem.change] } : null;
  },
});
