import { expand, parseMount, rootImage, type DockerfileDocument, type Instruction, type Stage } from '../dockerfile/index.js';
import { ownerOptions, samePath, type StageUser } from './go-env.js';

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

/** `--mount=type=cache,target=<path>[,uid=..,gid=..]`, and whether its owner could be known. */
export function cacheMountFlag(path: string, user: StageUser | null): { flag: string; certain: boolean } {
  const owner = ownerOptions(user);
  return { flag: `--mount=type=cache,target=${path}${owner.options}`, certain: owner.certain };
}

/**
 * Whether a stage can use `RUN --mount`: not on Windows base images (servercore, nanoserver), whose
 * builds do not support cache mounts and whose Go caches live under C:\ anyway.
 */
export function supportsCacheMounts(doc: DockerfileDocument, stage: Stage): boolean {
  return !/windowsservercore|nanoserver|(^|\/)windows\/|servercore/i.test(rootImage(doc, stage));
}
