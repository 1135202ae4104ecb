import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DockerfileDocument, ShellWord } from '../dockerfile/index.js';
import { bindMountsContext, copyArgs, normalizeSource } from '../go/copies.js';
import { commandWords } from '../go/commands.js';
import { directoriesOf, readTextFile, type DirectoryCache, type GoProject } from '../go/project.js';
import { isExcluded, matchesOrParent, parseDockerignore, type IgnorePattern } from './lib/dockerignore-patterns.js';
import { globMatch } from './lib/glob.js';
import { isGoDockerfile, runsHiddenCode, runsOf } from './lib/runs.js';
import { defineTransform, type FileChange, type Problem, type TransformContext } from './transform.js';

interface DockerignoreProblem extends Problem {
  change: FileChange | null;
}

/** Files whose change on every commit makes `.git` bust the cache (the directory itself may stay, empty). */
const GIT_PROBES = ['.git/HEAD', '.git/index', '.git/config', '.git/packed-refs', '.git/ORIG_HEAD', '.git/FETCH_HEAD', '.git/refs/heads/main', '.git/logs/HEAD', '.git/objects/ab/cdef0123456789'];

const HEADER = '# Keep git metadata out of the build context: it changes with every commit and busts the cache of COPY . (added by gomod-fix)';

/**
 * Disk reads of ignore files, per pipeline run (keyed by the run's `pendingFiles` map, which
 * `runPipeline` creates once per file and keeps across its passes). The check runs on every
 * document of every pass, and a read that fails throws (an exception with a stack trace per call,
 * the rule's main cost). Within one run nothing writes these files: fixes only propose changes,
 * which go through `pendingFiles` (consulted first, so they always win over this cache), and
 * `--write` writes other files only after the whole sweep (fix-run.ts writeOtherFiles). So the
 * disk content cannot change under a run, and a fresh run reads the disk again.
 */
const diskReads = new WeakMap<ReadonlyMap<string, FileChange>, Map<string, string | null>>();

function readOnce(run: ReadonlyMap<string, FileChange>, path: string, directories: DirectoryCache | null): string | null {
  let reads = diskReads.get(run);
  if (!reads) diskReads.set(run, (reads = new Map()));
  let content = reads.get(path);
  if (content === undefined) {
    content = readText(path, directories);
    reads.set(path, content);
  }
  return content;
}

/**
 * The same few ignore files (one per build context, and this rule's own proposals) are checked on
 * every document of every Dockerfile: each content is parsed once. Read-only (frozen): shared.
 * Bounded, since the contents come from users' files.
 */
const parsedIgnores = new Map<string, readonly IgnorePattern[]>();

function patternsOf(content: string): readonly IgnorePattern[] {
  let patterns = parsedIgnores.get(content);
  if (patterns === undefined) {
    patterns = Object.freeze(parseDockerignore(content).map((p) => Object.freeze(p)));
    if (parsedIgnores.size >= 256) parsedIgnores.clear();
    parsedIgnores.set(content, patterns);
  }
  return patterns;
}

function readText(path: string, directories: DirectoryCache | null): string | null {
  // With the sweep's listings (the Dockerfile's directory is already listed to find its build
  // context), whether the file exists is a lookup; DirectoryCache.read gives what the stat and
  // read below would (an unlisted name is absent; anything unusual is read directly).
  if (directories !== null) return directories.read(dirname(path), basename(path));
  // Most Dockerfiles have no `<Dockerfile>.dockerignore`: a stat that does not throw says so cheaply.
  if (!statSync(path, { throwIfNoEntry: false })) return null;
  return readTextFile(path);
}

/** The ignore file BuildKit reads: `<Dockerfile>.dockerignore` next to the Dockerfile when it exists, else the context's `.dockerignore`. */
function ignoreFile(ctx: TransformContext, project: GoProject): { path: string; content: string | null } {
  const read = (path: string): string | null => {
    const pending = ctx.pendingFiles.get(path);
    if (pending) return pending.after;
    return readOnce(ctx.pendingFiles, path, directoriesOf(project));
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
      if (copiesGit(n) && first === null) first = { label: label(source) };
    }
  }
  return first;
}

const GIT_WITHOUT_REPO = new Set(['clone', 'config', 'init', 'ls-remote', 'version', '--version', 'help']);

/** `-buildvcs` or `-buildvcs=true`: go build must stamp VCS information, which it reads from .git. */
const BUILDVCS = /-buildvcs(=true)?(?=[\s"'`]|$)/;

/**
 * Per stage, the position from which it holds the build context's files (and so its `.git`): the
 * instruction that copies the whole context, the start of a stage built on one that has it, or a
 * `COPY --from=` of such a stage (which may carry the tree, .git and all). Absent: never.
 */
function contextFrom(doc: DockerfileDocument): Map<number, number> {
  const from = new Map<number, number>();
  for (const stage of doc.stages) {
    if (stage.baseStage !== null && from.has(stage.baseStage)) from.set(stage.index, -1);
    for (const instruction of stage.instructions) {
      if (from.has(stage.index)) break;
      const args = copyArgs(doc, instruction);
      const copied = args?.fromContext && args.sources.some((x) => copiesGit(normalizeSource(x)));
      const fromStage = instruction.flags.find((f) => f.name === 'from')?.value;
      const viaStage =
        args !== null && typeof fromStage === 'string' && doc.stages.some((st) => st.index < stage.index && from.has(st.index) && (st.name === fromStage.toLowerCase() || String(st.index) === fromStage));
      if (copied || viaStage) from.set(stage.index, instruction.index);
    }
  }
  return from;
}

function copiesGit(n: string): boolean {
  return n === '.' || (!n.includes('/') && /[*?[]/.test(n) && globMatch('.git', n));
}

/**
 * What a RUN that has the build context's files does with `.git`: `certain` names an explicit use
 * (a git command on the repository, also in `$(...)`, or `-buildvcs=true`); `guess` one that may
 * read it (make or a script, which often stamp versions from git; git on a repository the same
 * RUN cloned or points at with --git-dir). Only RUNs that see the context count: a git clone in
 * a tools stage, or make before the `COPY . .`, never reads this `.git`.
 */
function gitUse(doc: DockerfileDocument): { certain: string | null; guess: boolean } {
  const from = contextFrom(doc);
  let certain: string | null = null;
  let guess = false;
  const goflags = doc.instructions.some((i) => i.keyword === 'ENV' && from.has(i.stage) && BUILDVCS.test(i.logical.text));
  if (goflags) certain = '-buildvcs=true';
  for (const info of runsOf(doc)) {
    if (info.onbuild) continue; // runs in another build, with its own context
    const start = from.get(info.stage.index);
    const sees = (start !== undefined && info.owner.index > start) || bindMountsContext(info.run).some((m) => copiesGit(normalizeSource(m.source)));
    if (!sees) continue;
    const text = doc.source.slice(info.run.range);
    const gits = info.commands.map((c) => commandWords(c)).filter((w) => base(w[0]?.value ?? '') === 'git');
    // A repository this RUN makes for itself: its git commands may all be about that one.
    const ownRepo = gits.some((w) => w[1]?.value === 'clone' || w[1]?.value === 'init');
    certain ??= BUILDVCS.test(text) ? '-buildvcs=true' : null;
    const substituted = /(\$\(|`)\s*git\s+([\w-]+)/.exec(text);
    if (certain === null && substituted && !ownRepo) certain = `git ${substituted[2] as string}`;
    for (const c of info.commands) {
      if (runsHiddenCode(c)) guess = true;
    }
    for (const w of gits) {
      // Global options come before the subcommand; `--git-dir`/`--work-tree` point at another
      // repository, `-C dir` usually at the copied tree (a bind mount, `COPY . /src`).
      let k = 1;
      let elsewhere = false;
      while (k < w.length && (w[k] as ShellWord).value.startsWith('-')) {
        const opt = (w[k] as ShellWord).value;
        if (opt.startsWith('--git-dir') || opt.startsWith('--work-tree')) elsewhere = true;
        k += ['-C', '-c', '--git-dir', '--work-tree', '--namespace'].includes(opt) ? 2 : 1;
      }
      const sub = w[k]?.value ?? 'help';
      if (GIT_WITHOUT_REPO.has(sub)) continue;
      if (ownRepo || elsewhere) guess = true;
      else certain ??= `git ${sub}`;
    }
  }
  return { certain, guess };
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
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
      'Safe when nothing that sees the copied sources reads the repository. Declined (reported only, even with --unsafe-fixes) when a RUN that has the context\'s files (after `COPY . .` in its stage, in a stage built on or copying from that one, or through a bind mount) runs git on the repository (`git checkout`, `git describe`, `$(git rev-parse HEAD)`, `git submodule update`) or builds with `-buildvcs=true`: excluding .git would break that step or silently drop what it reads. Unsafe when such a RUN runs make or a script (Makefiles often stamp versions from git), or git on a repository it clones itself or names with --git-dir. git, make or scripts in a stage that never sees the sources, before the COPY, or in ONBUILD triggers do not count. Note that `go build` stamps VCS information (vcs.revision in `go version -m`) only when it finds `.git`; binaries built from a context without it lose that stamp, so pass versions with `-ldflags -X` if you rely on it. Not reported when a COPY names `.git` itself (the build wants it), when the Dockerfile copies only some paths (BuildKit then sends only those), or without a known build context (none found, or a directory with neither go.mod nor go.work). Declined when the file re-includes something under `.git` with a `!` pattern. Existing files are only appended to, keeping their line endings.',
  },
  check(ctx) {
    const { doc, project } = ctx;
    const from = doc.stages[0]?.from;
    // Without a known build context (none found, or a directory that is no Go module) we cannot tell which ignore file applies.
    if (project === null || (project.goMod === null && project.goWork === null) || !from || !isGoDockerfile(doc)) return [];
    const copier = gitCopier(doc);
    if (copier === null || copier === 'explicit') return [];
    const file = ignoreFile(ctx, project);
    const patterns = file.content === null ? [] : patternsOf(file.content);
    if (GIT_PROBES.every((p) => isExcluded(patterns, p))) return [];

    const name = basename(file.path);
    const copied = `\`${copier.label}\` copies .git, so every commit busts its layer and rebuilds all steps after it (module downloads included)`;
    const reincluded = patterns.find((p) => p.negated && ['.git', ...GIT_PROBES].some((g) => matchesOrParent(p, g)));
    if (reincluded) {
      return [{ range: from.keywordRange, message: `${name} re-includes .git (\`!${reincluded.pattern}\`): ${copied}`, fixSafety: null, change: null }];
    }
    const message = file.content === null ? `no .dockerignore excludes .git: ${copied}` : `${name} does not exclude .git: ${copied}`;
    const use = gitUse(doc);
    if (use.certain !== null) {
      // Excluding .git would break (or silently change) that step: declined, whatever the user opts into.
      const why = use.certain === '-buildvcs=true' ? 'the build asks for VCS stamping (-buildvcs=true), which reads .git' : `the build runs \`${use.certain}\` on the copied sources, which needs .git`;
      return [{ range: from.keywordRange, message: `${message}; not fixed: ${why} (pass what it reads as a --build-arg, then exclude .git)`, fixSafety: null, change: null }];
    }
    const change: FileChange = { path: file.path, before: file.content, after: appended(file.content, doc.source.eol) };
    return [{ range: from.keywordRange, message, fixSafety: use.guess ? 'unsafe' : 'safe', change }];
  },
  fix(_ctx, problem) {
    return problem.change ? { edits: [], files: [problem.change] } : null;
  },
});
