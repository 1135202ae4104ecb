import { addFlag, contextAt, expand, joinPath, parseMount, shellCommands, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import type { FixResult, FixSafety, Problem } from '../transforms/transform.js';
import { commandWords, goDriver, goInvocation, shellScript, withScripts, type GoInvocation } from './commands.js';
import { copyArgs } from './copies.js';
import { goEnvAt, isPathWithin, ownerOptions, samePath, type GoEnv, type ResolvedPath, type StageUser } from './go-env.js';
import { resolvedRootImage } from './root-image.js';
import { driverRuns, stageHasGo } from './stages.js';

/**
 * Shared by the rules that add BuildKit cache mounts (`go-mod-cache-mount`, `go-build-cache-mount`):
 * whether a RUN already caches a directory, and the flag that would.
 */


/** `path` is `dir` or lies below it; a cache on `/` is not a cache of everything, so nothing lies below `/` here. */
export function isWithin(path: string, dir: string): boolean {
  return samePath(dir, '/') ? samePath(path, '/') : isPathWithin(path, dir);
}

/**
 * Whether the RUN has a cache mount whose target is `path` or a directory above it (a cache on
 * `/root/.cache` already holds `/root/.cache/go-build`). Targets are expanded with the ENV/ARG
 * values in effect (`target=$GOMODCACHE`).
 */
export function hasCacheMount(run: Instruction, vars: ReadonlyMap<string, string | null>, path: string): boolean {
  return run.flags.some((f) => {
    if (f.name !== 'mount' || f.value === null) return false;
    const m = parseMount(f.value);
    return m.type === 'cache' && m.target !== null && isWithin(path, expand(m.target, vars));
  });
}

/** Whether the RUN has a cache mount whose (expanded) target `test` accepts. */
export function hasCacheMountWhere(run: Instruction, vars: ReadonlyMap<string, string | null>, test: (target: string) => boolean): boolean {
  return run.flags.some((f) => {
    if (f.name !== 'mount' || f.value === null) return false;
    const m = parseMount(f.value);
    return m.type === 'cache' && m.target !== null && test(expand(m.target, vars));
  });
}

/** Whether the RUN runs a build driver (see `goDriver`) anywhere in it. */
export function runsDriver(doc: DockerfileDocument, run: Instruction): boolean {
  return withScripts(shellCommands(doc, run, true)).some((c) => goDriver(c) !== null);
}

/**
 * Whether the RUN has a cache mount whose target we cannot read either (`target=$GOCACHE` with an
 * unreadable GOCACHE): it may be the right one, so a missing mount is not reported.
 */
export function hasUnreadableCacheMount(run: Instruction, vars: ReadonlyMap<string, string | null>): boolean {
  return run.flags.some((f) => {
    if (f.name !== 'mount' || f.value === null) return false;
    const m = parseMount(f.value);
    return m.type === 'cache' && m.target !== null && expand(m.target, vars).includes('$');
  });
}

/**
 * Whether the RUN already has the mount for `path`: one on the path (or above it), or, for a path
 * that is only go's default under an image we do not know, one whose target `kind.guessedTarget`
 * accepts (where the image may well put the cache). For an unreadable path, any unreadable target.
 */
export function hasMountFor(kind: CacheKind, run: Instruction, vars: ReadonlyMap<string, string | null>, path: ResolvedPath): boolean {
  if (!path.readable) return hasUnreadableCacheMount(run, vars);
  return hasCacheMount(run, vars, path.path) || (path.guessed === true && hasCacheMountWhere(run, vars, (t) => kind.guessedTarget.test(t)));
}

/** Adds a cache path one go command of a RUN uses; several commands on one path must all be certain. Unreadable paths share one entry. */
export function addPath(paths: Map<string, ResolvedPath>, path: ResolvedPath): void {
  const key = path.readable ? path.path : '';
  const seen = paths.get(key);
  paths.set(key, seen ? { path: path.path, certain: seen.certain && path.certain, readable: seen.readable && path.readable } : path);
}

/**
 * `--mount=type=cache,target=<path>[,uid=..,gid=..]`, and whether its owner is certain; `flag` is
 * null when the user's uid cannot be known (a cache owned by root would not be writable for them).
 */
export function cacheMountFlag(path: string, user: StageUser | null): { flag: string | null; certain: boolean } {
  const owner = ownerOptions(user);
  if (!owner.known) return { flag: null, certain: false };
  return { flag: `--mount=type=cache,target=${path}${owner.options}`, certain: owner.certain };
}

/**
 * Whether a stage can use `RUN --mount`: not on Windows base images (servercore, nanoserver), whose
 * builds do not support cache mounts and whose Go caches live under C:\ anyway.
 */
export function supportsCacheMounts(doc: DockerfileDocument, stage: Stage): boolean {
  return !/windowsservercore|nanoserver|(^|\/)windows\/|servercore/i.test(resolvedRootImage(doc, stage));
}

// ---------------------------------------------------------------------------------------------
// Collecting the RUNs that use one cache.

/** What sets one cache rule apart from the other: which cache, and how its readers are recognised. */
export interface CacheKind {
  /** The cache of a stage's go environment, or null when there is no directory to mount (`GOCACHE=off`). */
  pathOf: (env: GoEnv) => ResolvedPath | null;
  /** An existing cache mount target that may hold the cache when its path is only a guess. */
  guessedTarget: RegExp;
  /** Text that suggests a RUN may read the cache (checked before the slower `cacheReader`). */
  readerHint: RegExp;
  /** Words that name the cache without its path (see `cacheReader`). */
  readerAliases: RegExp;
}

/** Records a RUN's use of a cache: in `mounted` when it has the mount already (and its path is readable), else in `needs`. */
export function recordCacheUse(kind: CacheKind, needs: CacheNeed[], mounted: CacheUse[], vars: ReadonlyMap<string, string | null>, need: CacheNeed): void {
  if (hasMountFor(kind, need.run, vars, need.path)) {
    if (need.path.readable) mounted.push({ stage: need.stage, owner: need.owner, path: need.path.path });
    return;
  }
  needs.push(need);
}

/**
 * The RUNs that run a build driver (see `driverRuns`), recorded as uses of the cache unless they run
 * go themselves (`covered`), the stage cannot have cache mounts or has no go, or `applies` says the
 * cache is not in play there. Returns every driver RUN, recorded or not.
 */
export function addDriverUses(
  doc: DockerfileDocument,
  kind: CacheKind,
  needs: CacheNeed[],
  mounted: CacheUse[],
  covered: ReadonlySet<Instruction>,
  applies: (stage: Stage, owner: Instruction, env: GoEnv) => boolean,
): Set<Instruction> {
  const drivers = new Set<Instruction>();
  for (const { stage, run, owner, driver } of driverRuns(doc)) {
    drivers.add(run);
    if (covered.has(run) || !supportsCacheMounts(doc, stage) || !stageHasGo(doc, stage)) continue;
    const env = goEnvAt(doc, stage, owner);
    if (!applies(stage, owner, env)) continue;
    const path = kind.pathOf(env);
    if (path === null) continue;
    const vars = contextAt(doc, stage, owner).vars;
    recordCacheUse(kind, needs, mounted, vars, { stage, run, owner, path, user: env.user, driver, reader: null, fetchOnly: false });
  }
  return drivers;
}

/**
 * Adds to `needs` the RUNs outside `skip` that read the cache directory without go (`cp -r
 * /go/pkg/mod/... /protos`, `du -sh /root/.cache/go-build`) and have no mount on it; only when some
 * RUN uses the cache at all.
 */
export function addCacheReaders(doc: DockerfileDocument, kind: CacheKind, needs: CacheNeed[], mounted: CacheUse[], skip: ReadonlySet<Instruction>): void {
  const inPlay = [...needs.map((n) => n.path.path), ...mounted.map((m) => m.path)];
  if (inPlay.length === 0) return;
  for (const { stage, owner, run } of otherRuns(doc, skip)) {
    const text = doc.source.text.slice(run.range.start, run.range.end);
    if (!kind.readerHint.test(text) && !inPlay.some((p) => text.includes(p))) continue;
    const env = goEnvAt(doc, stage, owner);
    const path = kind.pathOf(env);
    if (path === null || !path.readable) continue;
    const vars = contextAt(doc, stage, owner).vars;
    if (hasCacheMount(run, vars, path.path)) continue;
    const reader = cacheReader(doc, run, vars, path.path, kind.readerAliases);
    if (reader !== null) needs.push({ stage, run, owner, path, user: env.user, driver: null, reader, fetchOnly: false });
  }
}

// ---------------------------------------------------------------------------------------------
// Planning the mounts of one cache across a file, consistently.

/** A RUN that uses a cache directory (or may: a build driver; or reads it: a reader) and has no cache mount on it. */
export interface CacheNeed {
  stage: Stage;
  /** The RUN (for `ONBUILD RUN`, the trigger): the flag goes here. */
  run: Instruction;
  /** The top-level instruction. */
  owner: Instruction;
  path: ResolvedPath;
  user: StageUser | null;
  /** The RUN runs go only through this build driver (`make`, `./build.sh`), as far as we can see. */
  driver: string | null;
  /** The RUN runs no go but reads the cache directory (`cp -r /go/pkg/mod/x /protos`): that command, shortened. */
  reader: string | null;
  /** Its go commands only fill the cache (`go mod download`): the cache is all they leave in the image. */
  fetchOnly: boolean;
}

/** A go RUN (or a build driver's) that already has a cache mount on `path`. */
export interface CacheUse {
  stage: Stage;
  owner: Instruction;
  path: string;
}

export interface CachePlan extends CacheNeed {
  /** The flag to add, or null when there is no fix. */
  flag: string | null;
  safety: FixSafety | null;
  /** Says why the fix is declined or not applied by default, when the message should; else null. */
  note: string | null;
}

export interface PlanOptions {
  /** Go RUNs that already mount the cache. */
  mounted?: CacheUse[];
  /** Whether a go command the image runs when it starts (CMD/ENTRYPOINT) reads the cache. */
  startsWith?: (go: GoInvocation) => boolean;
}

const RANK: Record<string, number> = { safe: 2, unsafe: 1, null: 0 };
const rank = (s: FixSafety | null): number => RANK[String(s)] ?? 0;
const sideUse = (n: CacheNeed): boolean => n.driver !== null || n.reader !== null;
const shares = (a: CacheNeed, b: CacheNeed): boolean => samePath(a.path.path, b.path.path) || !a.path.readable || !b.path.readable;

/**
 * The fix for each need, and its safety:
 * - a RUN whose cache directory an earlier COPY filled in its layer (`COPY --from=deps /go/pkg/mod
 *   /go/pkg/mod`) is left alone: it finds what it needs there, and a mount would hide it;
 * - no fix when the path cannot be read, or the USER's uid cannot be known (the note then gives the
 *   flag to write by hand);
 * - no fix when the directory is read out of the image: a COPY or bind mount `--from` the stage, the
 *   image itself (a build target whose last use of the cache is a `go mod download`: a deps image),
 *   or its CMD/ENTRYPOINT running go;
 * - unsafe for an ONBUILD trigger (it runs in another build, under that build's engine), for a
 *   build driver (we cannot see whether, or where, it runs go), for a RUN that reads the directory
 *   (`cp`), and when the path or the owner is a guess;
 * - drivers and readers are needs only after a go RUN on the same cache (in the stage or one it is
 *   built FROM) that is mounted or would be: otherwise no mount changes what they see;
 * - and never safer than any need on the same cache that runs after it (later in the stage, in a
 *   stage built FROM it, or in a stage that copies the cache directory out of it): once one RUN
 *   caches the directory on a mount instead of in its layer, a later RUN without the mount finds
 *   it empty and downloads or compiles everything again, every build. So `--write` alone never
 *   mounts part of a chain, and `--unsafe-fixes` mounts all of it.
 */
export function planCacheMounts(doc: DockerfileDocument, needs: CacheNeed[], options: PlanOptions = {}): CachePlan[] {
  const mounted = options.mounted ?? [];
  const live = needs.filter((n) => !filledByCopy(doc, n.stage, n.owner, n.path));
  const base = live.map((n) => basePlan(n));
  for (const p of base) {
    if (p.safety === null || sideUse(p) || p.owner.trigger !== null || !p.path.readable) continue;
    const why = imageReader(doc, p, live, mounted, options.startsWith ?? null);
    if (why !== null) Object.assign(p, { safety: null, note: `not fixed: ${why}` });
  }
  const kept = base.filter(
    (q) =>
      !sideUse(q) ||
      base.some((u) => !sideUse(u) && u.safety !== null && shares(u, q) && runsAfter(doc, u, q)) ||
      mounted.some((m) => (samePath(m.path, q.path.path) || !q.path.readable) && runsAfter(doc, { ...m, path: { path: m.path, certain: true, readable: true } }, q)),
  );
  return kept.map((p) => {
    if (p.safety === null) return p;
    let worst: CachePlan | null = null;
    for (const q of kept) {
      if (q === p || !(samePath(q.path.path, p.path.path) || !q.path.readable)) continue;
      if (rank(q.safety) >= rank(worst ? worst.safety : p.safety) || !runsAfter(doc, p, q)) continue;
      worst = q;
    }
    if (!worst) return p;
    const what =
      worst.driver !== null
        ? `a later RUN runs \`${worst.driver}\`, which may use the same cache`
        : worst.reader !== null
          ? `a later RUN reads the cache directory (\`${worst.reader}\`)`
          : 'a later RUN uses the same cache';
    const note =
      worst.safety === null
        ? `not fixed: ${what} and cannot get the mount, so it would find the cache empty`
        : `not fixed by default: ${what} and would find it empty unless it gets the mount too`;
    return { ...p, safety: worst.safety, note };
  });
}

/** A RUN without the cache mount it needs: where the flag goes, and the flag (null: no fix). */
export interface MissingCacheMount extends Problem {
  run: Instruction;
  flag: string | null;
}

/** The finding for a plan, with `message` (and the plan's note after it). */
export function cacheMountProblem(plan: CachePlan, message: string): MissingCacheMount {
  return {
    range: plan.run.keywordRange,
    message: plan.note ? `${message}; ${plan.note}` : message,
    fixSafety: plan.safety,
    run: plan.run,
    flag: plan.flag,
  };
}

/** The fix for a finding: its flag on the RUN. */
export function cacheMountFix(doc: DockerfileDocument, problem: MissingCacheMount): FixResult | null {
  // No flag: the owner or the path cannot be known, so any mount we wrote could break the build.
  if (problem.flag === null) return null;
  return { edits: [addFlag(doc, problem.run, problem.flag)] };
}

/** A path that can stand unquoted in a `--mount` option (no blanks, quotes, commas or expansions). */
const PLAIN_PATH = /^\/[A-Za-z0-9_.\/@+~:-]*$/;

function basePlan(n: CacheNeed): CachePlan {
  if (!n.path.readable) return planOf(n, null, null, null);
  // Written unquoted, such a path would split the flag (and the next run would add another).
  if (!PLAIN_PATH.test(n.path.path)) return planOf(n, null, null, `${JSON.stringify(n.path.path)} is not a plain path, so no mount is written`);
  const { flag, certain } = cacheMountFlag(n.path.path, n.user);
  if (flag === null) {
    const suggestion = `--mount=type=cache,target=${n.path.path},uid=<your uid>,gid=<your gid>`;
    return planOf(n, null, null, `the uid of USER ${n.user?.name ?? '?'} is not known here, so no mount is written: add \`${suggestion}\``);
  }
  const safe = !sideUse(n) && n.owner.trigger === null && n.path.certain && certain;
  const note = n.path.guessed === true && certain ? `not fixed by default: the base image is neither the official golang image nor a distro image and may set its own Go paths, so ${n.path.path} is only go's default` : null;
  return planOf(n, flag, safe ? 'safe' : 'unsafe', note);
}

/**
 * `{ ...n, flag, safety, note }` written out: needs are built with exactly these fields (see
 * recordCacheUse, addCacheReaders and the cache rules), and a spread of them was the slowest step
 * of planning.
 */
function planOf(n: CacheNeed, flag: string | null, safety: FixSafety | null, note: string | null): CachePlan {
  return { stage: n.stage, run: n.run, owner: n.owner, path: n.path, user: n.user, driver: n.driver, reader: n.reader, fetchOnly: n.fetchOnly, flag, safety, note };
}

type At = Pick<CacheNeed, 'stage' | 'owner' | 'path'>;

/**
 * Whether `q` runs after `p` in a build of this file and sees what `p` leaves in its layer: later in
 * the same stage, or in a stage that depends on `p`'s. An ONBUILD trigger runs when an image is
 * built FROM this stage, so after it come only later triggers and the stages built FROM it.
 */
function runsAfter(doc: DockerfileDocument, p: At, q: At): boolean {
  const onbuild = p.owner.trigger !== null;
  if (q.stage === p.stage) return q.owner.index > p.owner.index && (!onbuild || q.owner.trigger !== null);
  return dependsOn(doc, q.stage, p.stage, p.path.path, q.owner.index, onbuild, new Set());
}

/** `stage` and the stages it is built FROM, nearest first. */
function chainOf(doc: DockerfileDocument, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.baseStage === null ? undefined : doc.stages[s.baseStage]) chain.push(s);
  return chain;
}

/** Whether a COPY/bind-mount source (as written in a stage, expanded with `vars`) takes part of `path`, or all of it. */
function sourceTakes(src: string, vars: ReadonlyMap<string, string | null>, path: string): boolean {
  // What comes before a variable we cannot read or a glob is certain (`/go/bin/${APP}` is under /go/bin).
  const expanded = expand(src, vars).replace(/\/?[^/]*[$*?[].*$/, '');
  const dir = joinPath('/', expanded || '/');
  return isWithin(dir, path) || isWithin(path, dir) || dir === '/';
}

/**
 * Whether stage `t` (at instruction index `before`) sees files of stage `s` under `path`: it is built
 * FROM `s` (at any depth), or it (or a stage it is built FROM) copies part of `path` out of `s` or
 * out of a stage that does (`COPY --from=modules /go/pkg /go/pkg`).
 */
function dependsOn(doc: DockerfileDocument, t: Stage, s: Stage, path: string, before: number, onlyFrom: boolean, seen: Set<number>): boolean {
  if (seen.has(t.index)) return false;
  seen.add(t.index);
  const chain = chainOf(doc, t);
  if (chain.includes(s)) return true;
  if (onlyFrom) return false;
  for (const a of chain) {
    for (const copy of a.instructions) {
      if (a === t && copy.index >= before) break;
      if (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') continue;
      const from = copy.flags.find((f) => f.name === 'from')?.value;
      if (!from) continue;
      const source = stageNamed(doc, from, copy.index);
      if (!source || source === t) continue;
      const args = copyArgs(doc, copy);
      if (!args) continue;
      const vars = contextAt(doc, a, copy).vars;
      const overlaps = args.sources.some((src) => sourceTakes(src, vars, path));
      if (overlaps && (source === s || dependsOn(doc, source, s, path, Infinity, false, seen))) return true;
    }
  }
  return false;
}

/** The stage a `--from=` names (by name or index), if it is an earlier stage. */
function stageNamed(doc: DockerfileDocument, ref: string, before: number): Stage | null {
  const name = ref.toLowerCase();
  const stage = /^\d+$/.test(name) ? doc.stages[Number(name)] : [...doc.stages].reverse().find((s) => s.name === name && s.from.index < before);
  return stage && stage.from.index < before ? stage : null;
}

/**
 * Whether an earlier COPY/ADD (in the stage before `at`, or in a stage it is built FROM) put files
 * into the cache directory: into it (`COPY --from=deps /go/pkg/mod /go/pkg/mod`), or over a
 * directory above it from another stage (`COPY --from=deps /go /go`).
 */
function filledByCopy(doc: DockerfileDocument, stage: Stage, at: Instruction, path: ResolvedPath): boolean {
  if (!path.readable) return false;
  for (const a of chainOf(doc, stage)) {
    for (const copy of a.instructions) {
      if (a === stage && copy.index >= at.index) break;
      const args = copyArgs(doc, copy);
      if (!args) continue;
      const ctx = contextAt(doc, a, copy);
      const dest = expand(args.dest, ctx.vars);
      if (dest.includes('$')) continue;
      const target = joinPath(ctx.workdir, dest);
      if (isWithin(target, path.path)) return true;
      if (!args.fromContext && copy.flags.some((f) => f.name === 'from') && isWithin(path.path, target)) {
        if (args.sources.some((src) => isWithin(path.path, joinPath('/', expand(src, ctx.vars))))) return true;
      }
    }
  }
  return false;
}

/** The text of an instruction for a message, shortened. */
function quote(doc: DockerfileDocument, instruction: Instruction): string {
  return shorten(doc.source.text.slice(instruction.range.start, instruction.range.end).replace(/\s*\\\r?\n\s*/g, ' ').replace(/\s+/g, ' ').trim());
}

export function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Stages no other stage builds on or copies from, and the last stage: what `docker build` (or `--target`) ships. */
function targets(doc: DockerfileDocument): Stage[] {
  const used = new Set<number>();
  for (const t of doc.stages) {
    if (t.baseStage !== null) used.add(t.baseStage);
    for (const i of t.instructions) {
      for (const from of fromRefs(i)) {
        const source = stageNamed(doc, from, i.index);
        if (source) used.add(source.index);
      }
    }
  }
  return doc.stages.filter((s) => !used.has(s.index) || s.index === doc.stages.length - 1);
}

/** The `--from=` stages an instruction reads: COPY/ADD `--from`, RUN `--mount=...,from=`. */
function fromRefs(i: Instruction): string[] {
  const refs: string[] = [];
  for (const f of i.flags) {
    if (f.value === null) continue;
    if (f.name === 'from') refs.push(f.value);
    if (f.name === 'mount') {
      const from = parseMount(f.value).options.find((o) => o.key === 'from')?.value;
      if (from) refs.push(from);
    }
  }
  return refs;
}

/**
 * Why `p`'s cache directory is read out of the image, so a mount would leave the reader without
 * it; null when nothing does. Readers: a COPY/ADD `--from` (or a RUN bind mount `from=`) of the stage,
 * or of a stage built FROM it, that takes part of the directory; a build target that ships it with
 * nothing after `p` using it when `p` only fills it (a deps image); a CMD/ENTRYPOINT of such a
 * target that runs go (see `startsWith`).
 */
function imageReader(doc: DockerfileDocument, p: CachePlan, needs: CacheNeed[], mounted: CacheUse[], startsWith: ((go: GoInvocation) => boolean) | null): string | null {
  const path = p.path.path;
  for (const t of doc.stages) {
    for (const i of t.instructions) {
      const run = i.keyword === 'RUN' ? i : i.trigger?.keyword === 'RUN' ? i.trigger : null;
      const reads = (ref: string, sources: string[]): boolean => {
        const source = stageNamed(doc, ref, i.index);
        if (!source || !chainOf(doc, source).includes(p.stage)) return false;
        const vars = contextAt(doc, t, i).vars;
        return sources.some((src) => sourceTakes(src, vars, path));
      };
      if ((i.keyword === 'COPY' || i.keyword === 'ADD') && i.trigger === null) {
        const from = i.flags.find((f) => f.name === 'from')?.value;
        const args = from ? copyArgs(doc, i) : null;
        if (from && args && reads(from, args.sources)) return `\`${quote(doc, i)}\` copies the cache directory out of the image, and would find it empty`;
      } else if (run) {
        for (const f of run.flags) {
          if (f.name !== 'mount' || f.value === null) continue;
          const m = parseMount(f.value);
          const from = m.options.find((o) => o.key === 'from')?.value;
          const source = m.options.find((o) => o.key === 'source' || o.key === 'src')?.value ?? '/';
          if (m.type === 'bind' && from && reads(from, [source])) return `a later RUN bind-mounts the cache directory out of the image (\`${shorten(f.value)}\`), and would find it empty`;
        }
      }
    }
  }
  for (const target of targets(doc)) {
    const chain = chainOf(doc, target);
    if (!chain.includes(p.stage)) continue;
    const at = (s: Stage, owner: Instruction): At => ({ stage: s, owner, path: p.path });
    if (startsWith !== null) {
      const start = startCommand(doc, chain, startsWith);
      if (start !== null) return `the image runs \`${start}\` when it starts, which needs the cache directory in the image`;
    }
    if (!p.fetchOnly) continue;
    const later =
      needs.some((q) => q !== p && shares(p, q) && chain.includes(q.stage) && runsAfter(doc, p, q)) ||
      mounted.some((m) => samePath(m.path, path) && chain.includes(m.stage) && runsAfter(doc, p, at(m.stage, m.owner)));
    if (!later) {
      const name = target.name !== null ? `stage \`${target.name}\`` : target.index === doc.stages.length - 1 ? 'the final stage' : `stage ${target.index}`;
      return `nothing after it uses the modules it downloads, so they are what the image (${name}) is for: a cache mount would leave them out`;
    }
  }
  return null;
}

/** The go command a target's CMD or ENTRYPOINT (the last in effect) runs that `uses` says reads the cache, as written; else null. */
function startCommand(doc: DockerfileDocument, chain: Stage[], uses: (go: GoInvocation) => boolean): string | null {
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    let last: Instruction | null = null;
    for (const s of chain) {
      const found = s.instructions.filter((i) => i.keyword === keyword);
      if (found.length > 0) {
        last = found[found.length - 1] as Instruction;
        break;
      }
    }
    if (!last) continue;
    for (const command of withScripts(shellCommands(doc, last, false))) {
      const go = goInvocation(command);
      if (go && uses(go)) return shorten(command.argv.map((w) => w.value).join(' '));
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// RUNs that read a cache directory without running go.

/**
 * The command of a RUN that reads `path` (or below it) without running go, shortened; null when none
 * does. A word naming the path (`/go/pkg/mod/github.com/x@v1`, `-I/go/pkg/mod/...`,
 * `--proto_path=/go/pkg/mod`) or matching `aliases` (`$GOMODCACHE`, `$(go env GOMODCACHE)`) counts;
 * `rm` does not (what it deletes is gone either way), nor go itself (go commands are needs of their own).
 */
export function cacheReader(doc: DockerfileDocument, run: Instruction, vars: ReadonlyMap<string, string | null>, path: string, aliases: RegExp): string | null {
  const literal = new RegExp(`(^|[^A-Za-z0-9_./-]|(^|[^A-Za-z0-9_./-])-[A-Za-z])${path.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[^A-Za-z0-9_.-])`);
  for (const command of withScripts(shellCommands(doc, run, true))) {
    const words = commandWords(command);
    const first = words[0];
    if (!first || goInvocation(command) || /(^|\/)rm$/.test(first.value) || shellScript(command)) continue;
    const values = [...command.assignments, ...words].map((w) => w.value);
    if (values.some((v) => aliases.test(v) || literal.test(expand(v, vars)))) return shorten(words.map((w) => w.value).join(' '));
  }
  return null;
}

/** Every RUN (and ONBUILD RUN) of the stages that can have cache mounts, but the ones in `skip`. */
export function otherRuns(doc: DockerfileDocument, skip: ReadonlySet<Instruction>): Array<{ stage: Stage; owner: Instruction; run: Instruction }> {
  const out: Array<{ stage: Stage; owner: Instruction; run: Instruction }> = [];
  for (const stage of doc.stages) {
    if (!supportsCacheMounts(doc, stage)) continue;
    for (const owner of stage.instructions) {
      const run = owner.keyword === 'RUN' ? owner : owner.trigger?.keyword === 'RUN' ? owner.trigger : null;
      if (run && !skip.has(run)) out.push({ stage, owner, run });
    }
  }
  return out;
}
