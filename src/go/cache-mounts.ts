import { contextAt, expand, joinPath, parseMount, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import type { FixSafety } from '../transforms/transform.js';
import { copyArgs } from './copies.js';
import { ownerOptions, samePath, type ResolvedPath, type StageUser } from './go-env.js';
import { resolvedRootImage } from './root-image.js';

/**
 * Shared by the rules that add BuildKit cache mounts (`go-mod-cache-mount`, `go-build-cache-mount`):
 * whether a RUN already caches a directory, and the flag that would.
 */

/** True when `path` is `dir` or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  const norm = (p: string): string => p.replace(/\/+$/, '') || '/';
  const p = norm(path);
  const d = norm(dir);
  return samePath(p, d) || (d !== '/' && p.startsWith(d + '/'));
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
// Planning the mounts of one cache across a file, consistently.

/** A RUN that uses a cache directory (or may: a build driver) and has no cache mount on it. */
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
}

export interface CachePlan extends CacheNeed {
  /** The flag to add, or null when there is no fix. */
  flag: string | null;
  safety: FixSafety | null;
  /** Says why the fix is declined or not applied by default, when the message should; else null. */
  note: string | null;
}

const RANK: Record<string, number> = { safe: 2, unsafe: 1, null: 0 };
const rank = (s: FixSafety | null): number => RANK[String(s)] ?? 0;

/**
 * The fix for each need, and its safety:
 * - no fix when the path cannot be read, or the USER's uid cannot be known (the note then gives the
 *   flag to write by hand);
 * - unsafe for an ONBUILD trigger (it runs in another build, under that build's engine), for a
 *   build driver (we cannot see whether, or where, it runs go), and when the path or the owner is a
 *   guess;
 * - and never safer than any need on the same cache that runs after it (later in the stage, in a
 *   stage built FROM it, or in a stage that copies the cache directory out of it): once one RUN
 *   caches the directory on a mount instead of in its layer, a later RUN without the mount finds
 *   it empty and downloads or compiles everything again, every build. So `--write` alone never
 *   mounts part of a chain, and `--unsafe-fixes` mounts all of it.
 */
export function planCacheMounts(doc: DockerfileDocument, needs: CacheNeed[]): CachePlan[] {
  const base = needs.map((n) => basePlan(n));
  return base.map((p) => {
    if (p.safety === null) return p;
    let worst: CachePlan | null = null;
    for (const q of base) {
      if (q === p || !(samePath(q.path.path, p.path.path) || !q.path.readable)) continue;
      if (rank(q.safety) >= rank(worst ? worst.safety : p.safety) || !runsAfter(doc, p, q)) continue;
      worst = q;
    }
    if (!worst) return p;
    const what = worst.driver !== null ? `a later RUN runs \`${worst.driver}\`, which may use the same cache` : 'a later RUN uses the same cache';
    const note =
      worst.safety === null
        ? `not fixed: ${what} and cannot get the mount, so it would find the cache empty`
        : `not fixed by default: ${what} and would find it empty unless it gets the mount too`;
    return { ...p, safety: worst.safety, note };
  });
}

function basePlan(n: CacheNeed): CachePlan {
  if (!n.path.readable) return { ...n, flag: null, safety: null, note: null };
  const { flag, certain } = cacheMountFlag(n.path.path, n.user);
  if (flag === null) {
    const suggestion = `--mount=type=cache,target=${n.path.path},uid=<your uid>,gid=<your gid>`;
    return { ...n, flag: null, safety: null, note: `the uid of USER ${n.user?.name ?? '?'} is not known here, so no mount is written: add \`${suggestion}\`` };
  }
  const safe = n.driver === null && n.owner.trigger === null && n.path.certain && certain;
  return { ...n, flag, safety: safe ? 'safe' : 'unsafe', note: null };
}

/**
 * Whether `q` runs after `p` in a build of this file and sees what `p` leaves in its layer: later in
 * the same stage, or in a stage that depends on `p`'s. An ONBUILD trigger runs when an image is
 * built FROM this stage, so after it come only later triggers and the stages built FROM it.
 */
function runsAfter(doc: DockerfileDocument, p: CachePlan, q: CachePlan): boolean {
  const onbuild = p.owner.trigger !== null;
  if (q.stage === p.stage) return q.owner.index > p.owner.index && (!onbuild || q.owner.trigger !== null);
  return dependsOn(doc, q.stage, p.stage, p.path.path, q.owner.index, onbuild, new Set());
}

/**
 * Whether stage `t` (at instruction index `before`) sees files of stage `s` under `path`: it is built
 * FROM `s` (at any depth), or it (or a stage it is built FROM) copies part of `path` out of `s` or
 * out of a stage that does (`COPY --from=modules /go/pkg /go/pkg`).
 */
function dependsOn(doc: DockerfileDocument, t: Stage, s: Stage, path: string, before: number, onlyFrom: boolean, seen: Set<number>): boolean {
  if (seen.has(t.index)) return false;
  seen.add(t.index);
  for (let a: Stage | undefined = t; a; a = a.baseStage === null ? undefined : doc.stages[a.baseStage]) if (a === s) return true;
  if (onlyFrom) return false;
  for (let a: Stage | undefined = t; a; a = a.baseStage === null ? undefined : doc.stages[a.baseStage]) {
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
      const overlaps = args.sources.some((src) => {
        const expanded = expand(src, vars);
        if (expanded.includes('$')) return true; // cannot tell: assume it does
        const dir = joinPath('/', expanded.replace(/\/?[^/]*[*?[].*$/, '') || '/');
        return isWithin(dir, path) || isWithin(path, dir) || dir === '/';
      });
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
