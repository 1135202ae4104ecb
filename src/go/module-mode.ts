import { contextAt, expand, joinPath, parseMount, shellCommands, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import { resolvesModules, usesVendor, type GoInvocation } from './commands.js';
import { copyArgs } from './copies.js';
import { goEnvAt, isPathWithin } from './go-env.js';
import { settingSeenBy, stageChain } from './go-vars.js';
import { compareGoVersions } from './gomod.js';
import { golangImageVersion } from './golang-image.js';
import type { GoProject } from './project.js';
import { goStages, type GoRun } from './stages.js';

/**
 * Whether a go command works with modules (and so may download them) or in GOPATH mode, where
 * there is no go.mod, no module cache and no module proxy: GOPROXY, GOSUMDB, GOMODCACHE, a module
 * cache mount and a `go mod download` layer all mean nothing there.
 */

export type ModuleMode = { modules: true } | { modules: false; reason: string };

const MODULES: ModuleMode = { modules: true };

/**
 * The mode of a go command at `at` (a RUN, or the ONBUILD holding one) in `stage`, or of the
 * stage's go commands at `at` when `go` is not given (`at` null: the end of the stage):
 *
 * - `GO111MODULE=off` (on the command, `export`ed earlier in its RUN, ENV/ARG in the stage or a
 *   stage it is built FROM, or an earlier `go env -w`): GOPATH mode, in every Go version.
 * - the official golang image before Go 1.11 (through `FROM <stage>` and image ARGs): no modules.
 * - Go 1.11 and 1.12 use modules only with `GO111MODULE=on`, or with `auto` (the default) outside
 *   $GOPATH/src (GOPATH as the stage sets it, else the image's /go). The directory is the WORKDIR
 *   and the `cd`s before the command in its RUN; with no WORKDIR the image's own is /go, inside
 *   which auto mode finds no go.mod: GOPATH mode.
 * - Everything else (Go 1.13 and later, where `auto` means modules wherever there is a go.mod; an
 *   image whose Go version is unknown; a GO111MODULE read from a variable): modules.
 */
export function moduleMode(doc: DockerfileDocument, stage: Stage, at: Instruction | null, go?: GoInvocation | null): ModuleMode {
  const setting = go111module(doc, stage, at, go ?? null);
  if (setting === 'off') return { modules: false, reason: 'GO111MODULE=off turns modules off' };
  const image = golangImageVersion(doc, stage);
  if (image === null) return MODULES;
  const version = image.version;
  const era = eraOf(version);
  if (era.before111) return { modules: false, reason: `Go ${version} predates modules (Go 1.11)` };
  if (era.from113 || setting === 'on') return MODULES;
  const cwd = workingDirectory(doc, stage, at, go ?? null);
  if (cwd === null) return MODULES; // a directory we cannot read: as if modules were on
  const gopath = contextAt(doc, stage, at).vars.get('GOPATH') ?? '/go';
  if (gopath.includes('$')) return MODULES;
  const inGopath = cwd === 'image' || gopath.split(':').some((p) => p !== '' && (cwd === joinPath(p, 'src') || cwd.startsWith(joinPath(p, 'src') + '/')));
  return inGopath ? { modules: false, reason: `Go ${version} uses modules only with GO111MODULE=on, or outside $GOPATH/src next to a go.mod` } : MODULES;
}

/** Where a Go version stands against 1.11 and 1.13, kept per version string (asked for every go command). */
function eraOf(version: string): { before111: boolean; from113: boolean } {
  let era = eras.get(version);
  if (!era) {
    if (eras.size >= 1000) eras.clear();
    era = { before111: compareGoVersions(version, '1.11') < 0, from113: compareGoVersions(version, '1.13') >= 0 };
    eras.set(version, era);
  }
  return era;
}

const eras = new Map<string, { before111: boolean; from113: boolean }>();

/** GO111MODULE as a go command at `at` sees it: `on`, `off`, `auto`/empty, or null when unset or unreadable. */
function go111module(doc: DockerfileDocument, stage: Stage, at: Instruction | null, go: GoInvocation | null): string | null {
  const inline = go?.env.get('GO111MODULE');
  if (inline !== undefined) return inline.includes('$') ? null : inline.trim();
  if (go !== null && at !== null) {
    const run = at.trigger ?? at;
    const s = settingSeenBy(doc, stage, run, go.command, 'GO111MODULE');
    if (s === null) return null;
    if (s.kind === 'env' || s.kind === 'arg' || s.kind === 'global-arg') return fromContext(doc, stage, at);
    return s.value === null || s.value.includes('$') ? null : s.value.trim();
  }
  return fromContext(doc, stage, at);
}

function fromContext(doc: DockerfileDocument, stage: Stage, at: Instruction | null): string | null {
  const v = contextAt(doc, stage, at).vars.get('GO111MODULE');
  return v === undefined || v === null || v.includes('$') ? null : v.trim();
}

/**
 * The directory a go command runs in: the WORKDIR (of the stage or a stage it is built FROM), then
 * the `cd`s before it in its RUN; `image` when nothing sets one (the golang image's WORKDIR, /go);
 * null when a `cd` or `-C` goes somewhere we cannot read.
 */
function workingDirectory(doc: DockerfileDocument, stage: Stage, at: Instruction | null, go: GoInvocation | null): string | 'image' | null {
  const before = (i: Instruction): boolean => at === null || i.stage !== at.stage || i.index < at.index;
  const set = stageChain(doc, stage).some((s) => s.instructions.some((i) => i.keyword === 'WORKDIR' && before(i)));
  let cwd: string | null = set ? contextAt(doc, stage, at).workdir : null;
  if (cwd !== null && cwd.includes('$')) return null;
  if (go !== null && at !== null) {
    for (const c of shellCommands(doc, at.trigger ?? at, true)) {
      if (c.range.start >= go.command.range.start) break;
      const [cmd, dir] = c.argv.map((w) => w.value);
      if (cmd !== 'cd') continue;
      if (dir === undefined || dir.includes('$') || dir === '-') return null;
      cwd = joinPath(cwd ?? '/go', dir);
    }
    if (go.command.argv.some((w) => w.value === '-C' || w.value.startsWith('-C='))) return null;
  }
  return cwd ?? 'image';
}

/** A Go command that needs modules from the network or the module cache. */
export interface ModuleRun {
  goRun: GoRun;
  go: GoInvocation;
}

/**
 * The Go commands of each stage that resolve modules, leaving out builds from a vendor directory
 * (`-mod=vendor`, or vendor/modules.txt in the build context), which need no download, and
 * commands in GOPATH mode (see `moduleMode`).
 */
export function moduleRuns(doc: DockerfileDocument, project: GoProject | null): Map<Stage, ModuleRun[]> {
  const result = new Map<Stage, ModuleRun[]>();
  for (const { stage, runs } of goStages(doc)) {
    const list: ModuleRun[] = [];
    for (const goRun of runs) {
      if (goRun.owner.trigger) continue; // ONBUILD: runs in another build
      const env = goEnvAt(doc, stage, goRun.owner);
      for (const go of [...goRun.invocations, ...goRun.heredocInvocations]) {
        if (!resolvesModules(go)) continue;
        if (go.subcommand !== 'mod download' && (usesVendor(go, env.goflags) || project?.vendored === true)) continue;
        if (!moduleMode(doc, stage, goRun.owner, go).modules) continue;
        list.push({ goRun, go });
      }
    }
    if (list.length > 0) result.set(stage, list);
  }
  return result;
}

/**
 * Where the module cache a go command at `at` reads already holds modules without it downloading
 * any, or null when nothing fills it:
 * - `copied`: a COPY/ADD --from (another stage or an image), in the stage or a stage it is built
 *   FROM, into the module cache or a directory above it (`COPY --from=deps /go/pkg/mod /go/pkg/mod`);
 * - `mounted`: a bind mount on the RUN onto it (`--mount=type=bind,from=deps,source=/go/pkg/mod,target=/go/pkg/mod`);
 * - `cache`: a cache mount on it that a module-resolving RUN of a stage this one depends on (built
 *   FROM, `COPY --from`, `--mount=...,from=`) also mounts, with the same id: BuildKit builds that
 *   stage first, so the cache is filled;
 * - `empty-cache`: a cache mount on it that nothing in this build fills (empty on a fresh builder).
 * `what` names the source for messages.
 */
export function prefilledModuleCache(
  doc: DockerfileDocument,
  stage: Stage,
  at: Instruction,
): { kind: 'copied' | 'mounted' | 'cache' | 'empty-cache'; what: string } | null {
  const gomodcache = goEnvAt(doc, stage, at).gomodcache.path;
  const covers = (dir: string): boolean => !dir.includes('$') && (isPathWithin(gomodcache, dir) || isPathWithin(dir, gomodcache));
  for (const s of stageChain(doc, stage)) {
    for (const i of s.instructions) {
      if (s === stage && i.index >= at.index) break;
      const copy = copyArgs(doc, i);
      const from = i.flags.find((f) => f.name === 'from')?.value;
      if (!copy || !from) continue;
      const ctx = contextAt(doc, s, i);
      if (covers(joinPath(ctx.workdir, expand(copy.dest, ctx.vars)))) return { kind: 'copied', what: `copied from ${from}` };
    }
  }
  const run = at.trigger ?? at;
  const vars = contextAt(doc, stage, at).vars;
  let cacheId: string | null = null;
  for (const f of run.flags) {
    if (f.name !== 'mount' || f.value === null) continue;
    const m = parseMount(f.value);
    if (m.target === null) continue;
    const target = joinPath(contextAt(doc, stage, at).workdir, expand(m.target, vars));
    if (m.type === 'bind' && covers(target)) return { kind: 'mounted', what: 'bind-mounted' };
    if (m.type === 'cache' && !target.includes('$') && isPathWithin(gomodcache, target)) cacheId = m.options.find((o) => o.key === 'id')?.value ?? target;
  }
  if (cacheId === null) return null;
  for (const dep of dependencies(doc, stage)) {
    for (const r of goStages(doc).find((g) => g.stage === dep)?.runs ?? []) {
      if (r.owner.trigger || (dep === stage && r.owner.index >= at.index)) continue;
      if (![...r.invocations, ...r.heredocInvocations].some(resolvesModules)) continue;
      const depVars = contextAt(doc, dep, r.owner);
      const filled = r.run.flags.some((f) => {
        if (f.name !== 'mount' || f.value === null) return false;
        const m = parseMount(f.value);
        if (m.type !== 'cache' || m.target === null) return false;
        return (m.options.find((o) => o.key === 'id')?.value ?? joinPath(depVars.workdir, expand(m.target, depVars.vars))) === cacheId;
      });
      if (filled) return { kind: 'cache', what: `its cache mount, which stage ${dep.name !== null ? `"${dep.name}"` : dep.index} fills` };
    }
  }
  return { kind: 'empty-cache', what: `its cache mount on ${gomodcache}` };
}


/** The stages BuildKit builds before `stage`: the ones it is built FROM, copies from or mounts from, transitively, and itself. */
function dependencies(doc: DockerfileDocument, stage: Stage): Stage[] {
  const named = (ref: string): Stage | undefined => doc.stages.find((s) => s.name === ref.toLowerCase() || String(s.index) === ref);
  const out: Stage[] = [];
  const visit = (s: Stage): void => {
    if (out.includes(s)) return;
    out.push(s);
    if (s.baseStage !== null) visit(doc.stages[s.baseStage] as Stage);
    for (const i of s.instructions) {
      for (const f of i.flags) {
        const ref = f.name === 'from' ? f.value : f.name === 'mount' && f.value !== null ? parseMount(f.value).options.find((o) => o.key === 'from')?.value : undefined;
        const dep = ref ? named(ref) : undefined;
        if (dep && dep.index < s.index) visit(dep);
      }
    }
  };
  visit(stage);
  return out;
}
